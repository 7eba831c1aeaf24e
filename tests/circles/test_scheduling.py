from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from circles.models import Meeting, MeetingSeries, Membership, Registration
from tests import factories

pytestmark = pytest.mark.django_db


def _series(**extra):
    return {
        "title": "Cercle d'animation",
        "rule": "FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU",
        "first_day": "2027-01-01",
        "count": "4",
        "at": "14:00",
        "duration": "120",
        "place": "Hôtel de Région",
        "action": "preview",
        **extra,
    }


def test_the_series_preview_lists_dates_and_creates_nothing(client_as, circle):
    response = client_as("facilitator").post(f"/cercles/{circle.slug}/reunions/serie/", _series())
    body = response.content.decode()
    assert response.status_code == 200
    for day in ["12 janvier 2027", "9 mars 2027", "11 mai 2027", "13 juillet 2027"]:
        assert day in body
    assert Meeting.objects.count() == 0


def test_creating_the_series_makes_the_meetings_in_paris_time(client_as, circle):
    response = client_as("facilitator").post(
        f"/cercles/{circle.slug}/reunions/serie/", _series(action="create")
    )
    assert response.status_code == 302
    meetings = list(Meeting.objects.order_by("start"))
    assert len(meetings) == 4
    assert {m.series_id for m in meetings} == {MeetingSeries.objects.get().pk}
    first = timezone.localtime(meetings[0].start)
    assert (first.date().isoformat(), first.hour, str(first.tzinfo)) == (
        "2027-01-12",
        14,
        "Europe/Paris",
    )
    assert meetings[0].end - meetings[0].start == timedelta(hours=2)


def test_ten_a_year_without_july_and_august(client_as, circle):
    rule = "FREQ=MONTHLY;BYMONTH=1,2,3,4,5,6,9,10,11,12;BYDAY=2TH"
    client_as("facilitator").post(
        f"/cercles/{circle.slug}/reunions/serie/",
        _series(rule=rule, count="", until="2027-12-31", action="create"),
    )
    months = sorted({m.start.month for m in Meeting.objects.all()})
    assert months == [1, 2, 3, 4, 5, 6, 9, 10, 11, 12]


def test_the_preview_warns_of_public_holidays_and_busy_members(client_as, circle):
    person = factories.PersonFactory()
    Membership.objects.create(circle=circle, person=person)
    other = factories.CircleFactory(name="Cercle de travail")
    Membership.objects.create(circle=other, person=person)
    start = timezone.make_aware(timezone.datetime(2027, 5, 1, 13, 0))
    factories.MeetingFactory(
        circle=other, title="Atelier filières", start=start, end=start + timedelta(hours=3)
    )
    body = (
        client_as("facilitator")
        .post(
            f"/cercles/{circle.slug}/reunions/serie/",
            _series(rule="FREQ=YEARLY;BYMONTH=5;BYMONTHDAY=1", count="1"),
        )
        .content.decode()
    )
    assert "Jour férié : Fête du Travail" in body
    assert "1 membre(s) déjà attendu(s) à « Atelier filières »" in body


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"rule": "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=31"}, "ne produit aucune date"),
        ({"rule": "n'importe quoi"}, "pas valide"),
        ({"rule": "FREQ=MINUTELY"}, "pas valide"),
        ({"count": "", "until": ""}, "date de fin ou un nombre"),
    ],
)
def test_a_bad_rule_is_refused_in_french_and_nothing_is_saved(client_as, circle, data, message):
    response = client_as("facilitator").post(
        f"/cercles/{circle.slug}/reunions/serie/", _series(action="create", **data)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Meeting.objects.count() == 0


def _meeting_data(meeting, **extra):
    local = timezone.localtime
    return {
        "title": meeting.title,
        "start": local(meeting.start).strftime("%Y-%m-%dT%H:%M"),
        "end": local(meeting.end).strftime("%Y-%m-%dT%H:%M"),
        "place": meeting.place,
        "status": "prevue",
        "registration_open": "on",
        "scope": "one",
        **extra,
    }


def test_the_facilitator_schedules_one_meeting(client_as, circle):
    response = client_as("facilitator").post(
        f"/cercles/{circle.slug}/reunions/nouvelle/",
        {
            "title": "Réunion exceptionnelle",
            "start": "2027-02-02T09:30",
            "end": "2027-02-02T11:00",
            "status": "prevue",
            "capacity": "20",
        },
    )
    meeting = Meeting.objects.get()
    assert response["Location"] == meeting.get_absolute_url()
    assert timezone.localtime(meeting.start).hour == 9


def test_a_meeting_ending_before_it_starts_is_refused(client_as, circle):
    response = client_as("facilitator").post(
        f"/cercles/{circle.slug}/reunions/nouvelle/",
        {
            "title": "À l'envers",
            "start": "2027-02-02T11:00",
            "end": "2027-02-02T09:00",
            "status": "prevue",
        },
    )
    assert "La réunion doit se terminer après son début." in response.content.decode()
    assert Meeting.objects.count() == 0


def test_capacity_below_the_registered_count_is_refused(client_as, meeting):
    for _ in range(3):
        Registration.objects.create(
            meeting=meeting, person=factories.PersonFactory(), confirmed_at=timezone.now()
        )
    response = client_as("facilitator").post(
        f"/cercles/reunions/{meeting.pk}/modifier/", _meeting_data(meeting, capacity="2")
    )
    assert "inférieure au nombre d&#x27;inscrits (3)" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.capacity is None


def _make_series(client_as, circle):
    client_as("facilitator").post(
        f"/cercles/{circle.slug}/reunions/serie/", _series(action="create")
    )
    return list(Meeting.objects.order_by("start"))


def test_editing_this_and_following_shifts_the_rest_of_the_series(client_as, circle, jobs):
    first, second, third, fourth = _make_series(client_as, circle)
    data = _meeting_data(second, place="Maison de l'économie", scope="following")
    later = timezone.localtime(second.start) + timedelta(hours=1)
    data["start"] = later.strftime("%Y-%m-%dT%H:%M")
    data["end"] = (later + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")

    with jobs(execute=True):
        response = client_as("facilitator").post(f"/cercles/reunions/{second.pk}/modifier/", data)

    assert response.status_code == 302
    for m in (first, second, third, fourth):
        m.refresh_from_db()
    assert first.place == "Hôtel de Région" and timezone.localtime(first.start).hour == 14
    for m in (second, third, fourth):
        assert m.place == "Maison de l'économie"
        assert timezone.localtime(m.start).hour == 15
        assert m.sequence >= 1


def test_editing_one_occurrence_leaves_the_others(client_as, circle):
    first, second, *_ = _make_series(client_as, circle)
    client_as("facilitator").post(
        f"/cercles/reunions/{first.pk}/modifier/", _meeting_data(first, place="Ailleurs")
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.place, second.place) == ("Ailleurs", "Hôtel de Région")
    assert first.sequence == 1


def test_cancelling_the_rest_of_a_series_notifies_the_registered(client_as, circle, jobs):
    first, second, third, fourth = _make_series(client_as, circle)
    person = factories.PersonFactory(email="inscrite@example.org")
    Registration.objects.create(meeting=third, person=person, confirmed_at=timezone.now())

    with jobs(execute=True):
        client_as("facilitator").post(
            f"/cercles/reunions/{second.pk}/annuler/", {"scope": "following"}
        )

    statuses = list(Meeting.objects.order_by("start").values_list("status", flat=True))
    assert statuses == ["prevue", "annulee", "annulee", "annulee"]
    notices = [m for m in mail.outbox if "annulée" in m.subject]
    assert [m.to for m in notices] == [["inscrite@example.org"]]


def test_cancelling_one_meeting_keeps_the_others(client_as, circle, jobs):
    first, second, *_ = _make_series(client_as, circle)
    with jobs(execute=True):
        client_as("facilitator").post(f"/cercles/reunions/{first.pk}/annuler/", {"scope": "one"})
    assert list(Meeting.objects.order_by("start").values_list("status", flat=True)) == [
        "annulee",
        "prevue",
        "prevue",
        "prevue",
    ]
