import re

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.browser.conftest import assert_accessible, at_once

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
@at_once
def register():
    blagnac = factories.CommuneFactory(
        name="Blagnac", slug="blagnac", latitude=43.63, longitude=1.39
    )
    energy = factories.ThemeFactory(name="Énergie", slug="energie")
    solar = factories.OrganisationFactory(
        name="Énergies Solidaires",
        commune=blagnac,
        description="Coopérative **citoyenne**.",
        latitude=43.64,
        longitude=1.38,
    )
    solar.themes.add(energy)
    factories.OrganisationFactory(name="Mairie de Balma", kind="collectivite", size="")
    factories.OrganisationFactory(
        name="Ville de Cugnaux", kind="collectivite", size="", longitude=1.35
    )
    person = factories.PersonFactory(
        first_name="Inès", last_name="Partage", email="ines@example.org", share_contact=True
    )
    factories.RepresentationFactory(person=person, organisation=solar, role="Présidente")
    return solar


def card_names(page):
    return page.locator("#actor-rows .actor-card h3").all_inner_texts()


def test_visitor_filters_the_directory_shares_the_url_and_goes_back(page, visit, register):
    visit("/acteurs/")
    assert card_names(page) == ["Énergies Solidaires", "Mairie de Balma", "Ville de Cugnaux"]

    page.select_option("#id_kind", "collectivite")
    page.wait_for_url(re.compile(r"kind=collectivite"))
    expect(page.locator("#actor-rows .actor-card")).to_have_count(2)
    assert card_names(page) == ["Mairie de Balma", "Ville de Cugnaux"]
    expect(page.locator("#actor-live")).to_have_text("2 acteurs")
    assert_accessible(page)

    page.fill("#id_q", "cugnaux")
    page.wait_for_url(re.compile(r"q=cugnaux"))
    expect(page.locator("#actor-rows .actor-card")).to_have_count(1)
    assert card_names(page) == ["Ville de Cugnaux"]

    # The URL alone gives the same view (a shared link).
    shared = page.url
    other = page.context.new_page()
    other.goto(shared)
    assert card_names(other) == ["Ville de Cugnaux"]
    other.close()

    page.go_back()
    page.wait_for_url(re.compile(r"kind=collectivite(?!.*q=cugnaux)"))
    expect(page.locator("#actor-rows .actor-card")).to_have_count(2)
    page.go_back()
    expect(page.locator("#actor-rows .actor-card")).to_have_count(3)
    assert "kind=" not in page.url


def test_visitor_toggles_to_the_map_with_the_same_filters(page, visit, register):
    visit("/acteurs/?kind=collectivite")
    page.locator(".view-toggle").get_by_role("link", name="Carte").click()
    page.wait_for_url(re.compile(r"/acteurs/carte/\?kind=collectivite"))
    expect(page.locator("#actor-map")).to_have_attribute("data-count", "2")
    assert page.locator("#actor-map-status").inner_text() == "2 acteurs sur la carte"
    assert_accessible(page)

    page.select_option("#id_kind", "entreprise")
    expect(page.locator("#actor-map")).to_have_attribute("data-count", "1")
    assert "kind=entreprise" in page.url
    page.locator(".leaflet-marker-icon").first.click()
    popup = page.locator(".leaflet-popup-content a")
    expect(page.locator(".leaflet-popup")).to_have_css("opacity", "1")
    assert popup.inner_text() == "Énergies Solidaires"
    assert_accessible(page)

    page.locator(".view-toggle").get_by_role("link", name="Liste").click()
    page.wait_for_url(re.compile(r"/acteurs/\?kind=entreprise"))
    assert card_names(page) == ["Énergies Solidaires"]


def test_keyboard_user_opens_a_marker_popup_with_enter(page, visit, register):
    # Popups are made on the first click or Enter, not bound to every marker up front.
    visit("/acteurs/carte/?kind=entreprise")
    expect(page.locator("#actor-map")).to_have_attribute("data-count", "1")
    marker = page.locator(".leaflet-marker-icon").first
    marker.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".leaflet-popup")).to_have_css("opacity", "1")
    assert page.locator(".leaflet-popup-content a").inner_text() == "Énergies Solidaires"
    page.get_by_role("button", name="Fermer la bulle").click()
    expect(page.locator(".leaflet-popup")).to_have_count(0)
    marker.focus()
    page.keyboard.press("Enter")  # bound now: Leaflet's own listener opens it again
    expect(page.locator(".leaflet-popup")).to_have_css("opacity", "1")
    assert_accessible(page)


def test_organisation_page_is_accessible_and_shows_contacts_to_members(
    page, visit, login, register, member
):
    visit(register.get_absolute_url())
    assert page.locator("h1").inner_text() == "Énergies Solidaires"
    assert page.locator(".actor-description strong").inner_text() == "citoyenne"
    assert page.get_by_text("ines@example.org").count() == 0

    login(member)
    visit(register.get_absolute_url())
    assert page.get_by_role("link", name="ines@example.org").is_visible()


def test_representative_edits_the_profile(page, visit, login, carrier):
    organisation = carrier.person.organisations.get()
    login(carrier)
    visit(organisation.get_absolute_url())
    page.get_by_role("link", name="Modifier le profil").click()
    page.wait_for_url(re.compile(r"/modifier/$"))
    assert_accessible(page)
    page.fill("#id_description", "Nous **réparons** le territoire.")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url(re.compile(re.escape(organisation.get_absolute_url()) + "$"))
    assert page.locator(".actor-description strong").inner_text() == "réparons"
    assert_accessible(page)


def test_member_agrees_to_share_contacts_on_an_accessible_page(page, visit, login, member):
    login(member)
    visit("/compte/coordonnees/")
    page.fill("#id_phone", "05 61 12 34 56")
    page.check("#id_share_contact")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url(re.compile(r"/compte/coordonnees/$"))
    assert page.locator("#id_share_contact").is_checked()
    assert_accessible(page)
