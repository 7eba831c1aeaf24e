"""Decisions recorded in minutes become roadmap milestones in one step, linked back to
the meeting; the minutes show each decision's milestone once made."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from alliance.timezones import PARIS
from roadmap.models import Milestone
from tests import factories


@pytest.fixture
def held(db):
    circle = factories.CircleFactory(name="Cercle d'animation", slug="cercle-animation")
    start = datetime(2026, 3, 10, 14, tzinfo=PARIS)
    return factories.MeetingFactory(
        circle=circle,
        title="Cercle de mars",
        start=start,
        end=start + timedelta(hours=2),
        minutes="On a parlé de la rénovation.",
        decisions="Lancer l'appel à projets rénovation\n\nCréer un groupe de travail mobilité",
        status="tenue",
    )


def _make(client, meeting, decision):
    return client.post(f"/feuille-de-route/decisions/{meeting.pk}/jalon/", {"decision": decision})


def test_the_facilitator_makes_a_decision_a_milestone_linked_to_the_meeting(client_as, held):
    theme = factories.ThemeFactory(name="Énergie", slug="energie")
    held.themes.add(theme)
    response = _make(client_as("facilitator"), held, "Lancer l'appel à projets rénovation")
    assert response.status_code == 302
    assert response["Location"] == f"/cercles/reunions/{held.pk}/#decisions"
    milestone = Milestone.objects.get()
    assert milestone.decided_in == held and milestone.circle == held.circle
    assert milestone.title == "Lancer l'appel à projets rénovation"
    assert milestone.kind == Milestone.Kind.DECISION
    assert milestone.date == timezone.localdate(held.start)
    assert list(milestone.themes.all()) == [theme]


def test_making_it_twice_keeps_one_milestone(client_as, held):
    facilitator = client_as("facilitator")
    _make(facilitator, held, "Lancer l'appel à projets rénovation")
    response = _make(facilitator, held, "Lancer l'appel à projets rénovation")
    assert response.status_code == 302
    assert Milestone.objects.count() == 1
    page = facilitator.get(held.get_absolute_url(), follow=True).content.decode()
    assert "déjà un jalon de la feuille de route" in page


def test_a_line_not_in_the_minutes_makes_nothing(client_as, held):
    response = _make(client_as("facilitator"), held, "Une décision inventée")
    assert response.status_code == 302
    assert not Milestone.objects.exists()


def test_members_cannot_make_milestones(client_as, held):
    assert (
        _make(client_as("member"), held, "Lancer l'appel à projets rénovation").status_code == 403
    )
    assert not Milestone.objects.exists()


def test_the_minutes_show_a_button_per_decision_then_its_milestone(client_as, held):
    facilitator = client_as("facilitator")
    page = facilitator.get(held.get_absolute_url()).content.decode()
    assert page.count("En faire un jalon") == 2
    _make(facilitator, held, "Créer un groupe de travail mobilité")
    milestone = Milestone.objects.get()
    page = facilitator.get(held.get_absolute_url()).content.decode()
    assert page.count("En faire un jalon") == 1
    assert f'href="/feuille-de-route/#milestone-{milestone.pk}"' in page
    assert (
        "En faire un jalon" not in client_as("member").get(held.get_absolute_url()).content.decode()
    )


def test_the_milestone_says_in_which_meeting_it_was_decided(client, client_as, held):
    _make(client_as("facilitator"), held, "Créer un groupe de travail mobilité")
    page = client.get("/feuille-de-route/").content.decode()
    assert "Décidé en réunion du" in page
    assert f'href="/cercles/reunions/{held.pk}/#decisions"' in page
    assert "10 mars 2026" in page


def test_a_long_decision_keeps_its_whole_text_in_the_description(client_as, held):
    long = "Adopter la charte " + "très " * 60 + "longue"
    held.decisions = long
    held.save(update_fields=["decisions"])
    facilitator = client_as("facilitator")
    _make(facilitator, held, long)
    _make(facilitator, held, long)
    milestone = Milestone.objects.get()
    assert len(milestone.title) == 200 and milestone.description == long
    assert "En faire un jalon" not in facilitator.get(held.get_absolute_url()).content.decode()
