"""Asking to join, by keyboard only, from the login page to the thanks page (axe-clean)."""

import re

import pytest

from alliance.models import JoinRequest
from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_visitor_asks_to_join_from_the_login_page_by_keyboard(page, visit):
    visit("/compte/login/")
    page.get_by_role("link", name="Demander à rejoindre").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/demander-a-rejoindre/$"))
    assert_accessible(page)
    page.locator("#id_name").focus()
    for text in ["Anne Onyme", "anne@example.org", "Coopérative du Lauragais", "chargée"]:
        page.keyboard.type(text)
        page.keyboard.press("Tab")
    page.keyboard.type("Nous portons un projet de méthanisation.")
    page.keyboard.press("Tab")  # the trap field is out of the tab order
    assert page.evaluate("document.activeElement.textContent").strip() == "Envoyer ma demande"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/demander-a-rejoindre/merci/$"))
    assert "Merci, votre demande est envoyée" in page.locator("h1").inner_text()
    assert_accessible(page)
    request = JoinRequest.objects.get()
    assert (request.email, request.role) == ("anne@example.org", "chargée")
