"""The character counter of member-written texts, in a real browser: it counts as the
server does, is tied to its field for screen readers, and says when the text is too long.
The personal-data page and the erasure form pass axe too."""

import re

import pytest

from tests import factories
from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def test_the_comment_counter_follows_typing_and_warns_past_the_limit(page, login, visit, member):
    idea = factories.IdeaFactory(space=factories.IdeaSpaceFactory(slug="lancement"))
    login(member)
    visit(f"/idees/{idea.pk}/")
    field = page.locator("textarea[name=body]")
    counter = page.locator("#id_body-char-count")
    assert _digits(counter.inner_text()) == "05000"  # "0 / 5 000 caractères"
    assert "id_body-char-count" in field.get_attribute("aria-describedby")

    field.focus()
    page.keyboard.type("Bonjour\nà tous")
    assert _digits(counter.inner_text()) == "145000"
    assert "caractères" in counter.inner_text()
    # The polite live region repeats the count once typing pauses.
    live = page.locator("#id_body-char-count + [aria-live=polite]")
    live.wait_for(state="attached")
    page.wait_for_function(
        "el => el.textContent.includes('14')", arg=live.element_handle(), timeout=5000
    )

    field.fill("x" * 5003)
    assert "3 caractères de trop" in counter.inner_text()
    assert "char-counter-over" in counter.get_attribute("class")
    assert_accessible(page)

    page.get_by_role("button", name="Commenter").click()
    # The HTMX swap brings the French error, and the text kept in a field with its counter.
    page.get_by_text("au plus 5000 caractères", exact=False).wait_for()
    assert "3 caractères de trop" in page.locator("#id_body-char-count").inner_text()
    assert page.locator("#id_body").input_value() == "x" * 5003


def test_the_personal_data_page_and_the_erasure_form_are_accessible(page, login, visit, carrier):
    factories.IdeaFactory(author=carrier.person, title="Mon idée", body="Le texte")
    login(carrier)
    visit("/compte/mes-donnees/")
    assert page.get_by_role("heading", name="Mes idées").is_visible()
    assert "Le texte" in page.content()
    visit("/compte/effacement/")
    page.get_by_label("Laisser mes commentaires", exact=False).check()
    assert page.get_by_label("Laisser mes commentaires", exact=False).is_checked()
