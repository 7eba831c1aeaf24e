import pytest

from actors.models import Organisation
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    blagnac = factories.CommuneFactory(name="Blagnac", slug="blagnac")
    balma = factories.CommuneFactory(name="Balma", slug="balma")
    energy = factories.ThemeFactory(name="Énergie", slug="energie")
    water = factories.ThemeFactory(name="Eau", slug="eau")
    solar = factories.OrganisationFactory(
        name="Énergies Solidaires", commune=blagnac, size="pme", kind="entreprise"
    )
    solar.themes.add(energy)
    town = factories.OrganisationFactory(
        name="Mairie de Balma", commune=balma, kind="collectivite", size=""
    )
    town.themes.add(water)
    big = factories.OrganisationFactory(
        name="Groupe Industriel", commune=blagnac, size="ge", kind="entreprise"
    )
    gone = factories.OrganisationFactory(name="Partie", status=Organisation.Status.LEFT)
    return {"solar": solar, "town": town, "big": big, "gone": gone}


def names(response):
    return [o.name for o in response.context["page"].object_list]


def test_directory_lists_active_organisations(client, world):
    response = client.get("/acteurs/")
    assert names(response) == ["Énergies Solidaires", "Groupe Industriel", "Mairie de Balma"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=collectivite", ["Mairie de Balma"]),
        ("size=ge", ["Groupe Industriel"]),
        ("theme=energie", ["Énergies Solidaires"]),
        ("commune=blagnac", ["Énergies Solidaires", "Groupe Industriel"]),
        ("q=energies", ["Énergies Solidaires"]),
        ("q=balma", ["Mairie de Balma"]),
        ("kind=entreprise&commune=blagnac&size=pme", ["Énergies Solidaires"]),
    ],
)
def test_directory_filters(client, world, query, expected):
    assert names(client.get(f"/acteurs/?{query}")) == expected


def test_an_unknown_filter_value_gets_a_message_not_an_error(client, world):
    response = client.get("/acteurs/?kind=pirate")
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()


def test_htmx_request_returns_rows_only(client, world):
    response = client.get("/acteurs/?kind=collectivite", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html
    assert 'id="actor-rows"' in html
    assert "Mairie de Balma" in html
    assert "Groupe Industriel" not in html
    assert "HX-Request" in response["Vary"]


def test_htmx_history_restore_gets_the_whole_page(client, world):
    response = client.get(
        "/acteurs/?kind=collectivite",
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )
    assert "<html" in response.content.decode()


def test_filters_are_kept_in_pagination_toggle_and_export_links(client, world):
    Organisation.objects.bulk_create(
        [
            Organisation(name=f"Entreprise {i:02d}", slug=f"e-{i}", kind="entreprise")
            for i in range(30)
        ]
    )
    html = client.get("/acteurs/?kind=entreprise").content.decode()
    assert "?kind=entreprise&amp;page=2" in html
    assert "/acteurs/carte/?kind=entreprise" in html
    assert "/acteurs.csv?kind=entreprise" in html
    page2 = client.get("/acteurs/?kind=entreprise&page=2")
    assert page2.context["page"].number == 2


def test_map_page_carries_the_filters_and_its_data_url(client, world):
    html = client.get("/acteurs/carte/?theme=eau").content.decode()
    assert 'data-geojson-url="/acteurs/carte/donnees.geojson"' in html
    assert 'id="actor-map-config"' in html
    assert '<option value="eau" selected>' in html
    assert "/acteurs/?theme=eau" in html  # the accessible alternative, same filters


def test_map_data_is_light_geojson_of_the_filtered_actors(client, world):
    response = client.get("/acteurs/carte/donnees.geojson?commune=blagnac")
    assert response["Content-Type"] == "application/geo+json"
    data = response.json()
    assert data["type"] == "FeatureCollection"
    assert sorted(f["properties"]["name"] for f in data["features"]) == [
        "Groupe Industriel",
        "Énergies Solidaires",
    ]
    feature = data["features"][0]
    assert feature["geometry"] == {"type": "Point", "coordinates": [1.44, 43.6]}
    assert set(feature["properties"]) == {"name", "kind", "url"}


def test_map_data_leaves_out_actors_without_a_point(client):
    factories.OrganisationFactory(name="Nulle part", latitude=None, longitude=None)
    assert client.get("/acteurs/carte/donnees.geojson").json()["features"] == []


def _bulk(n):
    communes = [factories.CommuneFactory() for _ in range(3)]
    themes = [factories.ThemeFactory() for _ in range(3)]
    organisations = Organisation.objects.bulk_create(
        [
            Organisation(
                name=f"Org {i}",
                slug=f"org-{i}",
                kind="entreprise",
                commune=communes[i % 3],
                latitude=43.6,
                longitude=1.4,
            )
            for i in range(n)
        ]
    )
    through = Organisation.themes.through
    through.objects.bulk_create(
        [through(organisation=o, theme=themes[o.pk % 3]) for o in organisations]
    )


@pytest.mark.parametrize("n", [20, 500])
def test_directory_queries_do_not_grow_with_the_register(client, n, django_assert_num_queries):
    _bulk(n)
    # count, page, themes prefetch, theme and commune choices of the filter form
    with django_assert_num_queries(5):
        response = client.get("/acteurs/?q=org")
    assert len(response.context["page"].object_list) == 20


@pytest.mark.parametrize("n", [20, 500])
def test_map_data_queries_do_not_grow_with_the_register(client, n, django_assert_num_queries):
    _bulk(n)
    with django_assert_num_queries(1):
        response = client.get("/acteurs/carte/donnees.geojson")
    assert len(response.json()["features"]) == n


def test_the_directory_and_profile_name_communes_without_reading_their_outlines(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/acteurs/")
        detail = client.get(world["town"].get_absolute_url())
    assert '<option value="balma">Balma</option>' in response.text
    assert "<span>Balma</span>" in response.text
    assert "Balma</dd>" in detail.text
    assert not [q["sql"] for q in queries if "outline" in q["sql"]]
