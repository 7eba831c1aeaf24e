"""A real Celery worker (Redis when REDIS_URL is set, the filesystem broker otherwise)
sends a reminder to a real SMTP server listening on localhost; we read what arrived."""

import time
from datetime import timedelta

import pytest
from celery.contrib.testing.worker import start_worker
from django.utils import timezone
from kombu import pools

from alliance.celery import app
from circles.models import Membership
from circles.reminders import send_due_reminders
from tests import factories
from tests.smtp import calendar_of, html_of, text_of

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.celery_worker]


@pytest.fixture
def worker(settings, tmp_path):
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
    assert "Tour de table des projets" in text_of(message)
    assert "Tour de table des projets" in html_of(message)
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_filename() == "invitation.ics"
    method, content = calendar_of(message)
    assert method == "REQUEST" and "METHOD:REQUEST" in content
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
