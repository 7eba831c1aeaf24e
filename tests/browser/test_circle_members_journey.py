import re

import pytest

from actors.models import Organisation
from circles.models import Circle, Membership
from tests import factories
from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def test_facilitator_adds_a_member_with_the_keyboard(page, visit, login, facilitator):
    circle = Circle.objects.create(
        name="Cercle de travail", kind="travail", cadence="FREQ=MONTHLY;BYDAY=2TU;BYHOUR=14"
    )
    mairie = factories.OrganisationFactory(
        name="Mairie de Blagnac", kind=Organisation.Kind.AUTHORITY
    )
    entreprise = factories.OrganisationFactory(name="Solaire Occitan")
    for organisation, email in [(mairie, "m1@example.org"), (entreprise, "m2@example.org")]:
        person = factories.PersonFactory(first_name="Marie", last_name="Dupont", email=email)
        factories.RepresentationFactory(person=person, organisation=organisation)

    login(facilitator)
    visit(circle.get_absolute_url())
    assert "le 2e mardi de chaque mois à 14 h" in page.locator(".circle-facts").inner_text()

    # The search answers as the facilitator types (HTMX), homonyms told apart.
    search = page.get_by_role("searchbox", name="Chercher une personne")
    search.focus()
    page.keyboard.type("Marie Dupont")
    page.wait_for_selector("#member-results .member-result >> nth=1")
    results = page.locator("#member-results label")
    assert results.count() == 2
    texts = results.all_inner_texts()
    assert any("Mairie de Blagnac" in t and "m1@example.org" in t for t in texts)
    assert any("Solaire Occitan" in t and "m2@example.org" in t for t in texts)
    assert_accessible(page)

    # From the keyboard: Space picks the Mairie's Marie, Enter on the button adds her.
    page.get_by_label(re.compile("Mairie de Blagnac")).focus()
    page.keyboard.press("Space")
    page.get_by_label("Rôle dans le cercle").select_option("observateur")
    page.get_by_label("Mandat depuis le").fill("2027-01-01")
    page.get_by_role("button", name="Ajouter au cercle").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_selector(".member-table")

    membership = Membership.objects.get(circle=circle)
    assert membership.person.email == "m1@example.org" and membership.organisation == mairie
    row = page.locator(f"#membership-{membership.pk}")
    assert "Observateur" in row.inner_text()
    assert page.locator("h3.member-kind").first.inner_text() == "Collectivité"
    history = page.locator(".member-history").inner_text()
    assert "Marie Dupont ajouté·e comme observateur (Mairie de Blagnac)" in history
    assert_accessible(page)
