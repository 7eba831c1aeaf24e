"""Meeting mails in each recipient's language, through a real SMTP server (aiosmtpd on
loopback): French by default, English for a member who chose English with the site's
switch (remembered on their account), subjects included, in one run; and a cancellation
reaches everyone concerned, guests without an account included."""

from datetime import timedelta

import pytest
import vobject
from django.utils import timezone, translation
from icalendar import Calendar

from circles.models import Membership, Registration
from circles.reminders import send_due_reminders
from tests import factories
from tests.smtp import calendar_of, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def french_afterwards():
    """The switch's request leaves English active in this thread: the next tests get
    French back."""
    yield
    translation.activate("fr")


def _member(circle, email: str):
    user = factories.UserFactory(email=email)
    person = factories.PersonFactory(email=email, user=user)
    Membership.objects.create(circle=circle, person=person)
    return user


def _subject(message) -> str:
    return str(message["Subject"])


def test_the_switch_is_remembered_on_the_account(client, member):
    client.force_login(member)

    client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    member.refresh_from_db()
    assert member.language == "en"


def test_each_member_reads_the_reminder_and_the_cancellation_in_their_language(
    circle, smtp, jobs, client
):
    english = _member(circle, "english@example.org")
    _member(circle, "french@example.org")
    client.force_login(english)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    start = timezone.localtime(timezone.now() + timedelta(days=1)).replace(hour=14, minute=0)
    meeting = factories.MeetingFactory(
        circle=circle, title="Coordination", start=start, end=start + timedelta(hours=2)
    )

    with jobs(execute=True):
        send_due_reminders(now=start - timedelta(hours=20))
    with jobs(execute=True):
        meeting.cancel()

    (en_reminder, en_cancel) = smtp.to("english@example.org")
    (fr_reminder, fr_cancel) = smtp.to("french@example.org")
    assert _subject(en_reminder).startswith("[Alliance] Reminder: Coordination — ")
    assert _subject(fr_reminder).startswith("[Alliance] Rappel : Coordination — ")
    assert "This is a reminder of the meeting “Coordination”" in text_of(en_reminder)
    assert "Hello," in text_of(en_reminder) and "Bonjour," in text_of(fr_reminder)
    assert "Nous vous rappelons la réunion « Coordination »" in text_of(fr_reminder)
    assert _subject(en_cancel).startswith("[Alliance] Meeting cancelled: Coordination")
    assert _subject(fr_cancel).startswith("[Alliance] Réunion annulée : Coordination")
    assert "is CANCELLED" in text_of(en_cancel) and "est ANNULÉE" in text_of(fr_cancel)
    assert "removes it from your calendar" in en_cancel.get_body(("html",)).get_content()
    for message in (en_cancel, fr_cancel):
        assert calendar_of(message)[0] == "CANCEL"


def test_a_cancellation_reaches_guests_without_an_account_and_the_waiting_list(
    open_meeting, smtp, jobs
):
    open_meeting.capacity = 1
    open_meeting.save()
    guests = [
        ("gaelle@example.org", False, None),  # holds the place
        ("yann@example.org", True, None),  # waiting for one
        ("ines@example.org", False, timezone.now()),  # since invited to join, never did
    ]
    for email, waiting, invited_at in guests:
        Registration.objects.create(
            meeting=open_meeting,
            guest_name=email.split("@")[0].title(),
            guest_email=email,
            consent=True,
            confirmed_at=timezone.now(),
            on_waiting_list=waiting,
            invited_at=invited_at,
        )
    member = factories.PersonFactory(email="membre@example.org")
    Membership.objects.create(circle=open_meeting.circle, person=member)

    with jobs(execute=True):
        open_meeting.cancel()

    for address in ("gaelle@example.org", "yann@example.org", "ines@example.org", member.email):
        (message,) = smtp.to(address)
        assert _subject(message).startswith("[Alliance] Réunion annulée : ")
        method, ics = calendar_of(message)
        assert method == "CANCEL"
        event = Calendar.from_ical(ics).walk("VEVENT")[0]
        assert str(event["STATUS"]) == "CANCELLED"
        assert str(event["ATTENDEE"]).lower() == f"mailto:{address}"
        parsed = vobject.readOne(ics)
        assert parsed.method.value == "CANCEL" and parsed.vevent.uid.value == open_meeting.uid
