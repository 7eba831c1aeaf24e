"""Attendance: the facilitator records who came (walk-ins too) and who was excused; the
minutes list who came by organisation."""

from datetime import timedelta

import pytest
from django.utils import timezone

from circles.models import Registration
from tests import factories


@pytest.fixture
def held(circle):
    start = timezone.now() - timedelta(hours=3)
    return factories.MeetingFactory(
        circle=circle, title="Cercle de printemps", start=start, end=start + timedelta(hours=2)
    )


def _registered(meeting, first, last, organisation=None, answer="oui", **fields):
    person = factories.PersonFactory(first_name=first, last_name=last)
    if organisation:
        factories.RepresentationFactory(person=person, organisation=organisation)
    return Registration.objects.create(
        meeting=meeting, person=person, answer=answer, confirmed_at=timezone.now(), **fields
    )


def _url(meeting, suffix=""):
    return f"/cercles/reunions/{meeting.pk}/presences/{suffix}"


def test_the_facilitator_adds_a_walk_in_found_by_search(client_as, held):
    region = factories.OrganisationFactory(name="Région Occitanie")
    person = factories.PersonFactory(first_name="Inès", last_name="Marchand")
    factories.RepresentationFactory(person=person, organisation=region)
    facilitator = client_as("facilitator")

    page = facilitator.get(_url(held), {"q": "occitanie"})
    assert page.status_code == 200
    assert f'id="person-{person.pk}"' in page.content.decode()

    response = facilitator.post(_url(held, "ajout/"), {"person": person.pk, "presence": "present"})
    assert response.status_code == 302
    registration = held.registrations.get(person=person)
    assert registration.walk_in and registration.attended is True and not registration.excused


def test_the_walk_in_search_ignores_accents(client_as, held):
    person = factories.PersonFactory(first_name="Inès", last_name="Marchand")
    page = client_as("facilitator").get(_url(held), {"q": "ines"}).content.decode()
    assert f'id="person-{person.pk}"' in page


def test_the_facilitator_types_in_a_walk_in_without_an_account(client_as, held):
    facilitator = client_as("facilitator")
    for name in ("Paul Passant", "Zoé Passante"):  # two walk-ins without e-mail: both kept
        response = facilitator.post(
            _url(held, "ajout/"),
            {"name": name, "organisation": "Mairie de Muret", "presence": "present"},
        )
        assert response.status_code == 302
    walk_ins = held.registrations.filter(walk_in=True, person=None)
    assert sorted(walk_ins.values_list("guest_name", flat=True)) == ["Paul Passant", "Zoé Passante"]
    assert set(walk_ins.values_list("guest_organisation", "attended")) == {
        ("Mairie de Muret", True)
    }


def test_a_walk_in_needs_a_person_or_a_name_and_the_form_says_so(client_as, held):
    response = client_as("facilitator").post(_url(held, "ajout/"), {"presence": "present"})
    assert response.status_code == 200
    assert "Choisissez une personne trouvée ou saisissez un nom" in response.content.decode()
    assert not held.registrations.exists()


def test_attendance_waits_for_the_meeting_to_start(client_as, meeting):
    response = client_as("facilitator").post(
        _url(meeting, "ajout/"), {"name": "Trop tôt", "presence": "present"}
    )
    assert response.status_code == 200
    assert "une fois la réunion commencée" in response.content.decode()
    assert not meeting.registrations.exists()


def test_the_facilitator_marks_present_absent_and_excused(client_as, held):
    came = _registered(held, "Ana", "Venue")
    missed = _registered(held, "Bruno", "Absent")
    warned = _registered(held, "Chloé", "Excusée", answer="non")
    unknown = _registered(held, "Denis", "Inconnu")
    response = client_as("facilitator").post(
        _url(held),
        {
            f"presence_{came.pk}": "present",
            f"presence_{missed.pk}": "absent",
            f"presence_{warned.pk}": "excuse",
            f"presence_{unknown.pk}": "",
        },
    )
    assert response.status_code == 302
    rows = dict(held.registrations.values_list("pk", "attended"))
    assert rows == {came.pk: True, missed.pk: False, warned.pk: False, unknown.pk: None}
    assert list(held.registrations.excused()) == [warned]


def test_an_excused_person_found_by_search_is_recorded_as_excused(client_as, held):
    person = factories.PersonFactory(first_name="Élise", last_name="Empêchée")
    client_as("facilitator").post(_url(held, "ajout/"), {"person": person.pk, "presence": "excuse"})
    registration = held.registrations.get(person=person)
    assert registration.excused and registration.attended is False


def test_the_minutes_list_who_came_by_organisation_and_who_was_excused(client_as, held):
    region = factories.OrganisationFactory(name="Région Occitanie")
    coop = factories.OrganisationFactory(name="Coopérative Solaire")
    for first, last, organisation in (
        ("Ana", "Martin", region),
        ("Basile", "Roux", region),
        ("Chloé", "Petit", coop),
    ):
        _registered(held, first, last, organisation, attended=True)
    Registration.objects.create(
        meeting=held, guest_name="Paul Passant", walk_in=True, attended=True
    )
    _registered(held, "Élise", "Empêchée", coop, answer="non", attended=False, excused=True)

    page = client_as("member").get(held.get_absolute_url()).content.decode()
    section = page[page.index('id="attendance"') :]
    assert "<strong>Coopérative Solaire</strong> : Chloé Petit</li>" in section
    assert "<strong>Région Occitanie</strong> : Ana Martin, Basile Roux</li>" in section
    assert section.index("Coopérative Solaire") < section.index("Région Occitanie")
    assert "<strong>Sans organisation</strong> : Paul Passant</li>" in section
    assert "Excusés" in section and "Élise Empêchée (Coopérative Solaire)" in section


def test_visitors_see_no_names_of_who_came(client, held):
    Registration.objects.create(meeting=held, guest_name="Paul Passant", attended=True)
    page = client.get(held.get_absolute_url()).content.decode()
    assert "Paul Passant" not in page


def test_the_attendance_list_takes_constant_queries(client_as, held, django_assert_max_num_queries):
    region = factories.OrganisationFactory(name="Région Occitanie")
    for i in range(30):
        _registered(held, f"P{i}", f"Nom{i}", region)
    held.registrations.update(attended=True)
    member = client_as("member")
    member.get(held.get_absolute_url())  # warm the session and the caches
    with django_assert_max_num_queries(20):
        page = member.get(held.get_absolute_url())
    assert page.content.decode().count("Nom2") >= 1
    facilitator = client_as("facilitator")
    facilitator.get(_url(held))
    with django_assert_max_num_queries(20):
        assert facilitator.get(_url(held), {"q": "Nom"}).status_code == 200
