"""The list, the map page, its data and its popups."""

import gzip
import json

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alliance import tallies
from projects.models import Project
from tests import factories
from tests.projects.factories import many_projects

pytestmark = pytest.mark.django_db


@pytest.fixture
def energy_and_mobility():
    energy = factories.ThemeFactory(name="Énergie", slug="energie", color="#e67e22")
    mobility = factories.ThemeFactory(name="Mobilité", slug="mobilite", color="#8e44ad")
    solar = factories.ProjectFactory(title="Ombrières solaires", phase="operation")
    solar.themes.add(energy)
    bikes = factories.ProjectFactory(title="Vélos cargos", phase="etude")
    bikes.themes.add(mobility)
    draft = factories.ProjectFactory(title="Brouillon secret", state=Project.State.DRAFT)
    draft.themes.add(energy)
    return solar, bikes, draft


def _geojson(response):
    body = response.content
    if response.get("Content-Encoding") == "gzip":
        body = gzip.decompress(body)
    return json.loads(body)


def test_visitor_sees_published_projects_only(client, energy_and_mobility):
    response = client.get("/projets/")
    assert "Ombrières solaires" in response.text
    assert "Vélos cargos" in response.text
    assert "Brouillon secret" not in response.text


def test_list_filters_by_theme_and_text_and_phase(client, energy_and_mobility):
    assert "Vélos cargos" not in client.get("/projets/?theme=energie").text
    assert "Ombrières solaires" in client.get("/projets/?theme=energie").text
    assert "Ombrières" not in client.get("/projets/?q=cargo").text
    assert "Vélos cargos" in client.get("/projets/?q=CARGO").text
    assert "Ombrières" not in client.get("/projets/?phase=etude").text


def test_list_filters_by_organisation_commune_and_stake(client):
    organisation = factories.OrganisationFactory(name="Coop", slug="coop")
    commune = factories.CommuneFactory(name="Balma", slug="balma")
    stake = factories.StakeFactory(name="Emploi", slug="emploi")
    carried = factories.ProjectFactory(title="Projet de la coop")
    factories.ParticipationFactory(project=carried, organisation=organisation)
    carried.communes.add(commune)
    carried.stakes.add(stake)
    factories.ProjectFactory(title="Projet d'ailleurs")
    for query in ["organisation=coop", "commune=balma", "stake=emploi"]:
        text = client.get(f"/projets/?{query}").text
        assert "Projet de la coop" in text, query
        assert "Projet d&#x27;ailleurs" not in text, query


def test_htmx_request_returns_rows_only(client, energy_and_mobility):
    response = client.get("/projets/?theme=energie", headers={"HX-Request": "true"})
    assert response.text.lstrip().startswith('<div id="project-rows"')
    assert "<html" not in response.text
    assert "Ombrières solaires" in response.text


def test_unknown_filter_value_is_reported_not_crashed(client, energy_and_mobility):
    response = client.get("/projets/?theme=inconnu")
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.text


@pytest.mark.parametrize("n", [20, 200])
def test_list_queries_do_not_grow_with_projects(client, django_assert_num_queries, n):
    many_projects(n)
    tallies.refresh_all()  # as after any bulk_create: the count is then read, not counted
    with django_assert_num_queries(9):  # no organisation list any more
        response = client.get("/projets/")
    assert response.status_code == 200
    assert response.text.count('class="card project-card"') == min(n, 24)


def test_the_catalogue_names_communes_without_reading_their_outlines(client):
    outline = {"type": "Polygon", "coordinates": [[[1.4, 43.6], [1.5, 43.6], [1.4, 43.7]]]}
    balma = factories.CommuneFactory(name="Balma", slug="balma", outline=outline)
    factories.ProjectFactory(title="Jardin partagé").communes.add(balma)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/projets/")
    assert '<p class="project-communes">Balma</p>' in response.text
    assert '<option value="balma">Balma</option>' in response.text
    assert not [q["sql"] for q in queries if "outline" in q["sql"]]


def test_map_page_carries_the_map_configuration(client, energy_and_mobility):
    response = client.get("/projets/carte/?theme=energie")
    assert 'data-geojson-url="/projets/carte/donnees.geojson"' in response.text
    assert 'data-popup-url="/projets/carte/popup/{id}/"' in response.text
    assert 'data-outline-url="/projets/carte/contour.geojson"' in response.text
    assert 'id="map-config"' in response.text
    assert "Vélos cargos" not in response.text  # the list beside the map is filtered too
    config = json.loads(
        response.text.split('id="map-config" type="application/json">')[1].split("</script>")[0]
    )
    assert config["tileUrl"] == ""


def test_map_data_is_light_geojson_of_published_projects(client, energy_and_mobility):
    solar, bikes, draft = energy_and_mobility
    data = _geojson(client.get("/projets/carte/donnees.geojson"))
    assert data["type"] == "FeatureCollection"
    assert {f["id"] for f in data["features"]} == {solar.pk, bikes.pk}
    feature = next(f for f in data["features"] if f["id"] == solar.pk)
    assert feature["geometry"] == {"type": "Point", "coordinates": [1.44, 43.6]}
    assert feature["properties"] == {"color": "#e67e22"}


def test_map_data_follows_the_list_filters(client, energy_and_mobility):
    solar, _, _ = energy_and_mobility
    data = _geojson(client.get("/projets/carte/donnees.geojson?theme=energie"))
    assert [f["id"] for f in data["features"]] == [solar.pk]


def test_map_data_is_one_cached_body_whatever_the_list_order(
    client, energy_and_mobility, django_assert_num_queries
):
    first = _geojson(client.get("/projets/carte/donnees.geojson?tri=nom"))
    with django_assert_num_queries(0):  # the order the form sends shares the plain body
        assert _geojson(client.get("/projets/carte/donnees.geojson")) == first
        assert _geojson(client.get("/projets/carte/donnees.geojson?tri=liens")) == first


def _main(response) -> str:
    """The page's own content (the layout's links name the address as it was asked)."""
    return response.text.split("<main", 1)[1].split("</main>", 1)[0]


def test_a_link_with_tracking_parameters_shares_the_cached_list_and_map_data(
    client, energy_and_mobility, django_assert_num_queries
):
    solar, _, _ = energy_and_mobility
    client.get("/projets/?theme=energie")
    data = _geojson(client.get("/projets/carte/donnees.geojson?theme=energie"))
    with CaptureQueriesContext(connection) as repeated:
        page = client.get("/projets/?theme=energie")
    # Count, form, rows and map data from the cache, as for the page asked again (whose
    # theme filter reads its theme).
    with django_assert_num_queries(len(repeated)):
        tracked = client.get("/projets/?theme=energie&utm_source=lettre&fbclid=x1")
        again = client.get("/projets/carte/donnees.geojson?utm_campaign=mai&theme=energie")
    assert len(repeated) <= 1
    assert _main(tracked) == _main(page)  # its links carry the filters, not the trackers
    assert "utm_source" not in _main(tracked) and solar.title in _main(tracked)
    assert _geojson(again) == data


def test_map_data_kept_in_the_process_never_outlives_a_cache_flush(client, energy_and_mobility):
    solar, _, _ = energy_and_mobility
    cache.clear()
    client.get("/projets/carte/donnees.geojson")  # kept here too, under version 1's key
    Project.objects.filter(pk=solar.pk).update(latitude=43.7)  # no signal: no bump
    cache.clear()  # Redis flushed: the versions start again, the same key comes back
    data = _geojson(client.get("/projets/carte/donnees.geojson"))
    feature = next(f for f in data["features"] if f["id"] == solar.pk)
    assert feature["geometry"]["coordinates"][1] == 43.7


def test_map_data_is_gzipped_when_the_browser_accepts_it(client, energy_and_mobility):
    response = client.get("/projets/carte/donnees.geojson", headers={"Accept-Encoding": "gzip"})
    assert response["Content-Encoding"] == "gzip"
    assert len(_geojson(response)["features"]) == 2


def test_a_project_without_a_point_sits_on_its_commune(client):
    commune = factories.CommuneFactory(name="Balma", slug="balma", latitude=43.61, longitude=1.5)
    project = factories.ProjectFactory(title="Sans point", latitude=None, longitude=None)
    project.communes.add(commune)
    factories.ProjectFactory(title="Nulle part", latitude=None, longitude=None)
    data = _geojson(client.get("/projets/carte/donnees.geojson"))
    assert [f["geometry"]["coordinates"] for f in data["features"]] == [[1.5, 43.61]]


@pytest.mark.parametrize("n", [20, 200])
def test_map_data_queries_do_not_grow_with_projects(client, django_assert_num_queries, n):
    many_projects(n)
    # the main themes' colours (on SQLite the themes first), the points (fallbacks stored)
    with django_assert_num_queries(2 if connection.features.can_distinct_on_fields else 3):
        response = client.get("/projets/carte/donnees.geojson")
    assert len(_geojson(response)["features"]) == n
    with django_assert_num_queries(0):  # then the cached body, until the next change
        assert len(_geojson(client.get("/projets/carte/donnees.geojson"))["features"]) == n


@pytest.mark.parametrize("n", [20, 200])
def test_map_page_queries_do_not_grow_with_projects(client, django_assert_num_queries, n):
    many_projects(n)
    tallies.refresh_all()
    # 9 for the page (no organisation list any more); the marker legend lists the themes
    # the filter form has already read (alliance.choices)
    with django_assert_num_queries(9):
        assert client.get("/projets/carte/").status_code == 200


def test_popup_is_a_small_fragment_with_the_project(client, energy_and_mobility):
    solar, _, draft = energy_and_mobility
    response = client.get(f"/projets/carte/popup/{solar.pk}/")
    assert "<html" not in response.text
    assert "Ombrières solaires" in response.text
    assert solar.get_absolute_url() in response.text
    assert client.get(f"/projets/carte/popup/{draft.pk}/").status_code == 404


def test_outline_draws_the_metropole_communes(client):
    square = {"type": "Polygon", "coordinates": [[[1, 43], [2, 43], [2, 44], [1, 43]]]}
    factories.CommuneFactory(name="Balma", slug="balma", outline=square)
    from projects import geo

    geo._outline_cache.clear()
    data = _geojson(client.get("/projets/carte/contour.geojson"))
    geo._outline_cache.clear()
    assert data["features"][0]["geometry"] == square
    commune = data["features"][0]
    assert commune["id"] == commune["properties"]["insee_code"]
    assert commune["properties"]["name"] == "Balma"


def test_list_fragments_are_cached_until_a_project_changes(client, django_assert_num_queries):
    project = factories.ProjectFactory(title="Avant")
    client.get("/projets/")
    with django_assert_num_queries(0):  # count, form and rows all come from the cache
        assert "Avant" in client.get("/projets/").text
    project.title = "Après"
    project.save()
    assert "Après" in client.get("/projets/").text
    theme = factories.ThemeFactory(name="Nouveau thème")
    assert "Nouveau thème" in client.get("/projets/").text
    project.themes.add(theme)
    assert 'theme-badge">Nouveau thème' in client.get("/projets/").text
