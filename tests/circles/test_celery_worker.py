"""A real Celery worker (Redis when REDIS_URL is set, the filesystem broker otherwise)
sends a reminder to a real SMTP server listening on localhost; we read what arrived."""

import socket
import time
from datetime import timedelta
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from celery.contrib.testing.worker import start_worker
from django.utils import timezone

from circles.models import Membership
from circles.reminders import send_due_reminders
from tests import factories

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.celery_worker]


class Sink:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp(settings):
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    yield sink
    controller.stop()


@pytest.fixture
def worker(settings, tmp_path):
    from alliance.celery import app

    saved = (app.conf.task_always_eager, app.conf.broker_url, app.conf.broker_transport_options)
    app.conf.task_always_eager = False
    if not settings.REDIS_URL:
        folder = tmp_path / "queue"
        folder.mkdir()
        app.conf.broker_url = "filesystem://"
        app.conf.broker_transport_options = {
            "data_folder_in": str(folder),
            "data_folder_out": str(folder),
            "control_folder": str(folder.parent / "control"),
            "store_processed": False,
        }
    _drop_pools(app)  # connections pooled by earlier tests may point at another broker
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            yield app
    finally:
        app.conf.task_always_eager, app.conf.broker_url, app.conf.broker_transport_options = saved
        _drop_pools(app)


def _drop_pools(app) -> None:
    from kombu import pools

    pools.reset()  # closes and forgets kombu's shared connection and producer pools
    app._pool = None
    app.amqp._producer_pool = None


def test_a_real_worker_sends_the_reminder_over_smtp(smtp, worker):
    circle = factories.CircleFactory(name="Cercle de concertation")
    start = timezone.now() + timedelta(hours=20)
    factories.MeetingFactory(
        circle=circle,
        title="Transition énergétique",
        start=start,
        end=start + timedelta(hours=2),
        agenda="Tour de table des projets",
    )
    person = factories.PersonFactory(email="elue@example.org")
    Membership.objects.create(circle=circle, person=person)

    assert send_due_reminders() == 1

    deadline = time.monotonic() + 30
    while not smtp.messages and time.monotonic() < deadline:
        time.sleep(0.2)
    (message,) = smtp.messages
    assert message["To"] == "elue@example.org"
    assert "Rappel : Transition énergétique" in message["Subject"]
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert "Tour de table des projets" in body
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_filename() == "reunion.ics"
    assert "BEGIN:VCALENDAR" in attachment.get_content()
