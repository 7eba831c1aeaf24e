"""Background work, recorded first and enqueued on commit: the one job mechanism.

    from alliance.jobs import enqueue
    enqueue("circles.polls.send_poll_opened", poll_id=poll.pk)

`enqueue` writes a Job row in the current transaction and, once it commits, sends
`run_job(job_id)` to Celery. If the broker is down the request still succeeds: the row
stays pending and the `sweep_jobs` beat task sends it again later.

One claim: `run` moves the row from pending to running with one conditional UPDATE, so a
job delivered twice runs once; each claim is a numbered attempt. One heartbeat: while the
function runs, a watchdog thread stamps `heartbeat_at`. One "stuck" rule: a running job
whose heartbeat is older than JOB_STUCK_AFTER lost its worker (killed, out of memory, past
its hard time limit); the sweep runs it again from the start, or gives up after
`max_attempts`. One retry: a failing function is retried with backoff; a person can retry
only a failed or stuck job (`retry`), never a finished one.

A job that writes many rows does so in one transaction and calls `complete()` inside it:
the job becomes done in the same commit as its writes, and only if its attempt still owns
the row, so a run the sweep gave up on can never commit a duplicate.

Limits: each job kind has a soft and a hard time limit and every job a memory ceiling
(`kind_limits`, settings JOB_*). Celery's prefork pool enforces the time limits; the watchdog
enforces the soft limit and the memory ceiling in every pool (see README, "Limits").
"""

import ctypes
import logging
import os
import threading
import time
from datetime import timedelta

from billiard.process import current_process
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import DatabaseError, connection, connections, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from alliance.models import Job

log = logging.getLogger(__name__)

RETRY_ATTEMPTS = 3


class Failed(Exception):
    """Raised by a job function: the job ends failed at once, with this (French) reason."""


class Superseded(Exception):
    """This run no longer owns its job (the sweep gave it up and another run took it)."""


class MemoryLimitExceeded(MemoryError):
    """Raised in a job whose process went past JOB_MEMORY_LIMIT_MB."""


def kind_limits(name: str) -> tuple[int, int]:
    """(soft, hard) time limits in seconds for a job kind."""
    soft, hard = settings.JOB_TIME_LIMITS.get(
        name, (settings.JOB_SOFT_TIME_LIMIT, settings.JOB_TIME_LIMIT)
    )
    return soft, max(hard, soft + 1)


def enqueue(name: str, *, run_after=None, max_attempts: int = 3, **kwargs) -> Job:
    import_string(name)  # fail now, in the request, on a typo rather than in the worker
    job = Job.objects.create(
        name=name,
        kwargs=kwargs,
        run_after=run_after or timezone.now(),
        max_attempts=max_attempts,
    )
    if job.run_after <= timezone.now():
        transaction.on_commit(lambda: dispatch(job.pk))
    return job


class AfterCommit:
    """Job `name` (without arguments), recorded once the current transaction commits, after
    `first()` if given; not recorded if one of that name is still waiting to start: it will
    read what this transaction wrote."""

    def __init__(self, name: str, first=None):
        self.name, self.first, self.done = name, first, False

    def __call__(self) -> None:
        self.done = True
        if self.first is not None:
            self.first()
        if not Job.objects.filter(name=self.name, state=Job.State.PENDING).exists():
            enqueue(self.name)


def enqueue_once_after_commit(name: str, first=None) -> None:
    """A job that recomputes stored data (`AfterCommit`), asked for by every signal of a
    change: once per transaction, however many rows it writes."""
    waiting = (
        func
        for _, func, _ in connection.run_on_commit
        if isinstance(func, AfterCommit) and func.name == name
    )
    if not any(not func.done for func in waiting):
        transaction.on_commit(AfterCommit(name, first), robust=True)


def enqueue_unless_waiting(name: str) -> bool:
    """Job `name` recorded now unless one of that name still waits to start (beat's
    refreshes of stored figures: alliance/stored.py); whether it was."""
    if Job.objects.filter(name=name, state=Job.State.PENDING).exists():
        return False
    enqueue(name)
    return True


def dispatch(job_id: int) -> bool:
    """Hands a recorded job to the broker; False (and the job stays pending) if it is down."""
    from alliance.tasks import run_job  # deferred: alliance.tasks imports this module

    name = Job.objects.filter(pk=job_id).values_list("name", flat=True).first() or ""
    soft, hard = kind_limits(name)
    try:
        run_job.apply_async((job_id,), retry=False, soft_time_limit=soft, time_limit=hard)
    except Exception as exc:  # any broker failure: connection refused, timeout, auth...
        log.warning("Broker unavailable, job %s stays pending: %s", job_id, exc)
        return False
    Job.objects.filter(pk=job_id, state=Job.State.PENDING).update(enqueued_at=timezone.now())
    return True


# --- Running ----------------------------------------------------------------

_local = threading.local()


def time_limit_reason(seconds: int) -> str:
    return _("Le traitement a dépassé sa limite de temps (%(seconds)d s) et a été arrêté.") % {
        "seconds": seconds
    }


def memory_limit_reason() -> str:
    return _("Le traitement a dépassé sa limite de mémoire (%(mb)d Mo) et a été arrêté.") % {
        "mb": settings.JOB_MEMORY_LIMIT_MB
    }


def interrupted_reason(attempts: int) -> str:
    return _(
        "Le traitement a été interrompu %(n)d fois (processus arrêté, ou limite de temps ou "
        "de mémoire dépassée) ; il est abandonné."
    ) % {"n": attempts}


def run(job_id: int, *, limits: tuple[int, int] | None = None) -> str:
    """Runs a job once. Returns the state it ended in ('skipped' if not pending,
    'superseded' if another run took it over meanwhile). `limits` are the (soft, hard)
    time limits the message came with, else those of the job's kind."""
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, state=Job.State.PENDING).update(
        state=Job.State.RUNNING,
        started_at=now,
        heartbeat_at=now,
        finished_at=None,
        attempts=F("attempts") + 1,
    )
    if not claimed:
        return "skipped"
    job = Job.objects.get(pk=job_id)
    job.completed = False
    job.limits = limits or kind_limits(job.name)
    soft = job.limits[0]
    job.began = time.monotonic()
    watchdog = Watchdog(job)
    _local.job = job
    watchdog.start()
    try:
        import_string(job.name)(**job.kwargs)
        watchdog.stop()
    except Superseded:
        watchdog.stop()
        return "superseded"
    except BaseException as exc:
        watchdog.stop()
        if isinstance(exc, SoftTimeLimitExceeded):
            return _fail(job, time_limit_reason(soft), final=True)
        if isinstance(exc, MemoryError):
            return _fail(job, memory_limit_reason(), final=True)
        if isinstance(exc, Failed):
            return _fail(job, str(exc), final=True)
        if not isinstance(exc, Exception):
            raise  # SystemExit, KeyboardInterrupt: the worker stops, the sweep resumes
        log.exception("Job %s failed", job)
        reason = _("Erreur inattendue : %(error)s") % {"error": f"{type(exc).__name__}: {exc}"}
        return _fail(job, reason, final=job.attempts >= job.max_attempts)
    finally:
        _local.job = None
    if not job.completed and not _owned(job).update(
        state=Job.State.DONE, finished_at=timezone.now()
    ):
        return "superseded"
    return Job.State.DONE


def _owned(job: Job):
    """The job's row, if this run still holds it."""
    return Job.objects.filter(pk=job.pk, state=Job.State.RUNNING, attempts=job.attempts)


def complete() -> None:
    """Called by a job inside its transaction: marks the running job done in the same
    commit as its writes. Raises Superseded (and so rolls back) if this run lost it."""
    job = getattr(_local, "job", None)
    if job is None:
        return  # called outside a job (the shell, a test): nothing to mark
    if time.monotonic() - job.began >= job.limits[0]:
        # Past its soft limit, whatever raised it or not yet: the limit's exception may
        # otherwise arrive during the commit, after the writes it should have stopped.
        raise SoftTimeLimitExceeded()
    if not _owned(job).update(state=Job.State.DONE, finished_at=timezone.now()):
        raise Superseded(f"job {job.pk} attempt {job.attempts}")
    job.completed = True


def _fail(job: Job, reason: str, *, final: bool) -> str:
    if final:
        changes = {"state": Job.State.FAILED, "finished_at": timezone.now()}
    else:
        delay = timedelta(minutes=2**job.attempts)
        changes = {
            "state": Job.State.PENDING,
            "enqueued_at": None,
            "run_after": timezone.now() + delay,
        }
    if not _owned(job).update(last_error=reason[:4000], **changes):
        return "superseded"
    return changes["state"]


def fail_running(job_id: int, reason: str) -> bool:
    """Marks a job failed from outside its run (Celery's parent process after a hard time
    limit killed the child)."""
    return bool(
        Job.objects.filter(pk=job_id, state=Job.State.RUNNING).update(
            state=Job.State.FAILED, finished_at=timezone.now(), last_error=reason
        )
    )


def pool_enforces_time_limits() -> bool:
    """True in a prefork pool's child, where Celery itself enforces the time limits; false
    in the main process (solo and threads pools, the shell, tests), where the watchdog must.
    Asked of the running process each time, never remembered: a flag set once by a worker's
    start-up would hold for every other pool later run in the same process."""
    return current_process().name != "MainProcess"


def _rss_mb() -> float:
    """Resident memory of this process, from /proc (Linux); 0 where unavailable."""
    try:
        with open("/proc/self/statm") as handle:
            pages = int(handle.read().split()[1])
    except (OSError, ValueError, IndexError):
        return 0.0
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


class Watchdog(threading.Thread):
    """Beats the job's heartbeat and, where the pool cannot, stops a job past its soft time
    limit or memory ceiling by raising in its thread (at its next Python instruction)."""

    TICK = 0.5

    def __init__(self, job: Job):
        super().__init__(name=f"job-{job.pk}-watchdog", daemon=True)
        self.job = job
        self.target = threading.get_ident()
        self.soft, self.hard = job.limits
        self.enforce_soft = not pool_enforces_time_limits()
        self.stopping = threading.Event()
        self.lock = threading.Lock()
        self.raised = False

    def run(self) -> None:
        started = getattr(self.job, "began", None) or time.monotonic()
        last_beat = time.monotonic()
        try:
            while not self.stopping.wait(self._next_tick(started)):
                now = time.monotonic()
                if now - started > self.hard:
                    return  # the heartbeat stops: the sweep treats the job as stuck
                if now - started >= self.soft and self.enforce_soft:
                    self._raise(SoftTimeLimitExceeded)
                if _rss_mb() > settings.JOB_MEMORY_LIMIT_MB:
                    self._raise(MemoryLimitExceeded)
                if now - last_beat >= settings.JOB_HEARTBEAT_INTERVAL:
                    last_beat = now
                    self._beat()
        finally:
            connections.close_all()  # this thread's own connections

    def _next_tick(self, started: float) -> float:
        """Wakes at the soft limit itself rather than up to a tick after it."""
        if not self.enforce_soft or self.raised:
            return self.TICK
        return max(0.01, min(self.TICK, started + self.soft - time.monotonic()))

    def _beat(self) -> None:
        try:
            if connection.vendor == "sqlite":
                # The job's own write transaction holds SQLite's lock: do not wait for it
                # (the memory and time checks of this loop would wait too), beat later.
                with connection.cursor() as cursor:
                    cursor.execute("PRAGMA busy_timeout = 200")
            _owned(self.job).update(heartbeat_at=timezone.now())
        except DatabaseError as exc:  # SQLite busy past its timeout: beat again next time
            log.info("Heartbeat of job %s skipped: %s", self.job.pk, exc)

    def _raise(self, exc_type: type[BaseException]) -> None:
        with self.lock:
            if self.raised or self.stopping.is_set():
                return
            self.raised = True
            ctypes.pythonapi.PyThreadState_SetAsyncExc(
                ctypes.c_ulong(self.target), ctypes.py_object(exc_type)
            )

    def stop(self) -> None:
        with self.lock:
            self.stopping.set()
            if self.raised:  # not delivered yet (the job ended meanwhile): withdraw it
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(self.target), None)
        self.join(timeout=5)


# --- Sweep and retry --------------------------------------------------------


def sweep() -> int:
    """Gives up stuck jobs out of attempts, runs the others again from the start, and
    re-sends recorded work that never started; returns how many jobs were sent."""
    for job in Job.objects.stuck().filter(attempts__gte=F("max_attempts")).only("attempts"):
        Job.objects.stuck().filter(pk=job.pk).update(
            state=Job.State.FAILED,
            finished_at=timezone.now(),
            last_error=interrupted_reason(job.attempts),
        )
    Job.objects.stuck().update(state=Job.State.PENDING, enqueued_at=None)
    sent = 0
    for job_id in Job.objects.stale().values_list("pk", flat=True)[:1000]:
        sent += dispatch(job_id)
    return sent


def retry(job_ids) -> list[int]:
    """Puts failed or stuck jobs back to pending with fresh attempts and sends them; a
    finished, pending or live running job is left alone. Returns the ids retried."""
    retryable = Job.objects.filter(pk__in=job_ids).filter(
        Q(state=Job.State.FAILED) | Q(pk__in=Job.objects.stuck().values("pk"))
    )
    ids = list(retryable.values_list("pk", flat=True))
    # Attempts keep counting up (they fence each run's writes); the allowance grows.
    Job.objects.filter(pk__in=ids).update(
        state=Job.State.PENDING,
        max_attempts=F("attempts") + RETRY_ATTEMPTS,
        enqueued_at=None,
        run_after=timezone.now(),
        last_error="",
    )
    for pk in ids:
        dispatch(pk)
    return ids
