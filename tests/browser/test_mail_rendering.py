"""The HTML part of a circle mail as a phone-sized browser shows it: long addresses and
links wrap, so nothing scrolls sideways at 320 or 375 px."""

from datetime import datetime, time, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from alliance.timezones import PARIS
from circles.models import Membership
from circles.reminders import send_due_reminders
from tests import factories

pytestmark = pytest.mark.django_db


def _reminder_html(capture) -> str:
    start = datetime.combine(timezone.localdate() + timedelta(days=1), time(14), tzinfo=PARIS)
    meeting = factories.MeetingFactory(
        title="Cercle de travail collaboratif et de co-construction des mobilités",
        start=start,
        end=start + timedelta(hours=2),
        place="Hôtel de Région, 22 boulevard du Maréchal Juin, Toulouse",
        video_url="https://visio.example.org/" + "salle-du-cercle-" * 8,
    )
    person = factories.PersonFactory(email="camille@example.org")
    Membership.objects.create(circle=meeting.circle, person=person)
    with capture(execute=True):  # the mail job runs when its transaction commits
        send_due_reminders()
    (message,) = mail.outbox
    ((html, mimetype),) = message.alternatives
    assert mimetype == "text/html"
    return html


@pytest.mark.parametrize("width", [320, 375])
def test_the_reminder_mail_does_not_scroll_sideways_on_a_phone(
    page, width, django_capture_on_commit_callbacks
):
    html = _reminder_html(django_capture_on_commit_callbacks)
    page.set_viewport_size({"width": width, "height": 800})
    page.set_content(html)
    scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll <= inner, f"{scroll}px wide in a {inner}px window"
    assert page.get_by_text("Hôtel de Région").is_visible()
