import re

import pytest

from tests import factories
from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def test_header_suggestions_then_the_search_page_are_accessible(page, visit):
    factories.ProjectFactory(title="Énergie citoyenne du Lauragais")
    factories.OrganisationFactory(name="Energie Coop")
    factories.ProjectFactory(title="Rénovation énergétique des écoles")
    visit("/")
    box = page.locator("#site-search-q")
    box.fill("energie")
    suggestions = page.locator("#site-search-suggestions")
    suggestions.get_by_role("link", name="Tous les résultats").wait_for()
    assert suggestions.locator("mark").count() >= 3
    assert "Énergie citoyenne du Lauragais" in suggestions.inner_text()
    assert_accessible(page)

    box.press("Enter")
    page.wait_for_url(re.compile(r"/recherche/\?q=energie"))
    assert page.get_by_role("heading", name="Projets").is_visible()
    assert page.get_by_role("heading", name="Organisations").is_visible()
    assert_accessible(page)


def test_the_search_page_updates_its_results_as_you_type(page, visit):
    factories.CircleFactory(name="Cercle mobilité douce")
    factories.MilestoneFactory(title="Plan vélo adopté")
    visit("/recherche/")
    page.fill("#id_q", "mobilite")
    page.get_by_role("heading", name="Cercles").wait_for()
    assert page.locator("#search-results mark").first.inner_text() == "mobilité"
    assert "q=mobilite" in page.url
    page.fill("#id_q", "zzzz")
    page.get_by_text("Aucun résultat pour « zzzz ».").wait_for()
    assert_accessible(page)
