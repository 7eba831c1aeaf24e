import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from icalendar import Calendar

from circles import notices
from circles.models import CircleProfile, Meeting, Membership, Registration, ReminderLog
from circles.reminders import deliver, send_due_reminders
from tests import factories

pytestmark = pytest.mark.django_db


def _members(circle, n):
    people = [factories.PersonFactory(email=f"m{circle.pk}-{i}@example.org") for i in range(n)]
    for person in people:
        Membership.objects.create(circle=circle, person=person)
    return people


def _reminders():
    return [m for m in mail.outbox if m.subject.startswith("[Alliance] Rappel")]


def test_members_get_a_french_reminder_with_the_ics_seven_days_before(circle, jobs):
    start = timezone.now() + timedelta(days=6, hours=20)
    meeting = factories.MeetingFactory(
        circle=circle,
        title="Coordination",
        start=start,
        end=start + timedelta(hours=2),
        agenda="1. Tour de table",
        place="Hôtel de Région",
    )
    _members(circle, 3)

    with jobs(execute=True):
        send_due_reminders()

    messages = _reminders()
    assert len(messages) == 3
    body = messages[0].body
    assert "Coordination" in body and "Hôtel de Région" in body and "Tour de table" in body
    assert notices.hour(start) in body
    assert "heure de Paris" in body
    (part,) = messages[0].attachments
    assert part.get_filename() == "invitation.ics"
    assert part.get_content_type() == "text/calendar" and part.get_param("method") == "REQUEST"
    event = Calendar.from_ical(part.get_payload(decode=True)).walk("VEVENT")[0]
    assert str(event["UID"]) == meeting.uid
    assert set(ReminderLog.objects.values_list("offset_hours", flat=True)) == {168}


def test_a_second_run_sends_nothing_twice(circle, jobs):
    factories.MeetingFactory(circle=circle, start=timezone.now() + timedelta(hours=20))
    _members(circle, 2)

    with jobs(execute=True):
        send_due_reminders()
    with jobs(execute=True):
        send_due_reminders()
    with jobs(execute=True):
        call_command("send_reminders")

    assert len(_reminders()) == 2
    assert ReminderLog.objects.count() == 2


def test_the_one_day_reminder_follows_the_seven_day_one(circle, jobs):
    start = timezone.now() + timedelta(days=6)
    factories.MeetingFactory(circle=circle, start=start, end=start + timedelta(hours=2))
    _members(circle, 1)

    with jobs(execute=True):
        send_due_reminders()
    with jobs(execute=True):
        send_due_reminders(now=start - timedelta(hours=23))

    assert len(_reminders()) == 2
    assert sorted(ReminderLog.objects.values_list("offset_hours", flat=True)) == [24, 168]


def test_circle_offsets_are_configurable(circle, jobs):
    circle.reminder_offsets = [48]
    circle.save()
    start = timezone.now() + timedelta(days=5)
    factories.MeetingFactory(circle=circle, start=start, end=start + timedelta(hours=2))
    _members(circle, 1)

    with jobs(execute=True):
        send_due_reminders()
    assert _reminders() == []
    with jobs(execute=True):
        send_due_reminders(now=start - timedelta(hours=47))
    assert len(_reminders()) == 1


def test_a_member_who_opted_out_or_declined_gets_no_reminder(circle, jobs):
    meeting = factories.MeetingFactory(circle=circle, start=timezone.now() + timedelta(days=1))
    quiet, declining, keen = _members(circle, 3)
    CircleProfile.objects.create(person=quiet, reminders=False)
    Registration.objects.create(
        meeting=meeting, person=declining, answer="non", confirmed_at=timezone.now()
    )

    with jobs(execute=True):
        send_due_reminders()

    assert [m.to for m in _reminders()] == [[keen.email]]


def test_confirmed_guests_are_reminded_with_a_cancel_link(open_meeting, guest_registration, jobs):
    open_meeting.start = timezone.now() + timedelta(hours=10)
    open_meeting.save()

    with jobs(execute=True):
        send_due_reminders()

    (message,) = _reminders()
    assert message.to == ["gaelle@example.org"]
    assert f"/inscription/{guest_registration.token}/annuler/" in message.body


def test_a_moved_meeting_sends_a_changed_notice_then_reminders_for_the_new_date(circle, jobs):
    start = timezone.now() + timedelta(days=3)
    meeting = factories.MeetingFactory(circle=circle, start=start, end=start + timedelta(hours=2))
    _members(circle, 2)
    with jobs(execute=True):
        send_due_reminders()
    assert len(_reminders()) == 2

    with jobs(execute=True):
        meeting.move(start=start + timedelta(days=1), end=start + timedelta(days=1, hours=2))

    changed = [m for m in mail.outbox if "modifiée" in m.subject]
    assert len(changed) == 2
    assert "Réunion modifiée" in changed[0].subject
    event = Calendar.from_ical(changed[0].attachments[0].get_payload(decode=True)).walk("VEVENT")[0]
    assert int(event["SEQUENCE"]) == 1
    with jobs(execute=True):
        send_due_reminders()
    assert len(_reminders()) == 4  # fresh reminders for the new date


def test_a_cancelled_meeting_sends_a_cancellation_and_no_reminder(circle, jobs):
    meeting = factories.MeetingFactory(circle=circle, start=timezone.now() + timedelta(days=1))
    _members(circle, 2)

    with jobs(execute=True):
        meeting.cancel()
    with jobs(execute=True):
        send_due_reminders()

    cancelled = [m for m in mail.outbox if "annulée" in m.subject]
    assert len(cancelled) == 2
    assert "ANNULÉE" in cancelled[0].body
    event = Calendar.from_ical(cancelled[0].attachments[0].get_payload(decode=True)).walk("VEVENT")[
        0
    ]
    assert str(event["STATUS"]) == "CANCELLED"
    assert _reminders() == []
    with jobs(execute=True):
        meeting.cancel()  # twice: no second notice
    assert len([m for m in mail.outbox if "annulée" in m.subject]) == 2


def test_a_reminder_claimed_before_a_cancellation_is_not_sent(circle, jobs):
    meeting = factories.MeetingFactory(circle=circle, start=timezone.now() + timedelta(days=1))
    (person,) = _members(circle, 1)
    ReminderLog.objects.create(
        meeting=meeting,
        kind="rappel",
        email=person.email,
        offset_hours=24,
        checksum=meeting.start_checksum,
        batch="b1",
    )
    meeting.status = "annulee"
    meeting.save()

    assert deliver(batch="b1", meeting_id=meeting.pk, kind="rappel") == 0


def test_facilitators_are_reminded_once_to_publish_minutes(circle, facilitator, jobs):
    circle.facilitators.add(facilitator.person)
    ended = timezone.now() - timedelta(days=4)
    factories.MeetingFactory(
        circle=circle, start=ended - timedelta(hours=2), end=ended, status="tenue"
    )
    factories.MeetingFactory(
        circle=circle,
        start=ended - timedelta(hours=2),
        end=ended,
        minutes="Déjà publié.",
    )
    recent = timezone.now() - timedelta(days=1)
    factories.MeetingFactory(circle=circle, start=recent - timedelta(hours=2), end=recent)

    with jobs(execute=True):
        send_due_reminders()
    with jobs(execute=True):
        send_due_reminders()

    minutes = [m for m in mail.outbox if "Compte rendu à publier" in m.subject]
    assert len(minutes) == 1
    assert minutes[0].to == [facilitator.person.email]
    assert "/compte-rendu/" in minutes[0].body


def _run_queries(circles, members_each):
    Meeting.objects.all().delete()
    for circle in circles:
        start = timezone.now() + timedelta(hours=20)
        factories.MeetingFactory(circle=circle, start=start, end=start + timedelta(hours=2))
        _members(circle, members_each)
    # The sending jobs are only recorded here (their dispatch waits for a commit).
    with CaptureQueriesContext(connection) as ctx:
        claimed = send_due_reminders()
    return len(ctx.captured_queries), claimed


def test_the_run_queries_grow_with_meetings_not_members():
    few, claimed_few = _run_queries([factories.CircleFactory() for _ in range(3)], 2)
    many, claimed_many = _run_queries([factories.CircleFactory() for _ in range(3)], 12)
    assert (claimed_few, claimed_many) == (6, 36)
    assert few == many


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent connections")
def test_two_runs_at_the_same_moment_send_nothing_twice(circle, jobs):
    factories.MeetingFactory(circle=circle, start=timezone.now() + timedelta(hours=20))
    _members(circle, 5)
    barrier = threading.Barrier(2)
    results = []

    def run():
        barrier.wait()
        try:
            results.append(send_due_reminders())
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert sorted(results) == [0, 5]
    assert len(_reminders()) == 5
    assert ReminderLog.objects.count() == 5
