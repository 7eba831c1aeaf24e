from datetime import timedelta

import pytest
from django.utils import timezone
from icalendar import Calendar

from circles.models import CircleProfile, Meeting, Membership
from tests import factories

pytestmark = pytest.mark.django_db


def _events(response):
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(b"".join(response) if response.streaming else response.content)
    return calendar, calendar.walk("VEVENT")


def test_meeting_ics_is_valid_with_zone_uid_and_url(client, meeting, settings):
    settings.SITE_URL = "https://alliance.example.org"
    calendar, (event,) = _events(client.get(f"/cercles/reunions/{meeting.pk}/reunion.ics"))

    assert str(event["UID"]) == f"meeting-{meeting.pk}@alliance.example.org"
    assert int(event["SEQUENCE"]) == 0
    assert event["DTSTART"].params["TZID"] == "Europe/Paris"
    assert event.decoded("DTSTART") == meeting.start.replace(microsecond=0)
    assert str(event["URL"]).endswith(f"/cercles/reunions/{meeting.pk}/")
    assert str(event["STATUS"]) == "CONFIRMED"
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]


def test_sequence_grows_with_each_change_and_the_uid_stays(client, meeting, jobs):
    url = f"/cercles/reunions/{meeting.pk}/reunion.ics"
    _, (before,) = _events(client.get(url))
    with jobs(execute=True):
        meeting.move(start=meeting.start + timedelta(hours=1), end=meeting.end + timedelta(hours=1))
    _, (moved,) = _events(client.get(url))
    with jobs(execute=True):
        Meeting.objects.get(pk=meeting.pk).cancel()
    _, (cancelled,) = _events(client.get(url))

    assert before["UID"] == moved["UID"] == cancelled["UID"]
    assert [int(e["SEQUENCE"]) for e in (before, moved, cancelled)] == [0, 1, 2]
    assert str(cancelled["STATUS"]) == "CANCELLED"


def _meetings(circle, n):
    start = timezone.now() + timedelta(days=1)
    Meeting.objects.bulk_create(
        [
            Meeting(
                circle=circle,
                title=f"Séance {i}",
                start=start + timedelta(days=i),
                end=start + timedelta(days=i, hours=2),
            )
            for i in range(n)
        ]
    )


@pytest.mark.parametrize("n", [5, 100])
def test_circle_feed_lists_its_meetings_in_constant_queries(
    client, circle, n, django_assert_num_queries
):
    _meetings(circle, n)
    _meetings(factories.CircleFactory(), 3)  # another circle's meetings stay out
    with django_assert_num_queries(2):
        response = client.get(f"/cercles/{circle.slug}/agenda.ics")
    _, events = _events(response)
    assert len(events) == n


@pytest.mark.parametrize("n", [5, 100])
def test_member_feed_lists_the_meetings_of_their_circles(
    client, circle, n, django_assert_num_queries
):
    person = factories.PersonFactory()
    Membership.objects.create(circle=circle, person=person)
    profile = CircleProfile.objects.create(person=person)
    _meetings(circle, n)
    _meetings(factories.CircleFactory(), 3)
    with django_assert_num_queries(2):
        response = client.get(f"/agenda/flux/{profile.feed_token}.ics")
    _, events = _events(response)
    assert len(events) == n


def test_renewing_the_feed_token_retires_the_old_address(client_as, member):
    client = client_as("member")
    assert "Créer mon adresse d" in client.get("/agenda/preferences/").content.decode()
    assert not CircleProfile.objects.filter(person=member.person).exists()  # a GET writes nothing
    client.post("/agenda/preferences/", {"action": "feed"})
    profile = CircleProfile.objects.get(person=member.person)
    assert profile.feed_token in client.get("/agenda/preferences/").content.decode()
    old = profile.feed_token

    client.post("/agenda/preferences/", {"action": "renew"})

    profile.refresh_from_db()
    assert profile.feed_token != old
    assert client.get(f"/agenda/flux/{old}.ics").status_code == 404
    assert client.get(f"/agenda/flux/{profile.feed_token}.ics").status_code == 200


def test_a_member_can_opt_out_of_reminders(client_as, member):
    client = client_as("member")
    response = client.post("/agenda/preferences/", {})
    assert response.status_code == 302
    assert CircleProfile.objects.get(person=member.person).reminders is False


def test_the_video_link_stays_out_of_public_calendars(client, client_as, circle):
    meeting = factories.MeetingFactory(circle=circle, video_url="https://visio.example.org/x")
    url = f"/cercles/reunions/{meeting.pk}/reunion.ics"
    _, (public,) = _events(client.get(url))
    _, (private,) = _events(client_as("member").get(url))
    _, feed = _events(client.get(f"/cercles/{circle.slug}/agenda.ics"))
    assert "visio.example.org" not in str(public["LOCATION"])
    assert "visio.example.org" not in str(feed[0]["LOCATION"])
    assert "visio.example.org" in str(private["LOCATION"])
