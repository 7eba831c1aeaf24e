"""A cancelled meeting stays cancelled whatever is edited; reinstating it is the
facilitator's own action (confirmed, POST) with its own notice and iTIP REQUEST."""

from datetime import datetime, time, timedelta

import pytest
import vobject
from django.utils import timezone
from icalendar import Calendar

from circles.calendars import PARIS
from circles.models import Meeting, Membership, Registration, ReminderLog
from circles.reminders import send_reinstatement_notice
from tests import factories
from tests.smtp import calendar_of, text_of

pytestmark = pytest.mark.django_db


def _at(days: int, hour: int = 14) -> datetime:
    return datetime.combine(timezone.localdate() + timedelta(days=days), time(hour), PARIS)


@pytest.fixture
def cancelled(circle):
    meeting = factories.MeetingFactory(
        circle=circle, title="Coordination", start=_at(10), end=_at(10, 16), place="Salle A"
    )
    meeting.cancel()
    return meeting


def _edit_data(meeting, **extra):
    local = timezone.localtime
    return {
        "title": meeting.title,
        "start": local(meeting.start).strftime("%Y-%m-%dT%H:%M"),
        "end": local(meeting.end).strftime("%Y-%m-%dT%H:%M"),
        "place": meeting.place,
        "scope": "one",
        **extra,
    }


def test_editing_only_the_place_of_a_cancelled_meeting_keeps_it_cancelled(
    client_as, cancelled, jobs
):
    # What a browser posted before: the status list offered "Prévue" first, and the box ticked.
    data = _edit_data(cancelled, place="Salle B", status="prevue", registration_open="on")
    with jobs(execute=True):
        response = client_as("facilitator").post(
            f"/cercles/reunions/{cancelled.pk}/modifier/", data
        )
    assert response.status_code == 302
    cancelled.refresh_from_db()
    assert cancelled.place == "Salle B"
    assert cancelled.status == Meeting.Status.CANCELLED
    assert cancelled.registration_open is False
    assert not cancelled.accepts_registrations()
    assert not ReminderLog.objects.filter(kind=ReminderLog.Kind.CHANGED).exists()


def test_the_edit_page_of_a_cancelled_meeting_offers_no_status_and_links_to_reinstating(
    client_as, cancelled
):
    body = client_as("facilitator").get(f"/cercles/reunions/{cancelled.pk}/modifier/").content
    body = body.decode()
    assert 'name="status"' not in body and 'name="registration_open"' not in body
    assert "annulée et le reste" in body
    assert f"/cercles/reunions/{cancelled.pk}/retablir/" in body


def test_the_meeting_page_offers_reinstating_instead_of_cancelling(client_as, cancelled):
    body = client_as("facilitator").get(cancelled.get_absolute_url()).content.decode()
    assert "Rétablir la réunion" in body
    assert f"/cercles/reunions/{cancelled.pk}/annuler/" not in body


def test_reinstating_asks_for_confirmation_and_a_get_changes_nothing(client_as, cancelled):
    response = client_as("facilitator").get(f"/cercles/reunions/{cancelled.pk}/retablir/")
    assert response.status_code == 200
    assert "Confirmer le rétablissement" in response.content.decode()
    cancelled.refresh_from_db()
    assert cancelled.is_cancelled


def test_the_facilitator_reinstates_a_meeting_and_everyone_concerned_gets_an_itip_request(
    smtp, client_as, circle, cancelled, jobs
):
    member = factories.PersonFactory(email="membre@example.org")
    Membership.objects.create(circle=circle, person=member)
    Registration.objects.create(
        meeting=cancelled,
        guest_name="Gaëlle",
        guest_email="gaelle@example.org",
        confirmed_at=timezone.now(),
    )
    cancelled_sequence = cancelled.sequence

    with jobs(execute=True):
        response = client_as("facilitator").post(f"/cercles/reunions/{cancelled.pk}/retablir/")

    assert response.status_code == 302 and response["Location"] == cancelled.get_absolute_url()
    cancelled.refresh_from_db()
    assert cancelled.status == Meeting.Status.PLANNED and cancelled.accepts_registrations()
    assert cancelled.sequence == cancelled_sequence + 1
    assert {m.envelope_to[0] for m in smtp.messages} == {member.email, "gaelle@example.org"}
    (message,) = smtp.to(member.email)
    assert "[Alliance] Réunion rétablie : Coordination" in message["Subject"]
    assert "est RÉTABLIE" in text_of(message) and "invitation.ics" in text_of(message)
    method, content = calendar_of(message)
    ical = Calendar.from_ical(content)
    event = ical.walk("VEVENT")[0]
    assert method == "REQUEST" and str(ical["METHOD"]) == "REQUEST"
    assert str(event["STATUS"]) == "CONFIRMED"
    assert int(event["SEQUENCE"]) == cancelled_sequence + 1 > 1
    assert str(event["UID"]) == cancelled.uid
    assert vobject.readOne(content).vevent.status.value == "CONFIRMED"

    with jobs(execute=True):
        client_as("facilitator").post(f"/cercles/reunions/{cancelled.pk}/retablir/")
    assert len(smtp.messages) == 2  # reinstated twice: nobody hears twice


def test_a_meeting_cancelled_again_before_the_notice_leaves_sends_none(smtp, circle, cancelled):
    Membership.objects.create(circle=circle, person=factories.PersonFactory())
    cancelled.reinstate()
    cancelled.cancel()
    assert send_reinstatement_notice(meeting_id=cancelled.pk, sequence=cancelled.sequence - 1) == 0
    assert not smtp.messages


def test_a_past_cancelled_meeting_cannot_be_reinstated(client_as, circle):
    meeting = factories.MeetingFactory(circle=circle, start=_at(-3), end=_at(-3, 16))
    meeting.cancel()
    response = client_as("facilitator").post(f"/cercles/reunions/{meeting.pk}/retablir/")
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.is_cancelled


def test_reinstating_a_meeting_that_is_not_cancelled_changes_nothing(client_as, meeting, jobs):
    sequence = meeting.sequence
    with jobs(execute=True):
        response = client_as("facilitator").post(f"/cercles/reunions/{meeting.pk}/retablir/")
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.sequence == sequence
    assert not ReminderLog.objects.exists()
