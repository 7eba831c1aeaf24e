"""The projects map on a 375 px phone: map first and full-width, filters folded in a
disclosure, the list below, a legend for the marker colours, Leaflet's texts in French,
and Escape folding the disclosure back onto its toggle."""

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)

LONG_WORD = "x" * 300


def test_projects_map_on_a_phone_puts_the_map_first_with_a_legend_in_french(page, live_server):
    energy = factories.ThemeFactory(name="Énergie", slug="energie", color="#e67e22")
    project = factories.ProjectFactory(title="Ombrières", summary="x" * 190)
    project.themes.add(energy)
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(live_server.url + "/projets/carte/")
    expect(page.locator("#map-status")).to_contain_text("projet")
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"/projets/carte/ is {width[0]} px wide on a {width[1]} px phone"
    map_box = page.locator("#project-map").bounding_box()
    list_box = page.locator(".list-column").bounding_box()
    assert map_box["width"] >= 330 and map_box["y"] < list_box["y"]
    disclosure = page.locator("details.filters-disclosure")
    expect(disclosure).not_to_have_attribute("open", "")
    expect(page.locator(".map-legend")).to_contain_text("Énergie")
    expect(page.locator(".leaflet-control-zoom-in")).to_have_attribute("title", "Zoom avant")
    expect(page.locator(".leaflet-control-zoom-out")).to_have_attribute("title", "Zoom arrière")
    assert "à côté" not in page.content()
    assert_accessible(page)
    page.locator("details.filters-disclosure > summary").focus()
    page.keyboard.press("Enter")
    expect(disclosure).to_have_attribute("open", "")
    page.keyboard.press("Tab")
    page.keyboard.press("Escape")
    expect(disclosure).not_to_have_attribute("open", "")
    assert page.evaluate("document.activeElement.matches('details.filters-disclosure > summary')")


def test_escape_closes_the_phone_menu_and_returns_focus_to_its_toggle(page, live_server):
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(live_server.url + "/")
    toggle = page.locator(".nav-toggle")
    toggle.focus()
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#main-nav")).to_be_visible()
    page.keyboard.press("Tab")
    page.keyboard.press("Escape")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(page.locator("#main-nav")).to_be_hidden()
    assert page.evaluate("document.activeElement.classList.contains('nav-toggle')")
