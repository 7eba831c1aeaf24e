"""Background work, recorded first and enqueued on commit.

    from alliance.jobs import enqueue
    enqueue("circles.polls.send_poll_opened", poll_id=poll.pk)

`enqueue` writes a Job row in the current transaction and, once it commits, sends
`run_job(job_id)` to Celery. If the broker is down the request still succeeds: the row
stays pending and the `sweep_jobs` beat task sends it again later. `run_job` claims the
row atomically, so a job delivered twice runs once. The called function takes keyword
arguments (ids, not objects) and must itself be safe to run again after a failure.
"""

import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from alliance.models import Job

log = logging.getLogger(__name__)


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


def dispatch(job_id: int) -> bool:
    """Hands a recorded job to the broker; False (and the job stays pending) if it is down."""
    from alliance.tasks import run_job

    try:
        run_job.apply_async((job_id,), retry=False)
    except Exception as exc:  # any broker failure: connection refused, timeout, auth...
        log.warning("Broker unavailable, job %s stays pending: %s", job_id, exc)
        return False
    Job.objects.filter(pk=job_id, state=Job.State.PENDING).update(enqueued_at=timezone.now())
    return True


def run(job_id: int) -> str:
    """Runs a job once. Returns the state it ended in (or 'skipped')."""
    claimed = Job.objects.filter(pk=job_id, state=Job.State.PENDING).update(
        state=Job.State.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return "skipped"
    job = Job.objects.get(pk=job_id)
    job.attempts += 1
    try:
        import_string(job.name)(**job.kwargs)
    except Exception as exc:
        log.exception("Job %s failed", job)
        job.last_error = f"{type(exc).__name__}: {exc}"
        if job.attempts < job.max_attempts:
            job.state = Job.State.PENDING
            job.enqueued_at = None
            job.run_after = timezone.now() + timedelta(minutes=2**job.attempts)
        else:
            job.state = Job.State.FAILED
            job.finished_at = timezone.now()
        job.save(
            update_fields=[
                "state",
                "attempts",
                "last_error",
                "enqueued_at",
                "run_after",
                "finished_at",
            ]
        )
        return job.state
    job.state = Job.State.DONE
    job.finished_at = timezone.now()
    job.save(update_fields=["state", "attempts", "finished_at"])
    return job.state


def sweep() -> int:
    """Re-sends recorded work that never started; returns how many jobs were sent."""
    Job.objects.stuck().update(state=Job.State.PENDING, enqueued_at=None)
    sent = 0
    for job_id in Job.objects.stale().values_list("pk", flat=True)[:1000]:
        sent += dispatch(job_id)
    return sent
