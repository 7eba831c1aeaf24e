"""From the invitation to the first follow (issue 15): sign-up by keyboard lands on the
welcome page, which is axe-clean on a phone and a desktop, and a theme is followed by
keyboard with the live region saying so."""

import re

import pytest

from alliance.models import Invitation, User
from network.models import Follow
from tests import factories
from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)

ACTIVE_ID = "document.activeElement && document.activeElement.id"


def _tab_to(page, selector: str, limit: int = 120) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


@pytest.mark.parametrize("width", [375, 1280], ids=["phone", "desktop"])
def test_a_new_member_signs_up_lands_on_the_welcome_page_and_follows_a_theme_by_keyboard(
    page, live_server, facilitator, width
):
    page.set_viewport_size({"width": width, "height": 800})
    energy = factories.ThemeFactory(name="Énergie")
    factories.ThemeFactory(name="Mobilité")
    factories.OrganisationFactory(name="Coopérative du Lauragais")
    invitation = Invitation.objects.create(email="ines@example.org", invited_by=facilitator)

    page.goto(f"{live_server.url}/invitation/{invitation.token}/")
    page.wait_for_url(re.compile(r"/compte/signup/"))
    page.locator("input[name=first_name]").focus()
    page.keyboard.type("Inès")
    _tab_to(page, "input[name=last_name]")
    page.keyboard.type("Invitée")
    _tab_to(page, "input[name=password1]")
    page.keyboard.type("un-mot-de-passe-long-42")
    _tab_to(page, "input[name=password2]")
    page.keyboard.type("un-mot-de-passe-long-42")
    page.keyboard.press("Enter")

    page.wait_for_url(re.compile(r"/bienvenue/$"))
    assert page.locator("h1").inner_text() == "Bienvenue, Inès Invitée"
    assert page.locator("#missing-phone").is_visible()
    assert page.locator("#missing-title").is_visible()
    assert_accessible(page)

    _tab_to(page, f"#follow-button-theme-{energy.pk}")
    page.keyboard.press("Enter")
    page.wait_for_function(
        "(t) => document.getElementById('live-region').textContent === t",
        arg="Vous suivez « Énergie »",
    )
    assert page.evaluate(ACTIVE_ID) == f"follow-button-theme-{energy.pk}"
    assert "Ne plus suivre « Énergie »" in page.locator(f"#follow-theme-{energy.pk}").inner_text()
    assert Follow.objects.filter(user=User.objects.get(email="ines@example.org"), theme=energy)
    assert_accessible(page)
