"""Background work is recorded first, enqueued on commit, and swept when the broker was
down; a job runs once however often it is delivered; failures back off then give up."""

import os
import time
import uuid
from contextlib import contextmanager
from datetime import timedelta

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.utils import timezone
from kombu import pools

from alliance import jobs
from alliance.celery import app
from alliance.models import Job

DEAD_BROKER = "redis://127.0.0.1:1/0"
CALLS = []


def explode(**kwargs) -> None:
    """A job function that always fails (the network it needs is down, say)."""
    raise ConnectionError("SMTP injoignable")


def deliver_kwargs(to="ines@example.org") -> dict:
    return {"to": [to], "subject": "Bonjour", "body": "Un message."}


def _reset_connections() -> None:
    """Forgets Celery's pooled connections and its routing built from the old settings."""
    pools.reset()
    app._pool = None
    app.__dict__.pop("amqp", None)


@contextmanager
def celery_conf(**changes):
    saved = {key: app.conf[key] for key in changes}
    app.conf.update(changes)
    _reset_connections()
    try:
        yield
    finally:
        app.conf.update(saved)
        _reset_connections()


def live_broker(tmp_path) -> dict:
    """The production broker when REDIS_URL is set, else the embedded filesystem one."""
    if os.environ.get("REDIS_URL"):
        return {"broker_url": os.environ["REDIS_URL"]}
    folder = tmp_path / "queue"
    folder.mkdir()
    return {
        "broker_url": "filesystem://",
        "broker_transport_options": {
            "data_folder_in": str(folder),
            "data_folder_out": str(folder),
            "control_folder": str(folder.parent / "control"),
            "store_processed": False,
        },
    }


def wait_for(predicate, timeout: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_request_succeeds_while_the_broker_is_down_and_the_sweep_delivers_later(
    client, facilitator, tmp_path, settings
):
    # A unique queue: another test run on the same Redis never steals our message.
    queue = f"test-{uuid.uuid4().hex}"
    client.force_login(facilitator)
    # Production's transport options (one retry, no backoff to speak of; kombu's defaults
    # would hold the request about 7 s), with a short connect timeout: the test is about
    # what the request does, not how long it takes (bench/ measures that).
    options = {**settings.REDIS_TRANSPORT_OPTIONS, "socket_connect_timeout": 0.2}
    dead = {
        "broker_url": DEAD_BROKER,
        "broker_transport_options": options,
        "task_always_eager": False,
        "task_default_queue": queue,
    }
    with celery_conf(**dead):
        response = client.post("/animation/invitations/", {"email": "ines@example.org"})
    assert response.status_code == 302
    response = client.get(response["Location"])
    assert "en file d&#x27;envoi" in response.content.decode()
    job = Job.objects.get(name="alliance.mail.deliver")
    assert (job.state, job.enqueued_at) == (Job.State.PENDING, None)
    assert mail.outbox == []

    broker = live_broker(tmp_path)
    with celery_conf(**broker, task_always_eager=False, task_default_queue=queue):
        try:
            worker = start_worker(app, perform_ping_check=False, pool="solo", shutdown_timeout=30)
            worker.__enter__()
        except Exception as exc:  # pragma: no cover - depends on the machine
            pytest.skip(f"No broker to run a real worker on ({broker['broker_url']}): {exc}")
        try:
            assert jobs.sweep() == 1
            assert wait_for(lambda: Job.objects.get(pk=job.pk).state == Job.State.DONE)
        finally:
            worker.__exit__(None, None, None)
    [message] = mail.outbox
    assert message.to == ["ines@example.org"]
    assert "/invitation/" in message.body


@pytest.mark.django_db
def test_a_job_delivered_twice_runs_once():
    job = jobs.enqueue("alliance.mail.deliver", **deliver_kwargs())
    assert jobs.run(job.pk) == Job.State.DONE
    assert jobs.run(job.pk) == "skipped"
    assert len(mail.outbox) == 1
    job.refresh_from_db()
    assert (job.state, job.attempts) == (Job.State.DONE, 1)
    assert job.finished_at is not None


@pytest.mark.django_db
def test_enqueue_records_the_job_and_sends_it_only_on_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = jobs.enqueue("alliance.mail.deliver", **deliver_kwargs())
    assert Job.objects.get(pk=job.pk).state == Job.State.PENDING
    assert len(callbacks) == 1
    assert mail.outbox == []
    callbacks[0]()  # the commit: eager in tests, a broker message in production
    assert Job.objects.get(pk=job.pk).state == Job.State.DONE
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_typo_in_the_job_name_fails_in_the_request():
    with pytest.raises(ImportError):
        jobs.enqueue("alliance.mail.delivr", **deliver_kwargs())
    assert not Job.objects.exists()


@pytest.mark.django_db
def test_a_failing_job_is_retried_with_backoff_then_marked_failed():
    job = jobs.enqueue("tests.alliance.test_jobs.explode", max_attempts=3)
    delays = []
    for _ in range(2):
        before = timezone.now()
        assert jobs.run(job.pk) == Job.State.PENDING
        job.refresh_from_db()
        delays.append(round((job.run_after - before).total_seconds() / 60))
        assert job.last_error == "Erreur inattendue : ConnectionError: SMTP injoignable"
        # Not due yet: the sweep leaves it alone.
        assert job not in Job.objects.stale()
    assert delays == [2, 4]
    assert jobs.run(job.pk) == Job.State.FAILED
    job.refresh_from_db()
    assert (job.state, job.attempts) == (Job.State.FAILED, 3)
    assert job.finished_at is not None
    assert jobs.run(job.pk) == "skipped"


@pytest.mark.django_db
def test_the_sweep_runs_again_a_job_whose_heartbeat_stopped(settings):
    silent = timezone.now() - timedelta(seconds=settings.JOB_STUCK_AFTER + 5)
    job = Job.objects.create(
        name="alliance.mail.deliver",
        kwargs=deliver_kwargs(),
        state=Job.State.RUNNING,
        attempts=1,
        started_at=silent,
        heartbeat_at=silent,
        enqueued_at=silent,
    )
    # Started long ago, but its heartbeat is fresh: a long job, alive.
    alive = Job.objects.create(
        name="alliance.mail.deliver",
        kwargs=deliver_kwargs("autre@example.org"),
        state=Job.State.RUNNING,
        attempts=1,
        started_at=timezone.now() - timedelta(hours=1),
        heartbeat_at=timezone.now() - timedelta(seconds=10),
    )
    assert list(Job.objects.stuck()) == [job]
    assert job.is_stuck and job.can_retry and not alive.is_stuck and not alive.can_retry
    assert jobs.sweep() == 1
    job.refresh_from_db()
    assert (job.state, job.attempts) == (Job.State.DONE, 2)
    assert Job.objects.get(pk=alive.pk).state == Job.State.RUNNING
    assert [m.to for m in mail.outbox] == [["ines@example.org"]]


@pytest.mark.django_db
def test_the_sweep_gives_up_a_job_interrupted_on_every_attempt(settings):
    silent = timezone.now() - timedelta(seconds=settings.JOB_STUCK_AFTER + 5)
    job = Job.objects.create(
        name="alliance.mail.deliver",
        kwargs=deliver_kwargs(),
        state=Job.State.RUNNING,
        attempts=3,
        max_attempts=3,
        started_at=silent,
        heartbeat_at=silent,
    )
    assert jobs.sweep() == 0
    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    assert job.last_error.startswith("Le traitement a été interrompu 3 fois")
    assert mail.outbox == []


@pytest.mark.django_db
def test_the_sweep_resends_work_lost_by_the_broker_but_not_work_just_sent(settings):
    lost = Job.objects.create(
        name="alliance.mail.deliver",
        kwargs=deliver_kwargs(),
        enqueued_at=timezone.now() - timedelta(seconds=settings.JOB_REQUEUE_AFTER + 5),
    )
    fresh = Job.objects.create(
        name="alliance.mail.deliver",
        kwargs=deliver_kwargs("autre@example.org"),
        enqueued_at=timezone.now(),
    )
    assert jobs.sweep() == 1
    assert Job.objects.get(pk=lost.pk).state == Job.State.DONE
    assert Job.objects.get(pk=fresh.pk).state == Job.State.PENDING


@pytest.mark.django_db
def test_dispatch_to_a_dead_broker_keeps_the_job_pending(settings):
    job = Job.objects.create(name="alliance.mail.deliver", kwargs=deliver_kwargs())
    with celery_conf(
        broker_url=DEAD_BROKER,
        broker_transport_options=settings.REDIS_TRANSPORT_OPTIONS,
        task_always_eager=False,
    ):
        assert jobs.dispatch(job.pk) is False
    job.refresh_from_db()
    assert (job.state, job.enqueued_at) == (Job.State.PENDING, None)


# --- Limits, fencing and retry -----------------------------------------------


def record(name: str, **kwargs) -> Job:
    """A recorded job not sent anywhere (enqueue would run it eagerly on commit)."""
    return Job.objects.create(name=name, kwargs=kwargs)


def write_then_spin(*, label: str, seconds: float = 30) -> None:
    """A job that writes in its transaction, then works on past any small time limit."""
    from django.db import transaction

    from alliance.models import Theme

    with transaction.atomic():
        Theme.objects.create(name=label, slug=label.lower())
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            sum(range(1000))  # pure Python: the watchdog's exception lands between steps
        jobs.complete()


def write_after_a_long_call(*, label: str) -> None:
    """A job whose last write ends after its soft limit, past it in one long call the
    watchdog's exception cannot interrupt (a bulk INSERT, the COMMIT itself)."""
    from django.db import transaction

    from alliance.models import Theme

    with transaction.atomic():
        Theme.objects.create(name=label, slug=label.lower())
        jobs._local.job.began -= 5  # as if that call had lasted five seconds
        jobs.complete()


def hog(*, limit_mb: int) -> None:
    """A job whose memory grows a megabyte at a time (an XLSX that inflates, say)."""
    held = []
    for _ in range(limit_mb):
        held.append(b"x" * 2**20)
        time.sleep(0.005)


def taken_over(*, label: str) -> None:
    """A job whose run the sweep gives away while it works (its worker looked dead)."""
    from django.db import transaction
    from django.db.models import F

    from alliance.models import Theme

    with transaction.atomic():
        Theme.objects.create(name=label, slug=label.lower())
        # Meanwhile, elsewhere: the sweep reset it and another run claimed it.
        Job.objects.filter(name="tests.alliance.test_jobs.taken_over").update(
            attempts=F("attempts") + 1
        )
        jobs.complete()


@pytest.mark.django_db(transaction=True)
def test_a_job_that_reaches_its_commit_past_its_soft_limit_commits_nothing(settings):
    from alliance.models import Theme

    settings.JOB_TIME_LIMITS = {"tests.alliance.test_jobs.write_after_a_long_call": (1, 60)}
    job = record("tests.alliance.test_jobs.write_after_a_long_call", label="Tardif")
    assert jobs.run(job.pk) == Job.State.FAILED
    job.refresh_from_db()
    assert job.last_error == "Le traitement a dépassé sa limite de temps (1 s) et a été arrêté."
    assert not Theme.objects.filter(name="Tardif").exists()


@pytest.mark.django_db(transaction=True)
def test_a_job_past_its_soft_time_limit_fails_with_a_french_reason_and_writes_nothing(
    settings,
):
    from alliance.models import Theme

    settings.JOB_TIME_LIMITS = {"tests.alliance.test_jobs.write_then_spin": (1, 60)}
    job = record("tests.alliance.test_jobs.write_then_spin", label="Partiel")
    assert jobs.run(job.pk) == Job.State.FAILED  # no pool here: the watchdog enforces it
    job.refresh_from_db()
    assert job.last_error == "Le traitement a dépassé sa limite de temps (1 s) et a été arrêté."
    assert job.attempts == 1  # a time limit is final: retrying would only exceed it again
    assert not Theme.objects.filter(name="Partiel").exists()


@pytest.mark.django_db(transaction=True)
def test_a_job_past_its_memory_ceiling_fails_with_a_french_reason(settings):
    settings.JOB_MEMORY_LIMIT_MB = int(jobs._rss_mb()) + 80
    job = record("tests.alliance.test_jobs.hog", limit_mb=600)
    assert jobs.run(job.pk) == Job.State.FAILED
    job.refresh_from_db()
    assert job.last_error.startswith(
        f"Le traitement a dépassé sa limite de mémoire ({settings.JOB_MEMORY_LIMIT_MB} Mo)"
    )


@pytest.mark.django_db(transaction=True)
def test_a_run_that_lost_its_job_commits_nothing():
    from alliance.models import Theme

    job = record("tests.alliance.test_jobs.taken_over", label="Doublon")
    assert jobs.run(job.pk) == "superseded"
    assert not Theme.objects.filter(name="Doublon").exists()
    job.refresh_from_db()
    assert job.state == Job.State.RUNNING  # the other run's to finish


@pytest.mark.django_db(transaction=True)
def test_the_running_job_beats_its_heartbeat(settings):
    settings.JOB_HEARTBEAT_INTERVAL = 1
    settings.JOB_TIME_LIMITS = {"tests.alliance.test_jobs.beats_seen": (30, 60)}
    job = record("tests.alliance.test_jobs.beats_seen")
    assert jobs.run(job.pk) == Job.State.DONE
    assert len(BEATS) >= 2 and sorted(BEATS) == BEATS and len(set(BEATS)) == len(BEATS)


BEATS = []


def beats_seen() -> None:
    """Records the heartbeats the watchdog writes while this job works for 3 seconds."""
    BEATS.clear()
    job = Job.objects.get(name="tests.alliance.test_jobs.beats_seen")
    deadline = time.monotonic() + 3
    while time.monotonic() < deadline:
        job.refresh_from_db(fields=["heartbeat_at"])
        if not BEATS or BEATS[-1] != job.heartbeat_at:
            BEATS.append(job.heartbeat_at)
        time.sleep(0.2)


@pytest.mark.django_db
def test_only_failed_or_stuck_jobs_can_be_retried(settings, django_capture_on_commit_callbacks):
    silent = timezone.now() - timedelta(seconds=settings.JOB_STUCK_AFTER + 5)

    def base(to):  # one recipient each: a mail already sent to an address is never resent
        return {"name": "alliance.mail.deliver", "kwargs": deliver_kwargs(to)}

    done = Job.objects.create(**base("done@example.org"), state=Job.State.DONE, attempts=1)
    pending = Job.objects.create(**base("pending@example.org"), enqueued_at=timezone.now())
    alive = Job.objects.create(
        **base("alive@example.org"),
        state=Job.State.RUNNING,
        attempts=1,
        heartbeat_at=timezone.now(),
    )
    failed = Job.objects.create(
        **base("failed@example.org"), state=Job.State.FAILED, attempts=3, last_error="x"
    )
    stuck = Job.objects.create(
        **base("stuck@example.org"), state=Job.State.RUNNING, attempts=1, heartbeat_at=silent
    )
    assert [j.can_retry for j in (done, pending, alive, failed, stuck)] == [
        False,
        False,
        False,
        True,
        True,
    ]
    retried = jobs.retry([done.pk, pending.pk, alive.pk, failed.pk, stuck.pk])
    assert sorted(retried) == sorted([failed.pk, stuck.pk])
    states = dict(Job.objects.values_list("pk", "state"))
    assert states[done.pk] == Job.State.DONE and states[alive.pk] == Job.State.RUNNING
    assert states[failed.pk] == states[stuck.pk] == Job.State.DONE  # sent, run eagerly
    # The finished job's mail was not sent again: only the retried jobs' went out.
    assert sorted(m.to[0] for m in mail.outbox) == ["failed@example.org", "stuck@example.org"]
    failed.refresh_from_db()
    assert (failed.attempts, failed.max_attempts, failed.last_error) == (4, 6, "")
