import csv
import io
import json

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def register():
    commune = factories.CommuneFactory(name="Blagnac", slug="blagnac", insee_code="31069")
    theme = factories.ThemeFactory(name="Énergie", slug="energie")
    solar = factories.OrganisationFactory(
        name='=HYPERLINK("http://evil")',
        kind="entreprise",
        siren="732829320",
        commune=commune,
        latitude=43.63,
        longitude=1.39,
        website="https://solaire.example.org",
    )
    solar.themes.add(theme)
    factories.OrganisationFactory(name="+Plus Association", kind="association", size="")
    factories.OrganisationFactory(
        name="@Arobase", kind="association", size="", latitude=None, longitude=None
    )
    person = factories.PersonFactory(
        email="secret@example.org", phone="0600000000", share_contact=True
    )
    factories.RepresentationFactory(person=person, organisation=solar)
    return solar


def read_csv(response):
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))


def test_csv_neutralises_formulas_and_keeps_public_fields_only(client, register):
    response = client.get("/acteurs.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = read_csv(response)
    assert {row["nom"] for row in rows} == {
        '\'=HYPERLINK("http://evil")',
        "'+Plus Association",
        "'@Arobase",
    }
    solar = next(row for row in rows if row["siren"] == "732829320")
    assert solar["commune"] == "Blagnac"
    assert solar["code_insee"] == "31069"
    assert solar["themes"] == "Énergie"
    body = json.dumps(rows)
    assert "secret@example.org" not in body
    assert "0600000000" not in body


def test_csv_applies_the_directory_filters(client, register):
    rows = read_csv(client.get("/acteurs.csv?kind=association"))
    assert sorted(row["nom"] for row in rows) == ["'+Plus Association", "'@Arobase"]


def test_geojson_follows_rfc_7946(client, register):
    response = client.get("/acteurs.geojson?commune=blagnac")
    assert response["Content-Type"] == "application/geo+json"
    data = json.loads(response.content)
    assert data["type"] == "FeatureCollection"
    [feature] = data["features"]
    assert feature["type"] == "Feature"
    assert feature["geometry"] == {"type": "Point", "coordinates": [1.39, 43.63]}
    assert feature["id"] == register.pk
    assert feature["properties"]["name"] == register.name
    assert feature["properties"]["themes"] == ["Énergie"]
    assert feature["properties"]["url"] == "http://127.0.0.1:8000" + register.get_absolute_url()
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "secret@example.org" not in response.content.decode()


def test_geojson_gives_a_null_geometry_to_actors_without_a_point(client, register):
    data = json.loads(client.get("/acteurs.geojson?q=arobase").content)
    assert data["features"][0]["geometry"] is None


@pytest.mark.parametrize("n", [20, 200])
def test_exports_queries_do_not_grow(client, n, django_assert_num_queries):
    from actors.models import Organisation

    Organisation.objects.bulk_create(
        [Organisation(name=f"O{i}", slug=f"o-{i}", kind="entreprise") for i in range(n)]
    )
    # organisations and their themes (per 500 rows), then the last update
    with django_assert_num_queries(3):
        json.loads(client.get("/acteurs.geojson").content)


def test_the_excel_variant_keeps_the_same_rows(client, register):
    response = client.get("/acteurs.csv?variante=excel")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert {row["nom"] for row in rows} == {
        row["nom"] for row in read_csv(client.get("/acteurs.csv"))
    }
    solar = next(row for row in rows if row["siren"] == "732829320")
    assert solar["latitude"] == "43,63"


def test_the_csv_and_geojson_need_a_fixed_number_of_queries(
    client, register, django_assert_max_num_queries
):
    for _ in range(20):
        factories.OrganisationFactory().themes.add(factories.ThemeFactory())
    for url in ["/acteurs.csv", "/acteurs.geojson"]:
        with django_assert_max_num_queries(6):
            assert client.get(url).status_code == 200
