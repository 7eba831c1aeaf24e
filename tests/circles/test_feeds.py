"""Calendar feeds that subscriptions keep: webcal and https links, the whole history,
cancelled meetings, declined ones left out of a personal feed, stable UIDs, conditional
GET and HEAD. Read with icalendar and, independently, vobject."""

from datetime import datetime, timedelta

import pytest
import vobject
from django.utils import timezone
from django.utils.http import http_date
from icalendar import Calendar

from circles.calendars import PARIS
from circles.models import CircleProfile, Meeting, Membership, Registration
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "https://alliance.example.org"


def _read(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    ical = Calendar.from_ical(response.content)
    vcal = vobject.readOne(response.content.decode())
    return ical, vcal


def _uids(ical) -> set[str]:
    return {str(e["UID"]) for e in ical.walk("VEVENT")}


def _charter_year(circle):
    """Meetings from 2023 (the charter's), one cancelled, and one to come."""
    old = datetime(2023, 3, 14, 14, tzinfo=PARIS)
    first = factories.MeetingFactory(circle=circle, start=old, end=old + timedelta(hours=2))
    cancelled = factories.MeetingFactory(
        circle=circle, start=old + timedelta(days=60), end=old + timedelta(days=60, hours=2)
    )
    cancelled.cancel()
    soon = timezone.now() + timedelta(days=10)
    coming = factories.MeetingFactory(circle=circle, start=soon, end=soon + timedelta(hours=2))
    return first, cancelled, coming


def test_the_circle_feed_keeps_past_and_cancelled_meetings_with_stable_uids(client, circle):
    first, cancelled, coming = _charter_year(circle)

    ical, vcal = _read(client.get(f"/cercles/{circle.slug}/agenda.ics"))

    assert _uids(ical) == {
        f"meeting-{m.pk}@alliance.example.org" for m in (first, cancelled, coming)
    }
    status = {str(e["UID"]): str(e["STATUS"]) for e in ical.walk("VEVENT")}
    assert status[cancelled.uid] == "CANCELLED" and status[first.uid] == "CONFIRMED"
    assert {e.uid.value for e in vcal.vevent_list} == _uids(ical)
    assert str(ical["REFRESH-INTERVAL"].to_ical().decode()) == "PT6H"
    assert ical["REFRESH-INTERVAL"].params["VALUE"] == "DURATION"
    assert str(ical["X-PUBLISHED-TTL"]) == "PT6H"


def test_the_whole_agenda_feed_lists_every_circle(client, circle, concertation):
    mine = _charter_year(circle)
    theirs = factories.MeetingFactory(circle=concertation, video_url="https://visio.example.org/s")

    response = client.get("/agenda/agenda.ics")

    ical, vcal = _read(response)
    assert _uids(ical) == {m.uid for m in (*mine, theirs)}
    assert "visio.example.org" not in response.content.decode()  # public details only
    assert len(vcal.vevent_list) == 4


def test_the_personal_feed_leaves_out_what_the_person_declined(client):
    person = factories.PersonFactory()
    circle = factories.CircleFactory()
    Membership.objects.create(circle=circle, person=person)
    profile = CircleProfile.objects.create(person=person)
    kept = factories.MeetingFactory(circle=circle)
    declined = factories.MeetingFactory(circle=circle)
    elsewhere = factories.MeetingFactory()  # another circle, registered as coming
    now = timezone.now()
    Registration.objects.create(meeting=declined, person=person, answer="non", confirmed_at=now)
    Registration.objects.create(meeting=elsewhere, person=person, answer="oui", confirmed_at=now)

    ical, _vcal = _read(client.get(f"/agenda/flux/{profile.feed_token}.ics"))

    assert _uids(ical) == {kept.uid, elsewhere.uid}


def test_feeds_answer_304_to_if_none_match_and_if_modified_since(client, circle):
    _charter_year(circle)
    url = f"/cercles/{circle.slug}/agenda.ics"
    first = client.get(url)
    etag, modified = first["ETag"], first["Last-Modified"]
    assert etag.startswith('"') and modified

    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    assert client.get(url, headers={"If-Modified-Since": modified}).status_code == 304
    assert client.get(url, headers={"If-None-Match": '"other"'}).status_code == 200

    meeting = circle.meetings.first()
    meeting.title = "Nouveau titre"
    meeting.save()
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag
    later = http_date((meeting.updated_at + timedelta(seconds=5)).timestamp())
    assert client.get(url, headers={"If-Modified-Since": later}).status_code == 304


def test_head_works_on_every_feed_and_download(client_as, circle, meeting, feed_profile):
    facilitator = client_as("facilitator")
    for url in (
        f"/cercles/{circle.slug}/agenda.ics",
        "/agenda/agenda.ics",
        f"/agenda/flux/{feed_profile.feed_token}.ics",
        f"/cercles/reunions/{meeting.pk}/reunion.ics",
        f"/cercles/reunions/{meeting.pk}/inscrits.csv",
    ):
        head = facilitator.head(url)
        assert head.status_code == 200, url
        assert (b"".join(head) if head.streaming else head.content) == b""
        assert head["Content-Type"] == facilitator.get(url)["Content-Type"]


def test_pages_offer_webcal_and_https_links(client, client_as, circle, member):
    webcal = f"webcal://alliance.example.org/cercles/{circle.slug}/agenda.ics"
    page = client.get(circle.get_absolute_url()).content.decode()
    assert f'href="{webcal}"' in page
    assert f'href="https://alliance.example.org/cercles/{circle.slug}/agenda.ics"' in page
    agenda = client.get("/agenda/").content.decode()
    assert 'href="webcal://alliance.example.org/agenda/agenda.ics"' in agenda
    logged = client_as("member")
    logged.post("/agenda/preferences/", {"action": "feed"})  # GET writes nothing: POST makes it
    preferences = logged.get("/agenda/preferences/").content.decode()
    token = CircleProfile.objects.get(person=member.person).feed_token
    assert f'href="webcal://alliance.example.org/agenda/flux/{token}.ics"' in preferences


def test_the_time_zone_is_one_rule_valid_beyond_2038(client, circle):
    late = datetime(2041, 7, 2, 14, tzinfo=PARIS)
    winter = datetime(2045, 1, 10, 14, tzinfo=PARIS)
    for start in (late, winter):
        factories.MeetingFactory(circle=circle, start=start, end=start + timedelta(hours=2))

    ical, vcal = _read(client.get(f"/cercles/{circle.slug}/agenda.ics"))

    (tz,) = ical.walk("VTIMEZONE")
    assert len(tz.walk("DAYLIGHT")) == len(tz.walk("STANDARD")) == 1  # rules, not a list
    assert "RRULE" in tz.walk("DAYLIGHT")[0]
    starts = sorted(e.dtstart.value for e in vcal.vevent_list)
    assert [s.utcoffset() for s in starts] == [timedelta(hours=2), timedelta(hours=1)]
    assert [s.hour for s in starts] == [14, 14]


@pytest.mark.parametrize("n", [5, 60])
def test_feeds_answer_in_constant_queries(client, circle, n, django_assert_max_num_queries):
    start = timezone.now() - timedelta(days=400)
    Meeting.objects.bulk_create(
        [
            Meeting(
                circle=circle,
                title=f"Séance {i}",
                start=start + timedelta(days=14 * i),
                end=start + timedelta(days=14 * i, hours=2),
            )
            for i in range(n)
        ]
    )
    with django_assert_max_num_queries(2):
        ical, _ = _read(client.get(f"/cercles/{circle.slug}/agenda.ics"))
    with django_assert_max_num_queries(1):
        client.get("/agenda/agenda.ics")
    assert len(ical.walk("VEVENT")) == n
