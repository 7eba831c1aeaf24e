"""The facilitator records attendance after a meeting (a walk-in found by search, one
typed in, an excused absence), then makes a decision of the minutes a milestone."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from circles.models import Circle, Registration
from roadmap.models import Milestone
from tests import factories
from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def test_attendance_then_a_decision_becomes_a_milestone(page, visit, login, facilitator):
    circle = Circle.objects.create(name="Cercle d'animation", kind="animation")
    start = timezone.now() - timedelta(hours=3)
    meeting = factories.MeetingFactory(
        circle=circle,
        title="Cercle de printemps",
        start=start,
        end=start + timedelta(hours=2),
        minutes="Bon échange.",
        decisions="Lancer l'appel à projets rénovation",
        status="tenue",
    )
    region = factories.OrganisationFactory(name="Région Occitanie")
    ines = factories.PersonFactory(first_name="Inès", last_name="Marchand")
    factories.RepresentationFactory(person=ines, organisation=region)
    excused = factories.PersonFactory(first_name="Élise", last_name="Empêchée")
    Registration.objects.create(
        meeting=meeting, person=excused, answer="non", confirmed_at=timezone.now()
    )

    login(facilitator)
    visit(meeting.get_absolute_url())
    page.get_by_role("link", name="Présences, personnes venues sans inscription").click()
    page.wait_for_url(re.compile(r"/presences/$"))
    assert_accessible(page)
    page.get_by_role("textbox", name="Rechercher une personne").fill("occitanie")
    page.get_by_role("button", name="Rechercher").click()
    page.wait_for_selector(f"#person-{ines.pk}")
    assert_accessible(page)
    page.locator(f"#person-{ines.pk}").get_by_role("button", name="Présent·e").click()
    page.wait_for_url(re.compile(r"/presences/$"))
    page.get_by_label("Nom et prénom").fill("Paul Passant")
    page.get_by_label("Organisation").fill("Mairie de Muret")
    page.get_by_role("button", name="Ajouter", exact=True).click()
    page.wait_for_url(re.compile(r"/presences/$"))
    registration = Registration.objects.get(meeting=meeting, person=excused)
    page.locator(f"#presence-{registration.pk}").get_by_label("excusé").check()
    page.get_by_role("button", name="Enregistrer les présences").click()
    page.wait_for_url(re.compile(r"/presences/$"))
    assert_accessible(page)

    visit(meeting.get_absolute_url())
    attendance = page.locator("#attendance").inner_text()
    assert "Région Occitanie : Inès Marchand" in attendance
    assert "Mairie de Muret : Paul Passant" in attendance
    assert "Élise Empêchée" in attendance
    page.get_by_role("button", name="En faire un jalon").click()
    page.wait_for_url(re.compile(r"#decisions$"))
    assert_accessible(page)
    milestone = Milestone.objects.get(decided_in=meeting)
    page.get_by_role("link", name="jalon de la feuille de route").click()
    page.wait_for_selector(f"#milestone-{milestone.pk}")
    assert "Décidé en réunion du" in page.locator(f"#milestone-{milestone.pk}").inner_text()
    assert_accessible(page)
