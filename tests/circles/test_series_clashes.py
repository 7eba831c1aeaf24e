"""A series takes the circle's own meetings into account: a date a few days from one of
them is marked in the preview and skipped unless kept; past dates ask for confirmation."""

from datetime import date, datetime, time, timedelta

import pytest

from circles.calendars import PARIS
from circles.models import Meeting, Membership
from circles.scheduling import NEAR_DAYS, Occurrence, add_warnings
from tests import factories

pytestmark = pytest.mark.django_db


def _series(**extra):
    # Every other month, the 2nd Tuesday: 12 January, 9 March, 11 May, 13 July 2027.
    return {
        "title": "Cercle d'animation",
        "every": "2-mois",
        "weekday": "TU",
        "position": "2",
        "first_day": "2027-01-01",
        "count": "4",
        "at": "14:00",
        "duration": "120",
        "action": "preview",
        **extra,
    }


def _existing(circle, day: date, **fields):
    start = datetime.combine(day, time(10), PARIS)
    fields.setdefault("title", "Cercle déjà prévu")
    return factories.MeetingFactory(
        circle=circle, start=start, end=start + timedelta(hours=2), **fields
    )


def _post(client_as, circle, data):
    return client_as("facilitator").post(f"/cercles/{circle.slug}/reunions/serie/", data)


def test_the_preview_marks_a_date_near_a_meeting_of_the_circle_with_a_box_to_keep_it(
    client_as, circle
):
    _existing(circle, date(2027, 3, 11))
    body = _post(client_as, circle, _series()).content.decode()
    assert "Proche d&#x27;une réunion du cercle : « Cercle déjà prévu » le 11 mars 2027" in body
    assert 'name="keep" value="2027-03-09"' in body
    assert body.count('name="keep"') == 1
    assert Meeting.objects.count() == 1


def test_creating_skips_the_marked_date_unless_it_is_kept(client_as, circle):
    _existing(circle, date(2027, 3, 11))
    _post(client_as, circle, _series(action="create"))
    days = {m.start.date() for m in Meeting.objects.exclude(series=None)}
    assert date(2027, 3, 9) not in days and len(days) == 3

    Meeting.objects.exclude(series=None).delete()
    _post(client_as, circle, {**_series(action="create"), "keep": "2027-03-09"})
    assert Meeting.objects.exclude(series=None).count() == 4


def test_a_date_further_away_a_cancelled_meeting_or_another_circle_s_is_not_marked(
    client_as, circle, concertation
):
    _existing(circle, date(2027, 3, 9) + timedelta(days=NEAR_DAYS + 1))
    _existing(circle, date(2027, 5, 11)).cancel()
    _existing(concertation, date(2027, 7, 13))
    body = _post(client_as, circle, _series()).content.decode()
    assert "Proche d&#x27;une réunion du cercle" not in body


def test_the_warnings_cost_the_same_queries_however_many_meetings(
    circle, concertation, django_assert_max_num_queries
):
    member = factories.PersonFactory()
    for each in (circle, concertation):
        Membership.objects.create(circle=each, person=member)
    _existing(concertation, date(2027, 1, 12))
    for days in range(0, 60, 2):
        _existing(circle, date(2027, 1, 1) + timedelta(days=days))
    start = datetime(2027, 1, 12, 14, tzinfo=PARIS)
    items = [
        Occurrence(start + timedelta(weeks=w), start + timedelta(weeks=w, hours=2))
        for w in range(12)
    ]
    with django_assert_max_num_queries(5):
        add_warnings(circle, items)
    assert sum(bool(i.near) for i in items) >= 6


def test_a_past_date_is_shown_and_asks_for_confirmation_before_anything_is_created(
    client_as, circle
):
    past = date.today() - timedelta(days=40)
    data = _series(first_day=past.isoformat(), count="2", every="mois")
    body = _post(client_as, circle, data).content.decode()
    assert "Date déjà passée" in body

    response = _post(client_as, circle, {**data, "action": "create"})
    assert response.status_code == 200
    assert "Certaines dates sont déjà passées" in response.content.decode()
    assert 'class="preview-list"' in response.content.decode()  # the dates stay in view
    assert Meeting.objects.count() == 0

    response = _post(client_as, circle, {**data, "action": "create", "confirm_past": "on"})
    assert response.status_code == 302
    assert Meeting.objects.count() == 2


def test_keeping_no_date_at_all_is_refused_in_french(client_as, circle):
    _existing(circle, date(2027, 1, 12))
    response = _post(client_as, circle, _series(count="1", action="create"))
    assert response.status_code == 200
    assert "Toutes les dates sont écartées" in response.content.decode()
    assert Meeting.objects.count() == 1
