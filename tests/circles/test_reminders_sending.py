"""Reminders sent at scale to a real SMTP server on loopback (aiosmtpd): each meeting's
messages over one connection in a constant number of queries, and a delivery retried
after a failure (the server drops the connection, the worker is killed) sends nobody a
second copy."""

import os
import signal
from collections import Counter
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from alliance import jobs
from alliance.models import Job
from circles.models import Meeting, Membership, ReminderLog
from circles.reminders import send_due_reminders
from tests import factories
from tests.smtp import Sink, free_port, smtp  # noqa: F401 - the fixture
from tests.workers import wait_for, worker_setup

pytestmark = pytest.mark.django_db


@pytest.fixture
def serve(smtp, settings):  # noqa: F811 - the fixture
    """serve(sink): an SMTP server of the test's own kind on loopback, used from now on."""
    controllers = []

    def start(sink: Sink) -> Sink:
        controller = Controller(sink, hostname="127.0.0.1", port=free_port())
        controller.start()
        controllers.append(controller)
        settings.EMAIL_PORT = controller.port
        return sink

    yield start
    for controller in controllers:
        controller.stop()


def _meetings(count: int, people: int) -> list[str]:
    """`count` meetings tomorrow, each in a circle of `people` members; their addresses."""
    Meeting.objects.all().delete()
    addresses = []
    for _n in range(count):
        circle = factories.CircleFactory()
        start = timezone.now() + timedelta(hours=20)
        factories.MeetingFactory(circle=circle, start=start, end=start + timedelta(hours=2))
        for i in range(people):
            person = factories.PersonFactory(email=f"c{circle.pk}-{i}@example.org")
            Membership.objects.create(circle=circle, person=person)
            addresses.append(person.email)
    return addresses


def _run(smtp, count: int, people: int) -> tuple[int, int]:  # noqa: F811 - the fixture
    """(queries, SMTP connections) of a whole reminder run: the claiming pass, then its
    delivery job (recorded here; its dispatch waits for a commit that never comes)."""
    _meetings(count, people)
    before = smtp.connections
    with CaptureQueriesContext(connection) as ctx:
        assert send_due_reminders() == count * people
        job = Job.objects.get(name="circles.reminders.deliver", state=Job.State.PENDING)
        assert jobs.run(job.pk) == Job.State.DONE
    assert not ReminderLog.objects.filter(sent_at=None).exists()
    return len(ctx.captured_queries), smtp.connections - before


def test_each_meeting_costs_the_same_few_queries_and_one_smtp_connection(smtp):  # noqa: F811
    two, two_connections = _run(smtp, 2, 20)
    four, four_connections = _run(smtp, 4, 20)
    crowded, crowded_connections = _run(smtp, 2, 40)

    assert (two_connections, four_connections, crowded_connections) == (2, 4, 2)
    assert len(smtp.messages) == 2 * 20 + 4 * 20 + 2 * 40
    per_meeting = (four - two) / 2
    assert per_meeting <= 5
    assert crowded == two  # twice the people, not one query more
    assert two - 2 * per_meeting <= 20  # the run's own, whatever the number of meetings


class DroppingSink(Sink):
    """Accepts `accept` messages, then drops the connection in the middle of the next
    one, once, as a server that restarts does."""

    def __init__(self, accept: int):
        super().__init__()
        self.accept = accept

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        if self.accept == 0:
            self.accept = -1
            server.transport.close()
            return "421 Closing"
        self.accept -= 1
        return await super().handle_DATA(server, session, envelope)


def _count(sink) -> Counter:
    return Counter(address for m in sink.messages for address in m.envelope_to)


def test_a_delivery_cut_mid_batch_is_retried_without_a_second_copy(serve):
    sink = serve(DroppingSink(accept=27))  # the third meeting's eighth message fails
    addresses = _meetings(3, 10)
    send_due_reminders()
    job = Job.objects.get(name="circles.reminders.deliver")

    assert jobs.run(job.pk) == Job.State.PENDING  # failed, to be retried with backoff
    assert len(sink.messages) == 27
    assert ReminderLog.objects.exclude(sent_at=None).count() == 27  # marked as they went
    assert jobs.run(job.pk) == Job.State.DONE

    assert _count(sink) == Counter(addresses)  # everyone exactly once
    assert len({m["Message-ID"] for m in sink.messages}) == 30


class KillingSink(Sink):
    """Kills the worker (SIGKILL, no cleanup) when it opens its `nth` connection."""

    def __init__(self, nth: int):
        super().__init__()
        self.nth, self.worker = nth, None

    async def handle_EHLO(self, server, session, envelope, hostname, responses):  # noqa: N802
        responses = await super().handle_EHLO(server, session, envelope, hostname, responses)
        if self.connections == self.nth and self.worker is not None:
            os.killpg(self.worker.process.pid, signal.SIGKILL)
        return responses


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_between_two_meetings_sends_nobody_a_second_copy(serve, tmp_path, settings):
    killing = serve(KillingSink(nth=2))  # as the second meeting's connection opens
    env = {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(settings.EMAIL_PORT),
        "SITE_URL": settings.SITE_URL,
    }
    addresses = _meetings(3, 5)
    with worker_setup(tmp_path, settings) as start:
        killing.worker = start(**env)
        send_due_reminders()  # the delivery job goes to the broker on commit
        assert wait_for(lambda: killing.worker.process.poll() is not None, timeout=120)
        job = Job.objects.get(name="circles.reminders.deliver")
        assert (job.state, job.attempts) == (Job.State.RUNNING, 1)
        assert len(killing.messages) == ReminderLog.objects.exclude(sent_at=None).count() == 5

        settings.JOB_STUCK_AFTER = 3  # its heartbeat has stopped: stuck in a few seconds
        assert wait_for(lambda: Job.objects.stuck().filter(pk=job.pk).exists(), timeout=30)
        start(**env)
        assert jobs.sweep() == 1
        assert wait_for(lambda: Job.objects.get(pk=job.pk).state == Job.State.DONE, timeout=120), (
            killing.worker.output()
        )

    assert _count(killing) == Counter(addresses)  # everyone exactly once
    assert not ReminderLog.objects.filter(sent_at=None).exists()
