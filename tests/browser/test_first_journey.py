import re

import pytest

from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("width", [1280, 375], ids=["desktop", "mobile"])
def test_visitor_switches_language_and_logs_in_as_a_member(page, visit, member, width):
    page.set_viewport_size({"width": width, "height": 800})
    visit("/")
    nav = page.locator("#main-nav")
    if width < 600:
        page.click(".nav-toggle")
    for label in ["Carte", "Projets", "Acteurs", "Cercles", "Agenda", "Feuille de route", "Idées"]:
        assert nav.get_by_role("link", name=label, exact=True).is_visible()

    page.click("button[name=language][value=en]")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert_accessible(page)
    page.click("button[name=language][value=fr]")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "fr"

    page.get_by_role("banner").get_by_role("link", name="Se connecter").click()
    page.wait_for_url(re.compile(r"/compte/login/"))
    assert_accessible(page)
    page.fill("input[name=login]", member.email)
    page.fill("input[name=password]", "motdepasse-solide-42")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".account-name").inner_text() == "Camille Membre"
    assert_accessible(page)
