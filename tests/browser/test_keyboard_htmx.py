"""Keyboard only, after every HTMX swap: focus stays on the control or the new content and
the polite live region of base.html says the result (issue 15). Axe checks each swapped
region (whole pages are checked by their own journeys)."""

import pytest

from tests import factories
from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)

ACTIVE_ID = "document.activeElement && document.activeElement.id"


def _tab_to(page, selector: str, limit: int = 120) -> None:
    """Presses Tab until the focused element matches the selector, as a keyboard user does."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def _open(page, url: str) -> None:
    """Opens a page and follows the skip link, as a keyboard user skips the header."""
    page.goto(url)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate(ACTIVE_ID) == "main"


def _announced(page, text: str) -> None:
    page.wait_for_function(
        "(t) => document.getElementById('live-region').textContent === t", arg=text
    )


def test_a_keyboard_user_keeps_focus_and_hears_each_result(page, live_server, login, member):
    space = factories.IdeaSpaceFactory(name="Réunion de lancement", slug="lancement")
    idea = factories.IdeaFactory(space=space, title="Une vélo-école")
    meeting = factories.MeetingFactory(circle=factories.CircleFactory(), title="Coordination")
    factories.ProjectFactory(title="Ferme solaire")
    factories.ProjectFactory(title="Vélo-bus")
    factories.OrganisationFactory.create_batch(21)
    login(member)

    _open(page, f"{live_server.url}/idees/{idea.pk}/")
    _tab_to(page, f"#like-button-{idea.pk}")
    page.keyboard.press("Enter")
    _announced(page, "Vous aimez cette idée (1 j'aime)")
    assert page.evaluate(ACTIVE_ID) == f"like-button-{idea.pk}"
    page.keyboard.press("Space")
    _announced(page, "Vous n'aimez plus cette idée")
    assert page.evaluate(ACTIVE_ID) == f"like-button-{idea.pk}"

    _tab_to(page, "#comments textarea[name=body]:not([id^=reply])")
    page.keyboard.type("Bravo pour cette idée")
    _tab_to(page, "#comment-submit")
    page.keyboard.press("Enter")
    _announced(page, "Commentaire publié")
    assert page.evaluate(ACTIVE_ID) == "comment-submit"
    assert "Bravo pour cette idée" in page.locator("#comments").inner_text()
    assert_accessible(page, context="#comments")

    _open(page, f"{live_server.url}/idees/espaces/{space.slug}/")
    _tab_to(page, "[id^=follow-button-]")
    button_id = page.evaluate(ACTIVE_ID)
    page.keyboard.press("Enter")
    _announced(page, "Vous suivez « Réunion de lancement »")
    assert page.evaluate(ACTIVE_ID) == button_id
    assert_accessible(page, context=".follow")

    _open(page, f"{live_server.url}/cercles/reunions/{meeting.pk}/")
    _tab_to(page, "#answer-oui")
    page.keyboard.press("Enter")
    _announced(page, "Vous êtes inscrit·e")
    assert page.evaluate(ACTIVE_ID) == "answer-oui"
    assert page.locator("#answer-oui").get_attribute("aria-pressed") == "true"
    assert_accessible(page, context="#registration")

    _open(page, f"{live_server.url}/projets/")
    _tab_to(page, "#id_q")
    page.keyboard.type("Ferme")
    _announced(page, "1 projet")
    assert page.evaluate(ACTIVE_ID) == "id_q"
    assert_accessible(page, context="#project-rows")

    _open(page, f"{live_server.url}/acteurs/")
    _tab_to(page, "#actor-rows a[rel=next]")
    page.keyboard.press("Enter")
    _announced(page, "21 acteurs, page 2 sur 2")
    assert page.evaluate(ACTIVE_ID) == "actor-rows"  # the new rows, not the top of the page
    assert_accessible(page, context="#actor-rows")
