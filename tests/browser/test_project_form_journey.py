"""The project form in Chromium: communes picked by keyboard as chips, the place picked on the
map, axe-clean on a phone and on a desktop, and the project saved with what was chosen."""

import re

import pytest

from projects.models import Project
from tests import factories
from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_carrier_picks_communes_by_keyboard_and_places_the_project_on_the_map(
    page, visit, login, carrier
):
    factories.CommuneFactory(name="Blagnac", slug="blagnac", latitude=43.6372, longitude=1.3907)
    factories.CommuneFactory(name="Colomiers", slug="colomiers", latitude=43.6112, longitude=1.3353)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    login(carrier)
    page.set_viewport_size({"width": 375, "height": 800})
    visit("/projets/proposer/")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    search = page.locator("#id_communes-search")
    search.focus()
    page.keyboard.type("blag")
    page.keyboard.press("Enter")
    assert page.locator(".combobox-chips .chip").first.inner_text().startswith("Blagnac")
    assert page.locator("#id_communes option:checked").inner_text() == "Blagnac"
    page.keyboard.type("colo")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    assert page.locator("#id_communes option:checked").count() == 2
    page.keyboard.press("Backspace")  # the empty box removes the last chip
    assert page.locator("#id_communes option:checked").count() == 1

    page.set_viewport_size({"width": 1280, "height": 900})
    picker = page.locator("#location-picker")
    picker.scroll_into_view_if_needed()
    box = picker.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2 + 40, box["y"] + box["height"] / 2)
    latitude = page.input_value("[data-map-lat]")
    assert re.fullmatch(r"43\.\d{6}", latitude)
    assert "Position choisie" in page.inner_text("#location-picker-status")
    assert_accessible(page)

    page.fill("#id_title", "Jardins partagés de Blagnac")
    page.fill("#id_summary", "Des parcelles ouvertes aux habitants du quartier.")
    page.click("form.project-form button[type=submit]")
    page.wait_for_url(re.compile(r"/projets/jardins-partages-de-blagnac/$"))
    project = Project.objects.get()
    assert [c.name for c in project.communes.all()] == ["Blagnac"]
    assert abs(project.latitude - float(latitude)) < 1e-5
    assert not errors, errors
