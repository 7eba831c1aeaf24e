"""Open data: GeoJSON (RFC 7946), CSV in the public schema's columns, demo data."""

import csv
import io
import json

import pytest
from django.core.management import call_command

from projects import exports
from projects.models import Link, Need, Offer, Project
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def published():
    theme = factories.ThemeFactory(name="Énergie", slug="energie")
    commune = factories.CommuneFactory(name="Balma", slug="balma", insee_code="31044")
    referent = factories.PersonFactory(
        first_name="Inès",
        last_name="Roy",
        email="ines@example.org",
        phone="0600000000",
        share_contact=True,
    )
    project = factories.ProjectFactory(
        title="=HYPERLINK(1)", phase="etude", budget=1500.5, referent=referent
    )
    project.themes.add(theme)
    project.communes.add(commune)
    organisation = factories.OrganisationFactory(siret="35600000000048")
    factories.ParticipationFactory(project=project, organisation=organisation)
    factories.ProjectFactory(title="Brouillon", state=Project.State.DRAFT)
    factories.ProjectFactory(title="Autre")
    return project


def test_geojson_is_rfc7946_with_light_properties(client, published):
    response = client.get("/projets.geojson")
    assert response["Content-Type"] == "application/geo+json"
    data = json.loads(response.content)
    assert data["type"] == "FeatureCollection"
    assert "crs" not in data
    feature = next(f for f in data["features"] if f["id"] == published.pk)
    assert feature["geometry"] == {"type": "Point", "coordinates": [1.44, 43.6]}  # lon, lat
    assert feature["properties"] == {
        "id": published.pk,
        "name": "=HYPERLINK(1)",
        "description": published.summary or None,
        "phase": "Étude",
        "themes": ["Énergie"],
        "insee_codes": ["31044"],
        "url": "http://127.0.0.1:8000" + published.get_absolute_url(),
        "updated_at": published.updated_at.isoformat(),
    }
    assert "Brouillon" not in response.text


def test_geojson_takes_the_list_filters(client, published):
    data = json.loads(client.get("/projets.geojson?theme=energie").content)
    assert [f["id"] for f in data["features"]] == [published.pk]


def _csv(client, url="/projets.csv"):
    response = client.get(url)
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_csv_follows_the_public_schema_columns(client, published):
    rows = _csv(client)
    assert rows[0] == exports.SCHEMA_COLUMNS
    assert len(rows) == 3
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["id"] == exports.project_uuid(published.pk)
    assert row["nom"] == "'=HYPERLINK(1)"  # formula neutralised
    assert row["phase"] == "Étude"
    assert row["phaseStatut"] == "En cours"
    assert row["budgetPrevisionnel"] == "1500"
    assert row["porteurCodeSiret"] == "35600000000048"
    assert row["porteurReferentPrenom"] == "Inès"
    assert json.loads(row["collectiviteIds"]) == [exports.commune_uuid("31044")]


def test_csv_never_publishes_contact_details(client, published):
    text = "\n".join(",".join(r) for r in _csv(client))
    assert "ines@example.org" not in text
    assert "0600000000" not in text


def test_a_referent_without_consent_is_not_named(client, published):
    published.referent.share_contact = False
    published.referent.save()
    row = dict(zip(*_csv(client)[:2], strict=True))
    assert row["porteurReferentPrenom"] == row["porteurReferentNom"] == ""
    assert row["porteurReferentFonction"] == ""
    assert row["porteurCodeSiret"] == "35600000000048"  # the organisation alone


def test_exports_need_a_fixed_number_of_queries(client, published, django_assert_max_num_queries):
    theme = factories.ThemeFactory()
    for _ in range(20):
        project = factories.ProjectFactory(referent=factories.PersonFactory())
        project.themes.add(theme)
        factories.ParticipationFactory(project=project)
        factories.LinkFactory(source=project, target=published)
    for url in ["/projets.csv", "/projets.geojson", "/projets/interdependances.graphml"]:
        with django_assert_max_num_queries(8):
            assert client.get(url).status_code == 200


def test_demo_loads_twice_and_purges_only_demo_records(db, settings):
    from alliance import cache as versions

    settings.PAGE_CACHE_SECONDS = 60  # pages are kept, so the demo's rows retire them
    before = {name: versions.version(name) for name in ("pages", "projects")}
    call_command("load_demo", stdout=io.StringIO())
    # Its rows' bumps are deferred to the end (alliance.cache.bumps_deferred): once each.
    assert {name: versions.version(name) for name in before} == {
        name: value + 1 for name, value in before.items()
    }
    counts = (Project.objects.count(), Link.objects.count(), Need.objects.count())
    assert counts[0] >= 40 and counts[1] >= 50 and counts[2] >= 10
    assert Offer.objects.count() >= 10
    assert Project.objects.published().count() >= 40
    call_command("load_demo", stdout=io.StringIO())
    assert (Project.objects.count(), Link.objects.count(), Need.objects.count()) == counts
    mine = factories.ProjectFactory(title="Pas une démo")
    call_command("load_demo", purge=True, stdout=io.StringIO())
    assert list(Project.objects.all()) == [mine]
    assert not Offer.objects.filter(organisation__is_demo=True).exists()
