"""Every open-data file read back by the library its users read it with: GDAL (pyogrio)
for GeoJSON, frictionless for the data package and its CSV, pandas for CSV and XLSX,
networkx for GraphML and GEXF. And the HTTP around them: HEAD, ETag, 304, CORS."""

import io
import json

import frictionless
import networkx as nx
import pandas
import pyogrio
import pytest
from django.db import OperationalError, connection

from network.opendata import catalogue
from projects import exports
from projects.models import Link
from tests import factories

pytestmark = pytest.mark.django_db

SITE = "http://127.0.0.1:8000"
DOWNLOADS = [
    "/projets.csv",
    "/projets.geojson",
    "/acteurs.csv",
    "/acteurs.geojson",
    "/projets/interdependances.kumu.json",
    "/projets/interdependances.graphml",
    "/projets/interdependances.gexf",
    "/donnees/datapackage.json",
    "/donnees/communes.geojson",
    "/donnees/collectivites.csv",
    "/donnees/reunions.geojson",
    "/donnees/idees.xlsx",
    "/flux/projets.rss",
    "/flux/jalons.atom",
]
# A commune outline wound clockwise, as the shipped file was: it must come out reversed.
CLOCKWISE = {
    "type": "Polygon",
    "coordinates": [[[1.4, 43.6], [1.4, 43.7], [1.5, 43.7], [1.5, 43.6], [1.4, 43.6]]],
}


@pytest.fixture
def territory():
    theme = factories.ThemeFactory(name="Énergie", slug="energie")
    balma = factories.CommuneFactory(
        name="Balma", slug="balma", insee_code="31044", siren="213100449", outline=CLOCKWISE
    )
    outside = factories.CommuneFactory(
        name="Muret", slug="muret", insee_code="31395", in_metropole=False
    )
    consenting = factories.PersonFactory(
        first_name="Inès", last_name="Roy", title="Cheffe de projet", share_contact=True
    )
    reserved = factories.PersonFactory(first_name="Paul", last_name="Discret", title="Élu")
    solar = factories.ProjectFactory(
        title="Toits solaires",
        summary="Des panneaux sur les écoles",
        budget=1500.5,
        referent=consenting,
        latitude=43.6123456789,
        longitude=1.4987654321,
    )
    solar.themes.add(theme)
    solar.communes.add(balma, outside)
    heat = factories.ProjectFactory(title="Réseau de chaleur", referent=reserved)
    factories.LinkFactory(source=solar, target=heat, kind=Link.Kind.FEEDS, strength=3)
    organisation = factories.OrganisationFactory(
        name="Coop Solaire", siren="732829320", commune=balma, latitude=43.63, longitude=1.39
    )
    organisation.themes.add(theme)
    factories.ParticipationFactory(project=solar, organisation=organisation)
    factories.OrganisationFactory(name="Sans point", latitude=None, longitude=None)
    circle = factories.CircleFactory(name="Cercle énergie")
    factories.MeetingFactory(circle=circle, commune=balma, title="Plénière")
    factories.MeetingFactory(circle=circle, commune=None, title="En ligne")
    idea = factories.IdeaFactory(title="Un composteur", imported_likes=4)
    idea.space.is_public = True
    idea.space.save()
    return {"solar": solar, "heat": heat, "balma": balma}


def _get(client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content


def _signed_area(ring) -> float:
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False))


@pytest.mark.parametrize(
    "url",
    [
        "/projets.geojson",
        "/acteurs.geojson",
        "/donnees/communes.geojson",
        "/donnees/reunions.geojson",
    ],
)
def test_gdal_reads_every_geojson_with_ids_names_and_descriptions(client, territory, url, tmp_path):
    body = _get(client, url)
    path = tmp_path / "file.geojson"
    path.write_bytes(body)
    info = pyogrio.read_info(path)
    assert info["crs"] == "EPSG:4326"
    assert info["features"] >= 1
    assert {"id", "name", "description"} <= set(info["fields"])
    data = json.loads(body)
    assert "crs" not in data
    for feature in data["features"]:
        assert feature["id"] is not None and feature["id"] == feature["properties"]["id"]
        assert feature["properties"]["name"]
        assert "" not in feature["properties"].values()  # empty is null
        url_value = feature["properties"].get("url")
        assert url_value is None or url_value.startswith(SITE)


def test_points_are_lon_lat_rounded_to_five_decimals(client, territory):
    data = json.loads(_get(client, "/projets.geojson"))
    solar = next(f for f in data["features"] if f["id"] == territory["solar"].pk)
    assert solar["geometry"]["coordinates"] == [1.49877, 43.61235]
    assert solar["properties"]["name"] == "Toits solaires"
    assert solar["properties"]["description"] == "Des panneaux sur les écoles"
    assert solar["properties"]["url"] == SITE + territory["solar"].get_absolute_url()


def test_commune_outlines_are_wound_counter_clockwise(client, territory):
    for url in ["/donnees/communes.geojson", "/projets/carte/contour.geojson"]:
        data = json.loads(_get(client, url))
        [balma] = [f for f in data["features"] if f["properties"]["name"] == "Balma"]
        assert _signed_area(balma["geometry"]["coordinates"][0]) > 0, url


def test_the_shipped_commune_outlines_follow_rfc_7946():
    from django.conf import settings

    path = settings.BASE_DIR / "alliance" / "data" / "toulouse-metropole-communes.geojson"
    data = json.loads(path.read_text())
    assert len(data["features"]) == 37
    for feature in data["features"]:
        geometry = feature["geometry"]
        polygons = (
            [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        )
        for rings in polygons:
            assert _signed_area(rings[0]) > 0
            assert all(_signed_area(hole) < 0 for hole in rings[1:])
    assert pyogrio.read_info(path)["features"] == 37


def test_meetings_without_a_commune_are_left_out_of_the_map(client, territory):
    data = json.loads(_get(client, "/donnees/reunions.geojson"))
    assert [f["properties"]["name"] for f in data["features"]] == ["Plénière"]
    assert data["features"][0]["properties"]["circle"] == "Cercle énergie"


def test_pandas_reads_the_standard_csv_with_its_defaults(client, territory):
    frame = pandas.read_csv(io.BytesIO(_get(client, "/acteurs.csv")))
    assert list(frame.columns[:3]) == ["id", "nom", "type"]
    coop = frame[frame["nom"] == "Coop Solaire"].iloc[0]
    assert coop["latitude"] == pytest.approx(43.63)
    assert coop["code_insee"] == 31044
    projects = pandas.read_csv(io.BytesIO(_get(client, "/projets.csv")))
    assert set(projects["nom"]) == {"Toits solaires", "Réseau de chaleur"}


def test_the_excel_variant_has_a_bom_semicolons_and_decimal_commas(client, territory):
    response = client.get("/acteurs.csv?variante=excel")
    assert 'filename="acteurs-excel.csv"' in response["Content-Disposition"]
    body = response.content
    assert body.startswith("\ufeff".encode())
    assert "43,63" in body.decode("utf-8-sig")
    frame = pandas.read_csv(io.BytesIO(body), sep=";", decimal=",", encoding="utf-8-sig")
    coop = frame[frame["nom"] == "Coop Solaire"].iloc[0]
    assert coop["latitude"] == pytest.approx(43.63)
    assert coop["commune"] == "Balma"


def _validate(path, schema: dict) -> frictionless.Report:
    resource = frictionless.Resource(
        path=path.name,
        basepath=str(path.parent),
        schema=frictionless.Schema.from_descriptor(schema),
    )
    return resource.validate()


def _package(client) -> dict:
    return json.loads(_get(client, "/donnees/datapackage.json"))


def test_the_data_package_describes_every_file_with_licence_and_dates(client, territory):
    package = _package(client)
    errors = list(frictionless.Package.metadata_validate(package))
    assert not errors, [error.message for error in errors]
    assert package["licenses"][0]["name"] == "etalab-2.0"
    assert package["lastModified"]
    paths = {resource["path"] for resource in package["resources"]}
    for url in DOWNLOADS[:12]:
        if url != "/donnees/datapackage.json":
            assert SITE + url in paths, url
    for resource in package["resources"]:
        assert resource["bytes"] > 0
        assert resource["licenses"][0]["name"] == "etalab-2.0"
        for schema_field in resource.get("schema", {}).get("fields", []):
            assert schema_field["description"], (resource["name"], schema_field["name"])


@pytest.mark.parametrize("name", ["projets", "collectivites", "acteurs"])
def test_frictionless_validates_every_csv_against_its_table_schema(
    client, territory, name, tmp_path
):
    [resource] = [r for r in _package(client)["resources"] if r["name"] == name]
    path = tmp_path / f"{name}.csv"
    path.write_bytes(_get(client, resource["path"].removeprefix(SITE)))
    schema = {k: v for k, v in resource["schema"].items() if k != "foreignKeys"}
    report = _validate(path, schema)
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert report.tasks[0].stats["rows"] >= 1


def test_the_projects_csv_is_valid_against_the_public_schema_it_claims(client, territory, tmp_path):
    """The shipped copy of schema.data.gouv.fr's "projets-territoire" (never fetched here)."""
    path = tmp_path / "projets.csv"
    path.write_bytes(_get(client, "/projets.csv"))
    official = catalogue.public_schema("projets-territoire")
    assert official["name"] == "projets-territoire"
    report = _validate(path, official)
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    collectivites = tmp_path / "collectivites.csv"
    collectivites.write_bytes(_get(client, "/donnees/collectivites.csv"))
    assert _validate(collectivites, catalogue.public_schema("collectivites")).valid
    known = set(pandas.read_csv(collectivites)["id"])
    for ids in pandas.read_csv(path)["collectiviteIds"]:
        assert set(json.loads(ids)) <= known  # the referenced table is published


def test_the_referent_is_named_only_with_their_consent(client, territory):
    rows = pandas.read_csv(io.BytesIO(_get(client, "/projets.csv")), keep_default_na=False)
    by_name = {row["nom"]: row for _, row in rows.iterrows()}
    solar, heat = by_name["Toits solaires"], by_name["Réseau de chaleur"]
    assert (solar["porteurReferentPrenom"], solar["porteurReferentFonction"]) == (
        "Inès",
        "Cheffe de projet",
    )
    assert heat["porteurReferentPrenom"] == heat["porteurReferentNom"] == ""
    assert heat["porteurReferentFonction"] == ""
    assert "Discret" not in _get(client, "/projets.csv").decode()


def test_the_ideas_workbook_has_a_named_sheet_and_typed_cells(client, territory):
    sheets = pandas.read_excel(io.BytesIO(_get(client, "/donnees/idees.xlsx")), sheet_name=None)
    assert list(sheets) == ["Idées"]
    frame = sheets["Idées"]
    assert frame.columns[0] == "identifiant"
    row = frame.iloc[0]
    assert row["titre"] == "Un composteur"
    assert row["soutiens"] == 4
    assert pandas.api.types.is_integer_dtype(frame["soutiens"])
    assert pandas.api.types.is_datetime64_any_dtype(frame["créée le"])


@pytest.mark.parametrize(
    ("url", "read"),
    [
        ("/projets/interdependances.graphml", nx.read_graphml),
        ("/projets/interdependances.gexf", nx.read_gexf),
    ],
)
def test_networkx_reads_the_interdependencies(client, territory, url, read):
    graph = read(io.BytesIO(_get(client, url)))
    assert graph.is_directed()
    solar, heat = territory["solar"].slug, territory["heat"].slug
    assert set(graph.nodes) == {solar, heat}
    assert graph.nodes[solar]["label"] == "Toits solaires"
    assert graph.nodes[solar]["url"] == SITE + territory["solar"].get_absolute_url()
    [(source, target, data)] = list(graph.edges(data=True))
    assert (source, target) == (solar, heat)
    assert data["kind"] == "alimente"
    assert int(data["weight"]) == 3


@pytest.mark.parametrize("url", DOWNLOADS)
def test_every_download_answers_head_with_etag_last_modified_and_cors(client, territory, url):
    got = client.get(url)
    assert got.status_code == 200
    assert got["ETag"].startswith('"')
    assert got["Access-Control-Allow-Origin"] == "*"
    head = client.head(url)
    assert head.status_code == 200
    assert head.content == b""
    assert head["ETag"] == got["ETag"]
    assert int(head["Content-Length"]) == len(got.content)
    again = client.get(url, headers={"If-None-Match": got["ETag"]})
    assert again.status_code == 304
    assert again.content == b""
    assert got["Last-Modified"]
    since = client.get(url, headers={"If-Modified-Since": got["Last-Modified"]})
    assert since.status_code == 304


def test_a_change_gives_a_new_etag(client, territory):
    first = client.get("/projets.geojson")["ETag"]
    factories.ProjectFactory(title="Nouveau")
    assert client.get("/projets.geojson", headers={"If-None-Match": first}).status_code == 200


@pytest.mark.parametrize("url", ["/projets.csv", "/acteurs.csv"])
def test_an_export_that_fails_is_an_error_never_a_header_alone(client, territory, url):
    def unreachable(execute, sql, params, many, context):
        raise OperationalError("could not connect to server")

    client.raise_request_exception = False
    with connection.execute_wrapper(unreachable):
        response = client.get(url)
    assert response.status_code >= 500
    assert not response.get("Content-Type", "").startswith("text/csv")


def test_the_open_data_page_shows_update_size_licence_schema_and_example(client, territory):
    body = _get(client, "/donnees/").decode()
    for entry in catalogue.catalogue():
        item = entry["file"]
        assert f'href="{item.path}"' in body
        assert str(item.example).replace('"', "&quot;") in body
    assert "Licence Ouverte 2.0" in body
    assert "schema.data.gouv.fr" in body
    assert "variante=excel" in body
    assert "<time datetime=" in body
    assert 'rel="alternate" type="application/atom+xml"' in body


def test_collectivite_ids_are_stable_uuids(client, territory):
    rows = pandas.read_csv(io.BytesIO(_get(client, "/donnees/collectivites.csv")), dtype=str)
    balma = rows[rows["codeInsee"] == "31044"].iloc[0]
    assert balma["id"] == exports.commune_uuid("31044")
    assert balma["codeEpci"] == "243100518"
    muret = rows[rows["codeInsee"] == "31395"].iloc[0]
    assert pandas.isna(muret["codeEpci"])
