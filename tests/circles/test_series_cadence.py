"""The cadence is chosen in words and stored as an RRULE; the start-time field is the one
source of the time; rules the words cannot say are "autre" and kept."""

from datetime import date

import pytest
from django.utils import timezone

from circles import rules
from circles.models import Circle, Meeting, MeetingSeries
from tests import factories

pytestmark = pytest.mark.django_db


def _series(**extra):
    return {
        "title": "Cercle",
        "first_day": "2027-01-01",
        "count": "4",
        "at": "14:00",
        "duration": "120",
        "action": "create",
        **extra,
    }


def _create(client_as, circle, **extra):
    response = client_as("facilitator").post(
        f"/cercles/{circle.slug}/reunions/serie/", _series(**extra)
    )
    return response


def _local(meeting):
    return timezone.localtime(meeting.start)


@pytest.mark.parametrize(
    ("words", "rule", "days"),
    [
        (
            {"every": "2-semaines", "weekday": "FR"},
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=FR",
            [date(2027, 1, 1), date(2027, 1, 15), date(2027, 1, 29), date(2027, 2, 12)],
        ),
        (
            {"every": "mois", "weekday": "MO", "position": "1"},
            "FREQ=MONTHLY;BYDAY=1MO",
            [date(2027, 1, 4), date(2027, 2, 1), date(2027, 3, 1), date(2027, 4, 5)],
        ),
        (
            {"every": "2-mois", "weekday": "TU", "position": "2"},
            "FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU",
            [date(2027, 1, 12), date(2027, 3, 9), date(2027, 5, 11), date(2027, 7, 13)],
        ),
        (
            {"every": "par-an", "per_year": "4", "weekday": "WE", "position": "-1"},
            "FREQ=MONTHLY;INTERVAL=3;BYDAY=-1WE",
            [date(2027, 1, 27), date(2027, 4, 28), date(2027, 7, 28), date(2027, 10, 27)],
        ),
    ],
)
def test_a_cadence_in_words_is_stored_as_a_rule_and_makes_those_dates(
    client_as, circle, words, rule, days
):
    assert _create(client_as, circle, **words).status_code == 302
    assert MeetingSeries.objects.get().rule == rule
    meetings = Meeting.objects.order_by("start")
    assert [_local(m).date() for m in meetings] == days
    assert {(_local(m).hour, _local(m).minute) for m in meetings} == {(14, 0)}


def test_ten_a_year_in_words_leaves_out_july_and_august(client_as, circle):
    _create(
        client_as,
        circle,
        every="par-an",
        per_year="10",
        weekday="TH",
        position="2",
        count="",
        until="2027-12-31",
    )
    assert MeetingSeries.objects.get().rule == (
        "FREQ=MONTHLY;BYMONTH=1,2,3,4,5,6,9,10,11,12;BYDAY=2TH"
    )
    assert sorted({m.start.month for m in Meeting.objects.all()}) == [
        1,
        2,
        3,
        4,
        5,
        6,
        9,
        10,
        11,
        12,
    ]


def test_the_start_time_field_wins_over_an_old_rule_s_hours(client_as, circle):
    old = "FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU;BYHOUR=9;BYMINUTE=30"
    _create(client_as, circle, every="autre", rule=old, at="18:15", count="2")
    assert MeetingSeries.objects.get().rule == "FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU"
    assert {(_local(m).hour, _local(m).minute) for m in Meeting.objects.all()} == {(18, 15)}


def test_the_form_opens_on_the_circle_s_cadence_in_words(client_as):
    circle = factories.CircleFactory(cadence="FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU;BYHOUR=14")
    form = client_as("facilitator").get(f"/cercles/{circle.slug}/reunions/serie/").context["form"]
    assert (form["every"].value(), form["weekday"].value(), form["position"].value()) == (
        "2-mois",
        "TU",
        2,
    )


def test_a_rule_the_words_cannot_say_is_autre_and_kept(client_as):
    rule = "FREQ=YEARLY;BYMONTH=2,6,10;BYDAY=-1TH"
    circle = factories.CircleFactory(cadence=rule)
    form = client_as("facilitator").get(f"/cercles/{circle.slug}/reunions/serie/").context["form"]
    assert form["every"].value() == "autre" and form["rule"].value() == rule
    _create(client_as, circle, every="autre", rule=rule, count="3")
    assert MeetingSeries.objects.get().rule == rule
    assert [m.start.month for m in Meeting.objects.order_by("start")] == [2, 6, 10]


def test_the_preview_says_the_cadence_in_words(client_as, circle):
    body = (
        client_as("facilitator")
        .post(
            f"/cercles/{circle.slug}/reunions/serie/",
            _series(action="preview", every="2-mois", weekday="TU", position="2", at="14:30"),
        )
        .content.decode()
    )
    assert "Cadence : le 2e mardi, tous les deux mois à 14 h 30" in body


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"every": "par-an", "weekday": "TU"}, "per_year", "combien de réunions par an"),
        ({"every": "autre", "rule": ""}, "rule", "Choisissez une cadence en mots"),
        ({"every": "par-an", "per_year": "13"}, "per_year", "inférieure ou égale à 12"),
    ],
)
def test_an_incomplete_cadence_is_refused_in_french(client_as, circle, data, field, message):
    response = _create(client_as, circle, **data)
    assert response.status_code == 200
    assert message in str(response.context["form"].errors[field])
    assert not Meeting.objects.exists()


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=WEEKLY;BYDAY=MO",
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU",
        "FREQ=MONTHLY;BYDAY=-1FR",
        "FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU",
        "FREQ=MONTHLY;INTERVAL=12;BYDAY=3TH",
        "FREQ=MONTHLY;BYMONTH=1,2,3,4,5,6,7,9,10,11,12;BYDAY=2TH",
    ],
)
def test_every_cadence_the_words_write_reads_back_the_same(rule):
    cadence = rules.cadence_of(rule)
    assert cadence is not None and cadence.rule() == rule


@pytest.mark.parametrize(
    ("rule", "words"),
    [
        ("FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU", "le 2e mardi, tous les deux mois"),
        ("RRULE:freq=weekly;interval=2;byday=fr", "le vendredi, toutes les deux semaines"),
        (
            "FREQ=MONTHLY;BYMONTH=1,2,3,4,5,6,9,10,11,12;BYDAY=2TH",
            "le 2e jeudi, 10 fois par an, sauf juillet et août",
        ),
        (
            "FREQ=YEARLY;BYMONTH=2,6,10;BYDAY=-1TH",
            "autre (le dernier jeudi de février, juin et octobre)",
        ),
        ("FREQ=WEEKLY;BYDAY=MO,TU", "autre (le lundi et le mardi de chaque semaine)"),
        ("", ""),
    ],
)
def test_a_rule_is_described_in_words_or_as_autre(rule, words):
    assert rules.describe(rule) == words


CIRCLE = {"name": "Cercle mobilités", "kind": "travail", "reminders": "24"}


def test_the_circle_s_cadence_is_chosen_in_words_too(client_as):
    data = {**CIRCLE, "every": "par-an", "per_year": "10", "weekday": "TH", "position": "2"}
    assert client_as("facilitator").post("/cercles/nouveau/", data).status_code == 302
    circle = Circle.objects.get()
    assert circle.cadence == "FREQ=MONTHLY;BYMONTH=1,2,3,4,5,6,9,10,11,12;BYDAY=2TH"
    form = client_as("facilitator").get(f"/cercles/{circle.slug}/modifier/").context["form"]
    assert (form["every"].value(), form["per_year"].value()) == ("par-an", 10)


def test_a_circle_keeps_an_autre_rule_and_no_cadence_stays_none(client_as):
    rule = "FREQ=YEARLY;BYMONTH=2,6,10;BYDAY=-1TH"
    circle = factories.CircleFactory(cadence=rule)
    client = client_as("facilitator")
    form = client.get(f"/cercles/{circle.slug}/modifier/").context["form"]
    assert form["every"].value() == "autre"
    data = {**CIRCLE, "every": "autre", "cadence": rule}
    assert client.post(f"/cercles/{circle.slug}/modifier/", data).status_code == 302
    circle.refresh_from_db()
    assert circle.cadence == rule

    client.post("/cercles/nouveau/", {**CIRCLE, "name": "Sans cadence", "every": ""})
    assert Circle.objects.get(name="Sans cadence").cadence == ""
