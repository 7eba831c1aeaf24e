from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from roadmap.models import Milestone
from tests import factories
from tests.roadmap.factories import MeasurementFactory, ObjectiveFactory, days_ago

pytestmark = pytest.mark.django_db


def test_the_timeline_separates_upcoming_and_past_milestones(client):
    today = timezone.localdate()
    factories.MilestoneFactory(title="Lancement", date=today - timedelta(days=400))
    factories.MilestoneFactory(title="Bilan d'étape", date=today + timedelta(days=40))
    html = client.get("/feuille-de-route/").content.decode()
    upcoming, past = html.split("Passés", 1)
    assert "Bilan d&#x27;étape" in upcoming and "Lancement" not in upcoming
    assert "Lancement" in past


def test_filters_by_theme_and_circle_are_carried_by_the_url(client):
    energy = factories.ThemeFactory(name="Énergie", slug="energie")
    water = factories.ThemeFactory(name="Eau", slug="eau")
    circle = factories.CircleFactory(name="Cercle d'animation")
    solar = factories.MilestoneFactory(title="Solaire partagé", circle=circle)
    solar.themes.add(energy)
    factories.MilestoneFactory(title="Rivières vivantes").themes.add(water)
    factories.MilestoneFactory(title="Sans cercle")

    html = client.get("/feuille-de-route/", {"theme": energy.pk}).content.decode()
    assert "Solaire partagé" in html and "Rivières vivantes" not in html
    html = client.get("/feuille-de-route/", {"circle": circle.pk}).content.decode()
    assert "Solaire partagé" in html and "Sans cercle" not in html


def test_milestones_filter_by_kind(client):
    factories.MilestoneFactory(title="Rapport d'activité", kind="livrable")
    factories.MilestoneFactory(title="Cercle de concertation", kind="rencontre")
    html = client.get("/feuille-de-route/", {"kind": "livrable"}).content.decode()
    assert "Rapport d&#x27;activité" in html and "Cercle de concertation" not in html


def test_the_theme_filter_also_narrows_the_objectives(client):
    energy = factories.ThemeFactory(name="Énergie", slug="energie")
    ObjectiveFactory(theme=energy, title="Doubler le solaire")
    ObjectiveFactory(title="Réduire les déchets")
    html = client.get("/feuille-de-route/", {"theme": energy.pk}).content.decode()
    assert "Doubler le solaire" in html and "Réduire les déchets" not in html


def test_htmx_filtering_returns_the_results_only(client):
    factories.MilestoneFactory(title="Atelier mobilité")
    response = client.get("/feuille-de-route/", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="roadmap-content">')
    assert "Atelier mobilité" in html and "<header" not in html


def test_objectives_are_grouped_by_theme_with_progress_bars_and_their_percentage(client):
    health = factories.ThemeFactory(name="Santé", slug="sante")
    objective = ObjectiveFactory(theme=health, title="Maisons de santé", baseline=2, target=8)
    MeasurementFactory(objective=objective, value=5)
    html = client.get("/feuille-de-route/").content.decode()
    assert f'<h3 id="theme-{health.pk}">Santé</h3>' in html
    assert 'max="100" value="50"' in html
    assert '<span class="progress-text">50 %</span>' in html


def test_visitors_see_no_editing_controls(client):
    ObjectiveFactory()
    html = client.get("/feuille-de-route/").content.decode()
    assert "Ajouter un jalon" not in html and "Ajouter une mesure" not in html


def test_the_facilitator_sees_the_editing_controls(client, facilitator):
    ObjectiveFactory()
    client.force_login(facilitator)
    html = client.get("/feuille-de-route/").content.decode()
    assert "Ajouter un jalon" in html and "Ajouter une mesure" in html


def test_the_page_loads_a_print_stylesheet(client):
    html = client.get("/feuille-de-route/").content.decode()
    assert "css/roadmap.css" in html
    css = (settings.BASE_DIR / "static" / "css" / "roadmap.css").read_text(encoding="utf-8")
    print_rules = css.split("@media print", 1)[1]
    assert ".site-header" in print_rules and "break-before: page" in print_rules


def _populate(n: int) -> None:
    themes = [factories.ThemeFactory() for _ in range(3)]
    circle = factories.CircleFactory()
    milestones = Milestone.objects.bulk_create(
        Milestone(title=f"Jalon {i}", date=days_ago(i - n // 2), circle=circle) for i in range(n)
    )
    Milestone.themes.through.objects.bulk_create(
        Milestone.themes.through(milestone=m, theme=themes[i % 3]) for i, m in enumerate(milestones)
    )
    for i in range(n // 4 or 1):
        objective = ObjectiveFactory(theme=themes[i % 3])
        MeasurementFactory(objective=objective)
        objective.projects.add(factories.ProjectFactory())
        objective.organisations.add(factories.OrganisationFactory())


@pytest.mark.parametrize("size", [8, 40])
def test_the_roadmap_page_makes_a_fixed_number_of_queries(client, size, django_assert_num_queries):
    _populate(size)
    with django_assert_num_queries(8):
        assert client.get("/feuille-de-route/").status_code == 200
