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
        assert job.last_error == "ConnectionError: SMTP injoignable"
        # Not due yet: the sweep leaves it alone.
        assert job not in Job.objects.stale()
    assert delays == [2, 4]
    assert jobs.run(job.pk) == Job.State.FAILED
    job.refresh_from_db()
    assert (job.state, job.attempts) == (Job.State.FAILED, 3)
    assert job.finished_at is not None
    assert jobs.run(job.pk) == "skipped"


@pytest.mark.django_db
def test_the_sweep_resets_a_stuck_running_job_and_sends_it_again():
    job = Job.objects.create(
        name="alliance.mail.deliver",
        kwargs=deliver_kwargs(),
        state=Job.State.RUNNING,
        started_at=timezone.now() - timedelta(minutes=31),
        enqueued_at=timezone.now() - timedelta(minutes=31),
    )
    recent = Job.objects.create(
        name="alliance.mail.deliver",
        kwargs=deliver_kwargs("autre@example.org"),
        state=Job.State.RUNNING,
        started_at=timezone.now() - timedelta(minutes=5),
    )
    assert jobs.sweep() == 1
    assert Job.objects.get(pk=job.pk).state == Job.State.DONE
    assert Job.objects.get(pk=recent.pk).state == Job.State.RUNNING
    assert [m.to for m in mail.outbox] == [["ines@example.org"]]


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
