import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from alliance.models import Commune, Theme
from circles.models import Meeting
from ideas.models import Idea
from projects.models import Link, Need, Project
from tests import factories
from tests.roadmap.factories import MeasurementFactory, ObjectiveFactory

pytestmark = pytest.mark.django_db

SQUARE = {"type": "Polygon", "coordinates": [[[1.4, 43.6], [1.5, 43.6], [1.5, 43.7], [1.4, 43.6]]]}


def _csv(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


@pytest.fixture
def territory(db):
    """Two themes, a stake, two communes, three published projects and a draft."""
    energy = factories.ThemeFactory(name="Énergie", slug="energie")
    water = factories.ThemeFactory(name="Eau", slug="eau")
    health = factories.ThemeFactory(name="Santé", slug="sante")
    stake = factories.StakeFactory(name="Décarbonation", slug="decarbonation")
    blagnac = factories.CommuneFactory(name="Blagnac", slug="blagnac", outline=SQUARE)
    factories.CommuneFactory(name="Aucamville", slug="aucamville", outline=SQUARE)
    solar = factories.ProjectFactory(
        title="Centrale solaire", phase="operation", co2_avoided=Decimal("120.5"), jobs=4
    )
    solar.themes.add(energy)
    solar.stakes.add(stake)
    solar.communes.add(blagnac)
    heat = factories.ProjectFactory(title="Réseau de chaleur", phase="etude", jobs=2)
    heat.themes.add(energy)
    river = factories.ProjectFactory(title="Rivière vivante", people_reached=300)
    river.themes.add(water)
    factories.LinkFactory(source=solar, target=heat)
    draft = factories.ProjectFactory(title="Brouillon secret", state="brouillon", jobs=100)
    draft.themes.add(health)
    draft.communes.add(blagnac)
    ObjectiveFactory(theme=health, title="Maisons de santé")
    return {"energy": energy, "solar": solar, "heat": heat, "river": river}


def test_projects_by_theme_and_phase_count_published_projects_only(client, territory):
    rows = _csv(client.get("/vision/donnees/themes.csv"))
    assert rows[0] == ["Thème", "Idée", "Étude", "Opération", "Total"]
    assert ["Énergie", "0", "1", "1", "2"] in rows
    assert ["Eau", "1", "0", "0", "1"] in rows
    assert not any(row[0] == "Santé" for row in rows)


def test_impact_is_summed_over_published_projects(client, territory):
    rows = dict(_csv(client.get("/vision/donnees/impact.csv"))[1:])
    assert rows == {
        "Projets publiés": "3",
        "CO₂ évité (t/an)": "120.5",
        "Emplois créés ou maintenus": "6",
        "Personnes touchées": "300",
    }


def test_projects_by_stake_and_by_commune(client, territory):
    assert ["Décarbonation", "1"] in _csv(client.get("/vision/donnees/enjeux.csv"))
    communes = _csv(client.get("/vision/donnees/communes.csv"))
    assert any(row[0] == "Blagnac" and row[2] == "1" for row in communes)
    assert any(row[0] == "Aucamville" and row[2] == "0" for row in communes)


def test_open_needs_by_kind_and_ideas_by_theme(client, territory):
    factories.NeedFactory(project=territory["solar"], kind="foncier")
    factories.NeedFactory(project=territory["solar"], kind="foncier", status="satisfait")
    idea = factories.IdeaFactory()
    idea.themes.add(territory["energy"])
    factories.IdeaFactory(space=factories.IdeaSpaceFactory(is_public=False))
    needs = _csv(client.get("/vision/donnees/besoins.csv"))
    assert ["Foncier", "1"] in needs and ["Financement", "0"] in needs
    ideas = _csv(client.get("/vision/donnees/idees.csv"))
    assert ["Énergie", "1"] in ideas and len(ideas) == 2


def test_meetings_held_this_year_are_set_against_the_cadence(client):
    circle = factories.CircleFactory(name="Cercle d'animation", meetings_per_year=6)
    now = timezone.now()
    start_of_year = now.replace(month=1, day=1, hour=10)
    factories.MeetingFactory(circle=circle, start=start_of_year, end=start_of_year)
    factories.MeetingFactory(
        circle=circle, start=start_of_year, end=start_of_year, status="annulee"
    )
    factories.MeetingFactory(circle=circle, start=now - timedelta(minutes=30), status="tenue")
    last_year = start_of_year - timedelta(days=10)
    factories.MeetingFactory(circle=circle, start=last_year, end=last_year)
    rows = _csv(client.get("/vision/donnees/reunions.csv"))
    assert rows[0] == ["Cercle", "Tenues", "Prévues cette année", "Cadence annuelle"]
    assert ["Cercle d'animation", "2", "2", "6"] in rows


def test_objectives_progress_is_listed(client):
    objective = ObjectiveFactory(title="Doubler le solaire", baseline=0, target=100)
    MeasurementFactory(objective=objective, value=40)
    rows = _csv(client.get("/vision/donnees/objectifs.csv"))
    assert rows[1][:2] == ["Doubler le solaire", "40"]


def test_an_unknown_chart_is_404(client):
    assert client.get("/vision/donnees/secret.csv").status_code == 404


def test_the_gaps_name_themes_communes_and_unlinked_projects(client, territory):
    html = client.get("/vision/").content.decode()
    gaps = html.split('id="gaps-title"', 1)[1].split("</section>", 1)[0]
    assert "<li>Santé</li>" in gaps
    assert "Aucamville" in gaps and "Blagnac" not in gaps
    assert "Rivière vivante" in gaps and "Centrale solaire" not in gaps
    assert "Brouillon secret" not in html


def test_every_chart_has_a_table_and_a_csv_download(client, territory):
    html = client.get("/vision/").content.decode()
    for chart in ["themes", "enjeux", "besoins", "idees", "reunions", "objectifs"]:
        assert f'data-chart="{chart}"' in html
    for slug in ["themes", "enjeux", "communes", "impact", "besoins", "idees", "reunions"]:
        assert f'href="/vision/donnees/{slug}.csv"' in html
    assert html.count("<table>") == 8
    assert 'id="vision-charts"' in html and 'id="vision-outlines"' in html
    assert "chart.umd.min.js" in html and "leaflet/leaflet.js" in html


def _territory_of(size: int) -> None:
    themes = [factories.ThemeFactory() for _ in range(4)]
    stakes = [factories.StakeFactory() for _ in range(3)]
    communes = [factories.CommuneFactory(outline=SQUARE) for _ in range(5)]
    circle = factories.CircleFactory(meetings_per_year=10)
    projects = Project.objects.bulk_create(
        Project(
            title=f"Projet {i}",
            slug=f"projet-{size}-{i}",
            state="publie" if i % 5 else "brouillon",
            phase=["idee", "etude", "operation"][i % 3],
            jobs=i % 7,
            co2_avoided=Decimal(i % 11),
        )
        for i in range(size)
    )
    Project.themes.through.objects.bulk_create(
        Project.themes.through(project=p, theme=themes[i % 4]) for i, p in enumerate(projects)
    )
    Project.stakes.through.objects.bulk_create(
        Project.stakes.through(project=p, stake=stakes[i % 3]) for i, p in enumerate(projects)
    )
    Project.communes.through.objects.bulk_create(
        Project.communes.through(project=p, commune=communes[i % 5]) for i, p in enumerate(projects)
    )
    Link.objects.bulk_create(
        Link(source=projects[i], target=projects[i + 1], kind="synergie")
        for i in range(0, size - 1, 3)
    )
    Need.objects.bulk_create(
        Need(project=p, kind="competences", description="Aide") for p in projects[::4]
    )
    space = factories.IdeaSpaceFactory()
    ideas = Idea.objects.bulk_create(Idea(space=space, title=f"Idée {i}") for i in range(size // 4))
    Idea.themes.through.objects.bulk_create(
        Idea.themes.through(idea=idea, theme=themes[i % 4]) for i, idea in enumerate(ideas)
    )
    now = timezone.now()
    Meeting.objects.bulk_create(
        Meeting(circle=circle, title=f"Réunion {i}", start=now, end=now) for i in range(size // 20)
    )
    for i in range(size // 40 or 1):
        MeasurementFactory(objective=ObjectiveFactory(theme=themes[i % 4]))


@pytest.mark.parametrize("size", [40, 4000])
def test_vision_makes_the_same_few_queries_at_40_and_4000_projects(
    client, size, django_assert_num_queries
):
    _territory_of(size)
    assert Commune.objects.count() == 5
    from roadmap import vision

    vision.invalidate()
    with django_assert_num_queries(13):  # the stored figures (stale or none), then 12 sums
        response = client.get("/vision/")
    assert response.status_code == 200
    assert f"<strong>{size - size // 5}</strong>" in response.content.decode()


def test_vision_figures_are_cached(client, territory, django_assert_num_queries):
    client.get("/vision/")
    with django_assert_num_queries(0):
        client.get("/vision/")
        client.get("/vision/donnees/themes.csv")


def test_a_new_project_shows_up_on_the_cached_vision(client, territory):
    assert "Ferme urbaine" not in client.get("/vision/").content.decode()
    factories.ProjectFactory(title="Ferme urbaine")
    html = client.get("/vision/").content.decode()
    assert "<strong>4</strong>" in html and "Ferme urbaine" in html


@pytest.mark.parametrize(
    "change",
    [
        lambda t: t["solar"].themes.clear(),
        lambda t: t["river"].delete(),
        lambda t: Project.objects.filter(pk=t["heat"].pk).first().save(),
        lambda t: factories.NeedFactory(project=t["solar"]),
        lambda t: MeasurementFactory(),
    ],
    ids=["m2m", "delete", "save", "need", "measurement"],
)
def test_any_change_to_the_data_drops_the_cache(
    client, territory, change, django_assert_num_queries
):
    client.get("/vision/")
    change(territory)
    with django_assert_num_queries(13):  # the stored figures (stale or none), then 12 sums
        client.get("/vision/")


def test_renaming_a_theme_or_a_commune_shows_on_the_cached_vision(client, territory):
    assert "Eau douce" not in client.get("/vision/").content.decode()
    water = Theme.objects.get(slug="eau")
    water.name = "Eau douce"
    water.save()
    assert "Eau douce" in client.get("/vision/").content.decode()
    commune = Commune.objects.get(slug="aucamville")
    commune.name = "Aucamville-sur-Garonne"
    commune.save()
    assert "Aucamville-sur-Garonne" in client.get("/vision/").content.decode()
