"""The roadmap and the vision in a real browser: axe-clean with their table alternatives,
and the facilitator records a measurement through the HTMX form."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from roadmap.models import Measurement
from tests import factories
from tests.browser.conftest import assert_accessible, at_once
from tests.roadmap.factories import MeasurementFactory, ObjectiveFactory

pytestmark = pytest.mark.django_db(transaction=True)

SQUARE = {
    "type": "Polygon",
    "coordinates": [[[1.40, 43.58], [1.46, 43.58], [1.46, 43.63], [1.40, 43.63], [1.40, 43.58]]],
}


@pytest.fixture
@at_once
def roadmap_data(db):
    today = timezone.localdate()
    energy = factories.ThemeFactory(name="Énergie", slug="energie")
    health = factories.ThemeFactory(name="Santé", slug="sante")
    circle = factories.CircleFactory(name="Cercle de concertation", meetings_per_year=3)
    launch = factories.MilestoneFactory(
        title="Réunion de lancement", date=today - timedelta(days=600), circle=circle
    )
    launch.themes.add(energy)
    factories.MilestoneFactory(title="Bilan d'étape", date=today + timedelta(days=60))
    solar = ObjectiveFactory(theme=energy, title="Doubler le solaire", baseline=0, target=100)
    MeasurementFactory(objective=solar, value=Decimal(30))
    ObjectiveFactory(theme=health, title="Maisons de santé", baseline=2, target=8)
    commune = factories.CommuneFactory(name="Blagnac", slug="blagnac", outline=SQUARE)
    project = factories.ProjectFactory(title="Centrale solaire", jobs=3)
    project.themes.add(energy)
    project.communes.add(commune)
    factories.NeedFactory(project=project)
    factories.MeetingFactory(circle=circle, start=timezone.now() - timedelta(hours=3))
    return solar


def test_the_roadmap_is_accessible_with_its_measurement_tables(page, visit, roadmap_data):
    visit("/feuille-de-route/")
    assert page.get_by_role("heading", name="Doubler le solaire").is_visible()
    assert page.locator(f"#objective-{roadmap_data.pk} .progress-text").inner_text() == "30 %"
    page.locator("details.measurements summary").first.click()
    assert_accessible(page)


def test_filtering_the_timeline_updates_the_url(page, visit, roadmap_data):
    visit("/feuille-de-route/")
    page.select_option("#filtre_theme", label="Énergie")
    page.wait_for_url("**theme=*")
    assert page.locator("#timeline").get_by_text("Bilan d'étape").count() == 0
    assert page.locator("#timeline").get_by_text("Réunion de lancement").is_visible()
    assert_accessible(page)


def test_the_vision_is_accessible_with_its_charts_tables_and_map(page, visit, roadmap_data):
    visit("/vision/", check=False)
    page.wait_for_function("document.querySelectorAll('canvas[data-chart]').length === 6")
    page.wait_for_selector("#vision-map path.leaflet-interactive")
    assert page.locator("canvas[data-chart=themes]").bounding_box()["height"] > 100
    assert_accessible(page)
    page.locator("details.commune-table summary").click()
    assert (
        page.get_by_role("cell", name="Blagnac")
        .or_(page.get_by_role("rowheader", name="Blagnac"))
        .is_visible()
    )
    assert_accessible(page)


def _log_in_on_the_roadmap(page, live_server, user) -> None:
    # The shared `login` fixture clicks the header's language button (the first form).
    page.goto(live_server.url + "/compte/login/?next=/feuille-de-route/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", "motdepasse-solide-42")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/feuille-de-route/")


def test_the_roadmap_prints_without_navigation_and_with_legible_progress(page, visit, roadmap_data):
    visit("/feuille-de-route/", check=False)
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert not page.locator("form.filters").is_visible()
    assert page.locator(f"#objective-{roadmap_data.pk} .progress-text").is_visible()
    assert (
        page.locator(".objective-theme")
        .nth(1)
        .evaluate("node => getComputedStyle(node).breakBefore")
        == "page"
    )


def test_the_facilitator_adds_a_milestone_with_the_htmx_form(
    page, live_server, facilitator, roadmap_data
):
    _log_in_on_the_roadmap(page, live_server, facilitator)
    page.get_by_role("link", name="Ajouter un jalon").click()
    form = page.locator("#milestone-form")
    form.wait_for()
    assert_accessible(page)
    form.get_by_label("Titre").fill("Forum des solutions")
    form.get_by_label("Type").select_option(label="Livrable")
    form.locator("#jalon_date").fill("2030-05-12")
    form.get_by_role("button", name="Enregistrer le jalon").click()
    page.locator("#timeline").get_by_role("heading", name="Forum des solutions").wait_for()
    assert page.locator("#milestone-form").count() == 0
    assert page.url.endswith("/feuille-de-route/")
    assert_accessible(page)


def test_the_facilitator_adds_a_measurement_with_the_htmx_form(
    page, live_server, facilitator, roadmap_data
):
    _log_in_on_the_roadmap(page, live_server, facilitator)
    card = page.locator(f"#objective-{roadmap_data.pk}")
    yesterday = timezone.localdate() - timedelta(days=1)
    card.get_by_label("Date de la mesure").fill(yesterday.isoformat())
    card.get_by_label("Valeur").fill("60")
    card.get_by_role("button", name="Enregistrer la mesure").click()
    page.locator(f"#objective-{roadmap_data.pk} .progress-text", has_text="60 %").wait_for()
    assert page.url.endswith("/feuille-de-route/")  # swapped in place, no reload
    assert Measurement.objects.filter(objective=roadmap_data).count() == 2
    assert_accessible(page)

    future = timezone.localdate() + timedelta(days=5)
    card = page.locator(f"#objective-{roadmap_data.pk}")
    card.get_by_label("Date de la mesure").fill(future.isoformat())
    card.get_by_label("Valeur").fill("70")
    card.get_by_role("button", name="Enregistrer la mesure").click()
    page.get_by_text("Une mesure ne peut pas être datée dans le futur.").wait_for()
    assert Measurement.objects.filter(objective=roadmap_data).count() == 2
    assert_accessible(page)


def test_the_facilitator_form_pages_are_accessible(page, live_server, facilitator, roadmap_data):
    _log_in_on_the_roadmap(page, live_server, facilitator)
    measurement = roadmap_data.measurements.get()
    for path in [
        "/feuille-de-route/jalons/nouveau/",
        f"/feuille-de-route/objectifs/{roadmap_data.pk}/modifier/",
        f"/feuille-de-route/mesures/{measurement.pk}/modifier/",
    ]:
        page.goto(live_server.url + path)
        assert page.locator("main form").count() == 1, path
        assert_accessible(page)
    future = timezone.localdate() + timedelta(days=3)
    page.fill("main input[name=date]", future.isoformat())
    page.locator("main form button[type=submit]").click()
    page.get_by_text("Une mesure ne peut pas être datée dans le futur.").wait_for()
    assert_accessible(page)
