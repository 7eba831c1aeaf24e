"""The map data: each project's point (its own, or its commune's town hall stored on the
row), kept in step with the communes, and the cached body retired by every change."""

import gzip
import json

import pytest

from projects.models import Project
from tests import factories

pytestmark = pytest.mark.django_db

URL = "/projets/carte/donnees.geojson"


def _points(client) -> dict:
    response = client.get(URL, headers={"Accept-Encoding": "gzip"})
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    data = json.loads(gzip.decompress(response.content))
    return {f["id"]: f["geometry"]["coordinates"] for f in data["features"]}


@pytest.fixture
def balma_and_blagnac():
    balma = factories.CommuneFactory(name="Balma", slug="balma", latitude=43.61, longitude=1.5)
    blagnac = factories.CommuneFactory(
        name="Blagnac", slug="blagnac", latitude=43.63, longitude=1.39
    )
    return balma, blagnac


def test_coordinates_come_rounded_to_five_decimals(client):
    project = factories.ProjectFactory(latitude=43.604567891, longitude=1.444123456)
    assert _points(client) == {project.pk: [1.44412, 43.60457]}


def test_a_client_without_gzip_gets_the_same_geojson_in_plain_text(client):
    project = factories.ProjectFactory(latitude=43.6, longitude=1.44)
    _points(client)  # cached gzipped
    response = client.get(URL)
    assert "Content-Encoding" not in response
    assert json.loads(response.content)["features"][0]["id"] == project.pk


def test_a_project_edited_through_its_form_moves_on_the_map(client, client_as, carried_project):
    before = _points(client)[carried_project.pk]
    response = client_as("carrier").post(
        f"/projets/{carried_project.slug}/modifier/",
        {
            "title": carried_project.title,
            "phase": "idee",
            "phase_status": "en_cours",
            "latitude": "43.5",
            "longitude": "1.3",
        },
    )
    assert response.status_code == 302
    assert _points(client)[carried_project.pk] == [1.3, 43.5] != before


def test_a_project_without_a_point_follows_its_communes(client, balma_and_blagnac):
    balma, blagnac = balma_and_blagnac
    project = factories.ProjectFactory(latitude=None, longitude=None)
    assert project.pk not in _points(client)
    project.communes.add(blagnac)
    assert _points(client)[project.pk] == [1.39, 43.63]
    project.communes.add(balma)  # the first by name
    assert _points(client)[project.pk] == [1.5, 43.61]
    project.communes.remove(balma)
    assert _points(client)[project.pk] == [1.39, 43.63]
    project.communes.clear()
    assert project.pk not in _points(client)


def test_communes_changed_from_the_commune_side_move_the_projects(client, balma_and_blagnac):
    balma, _ = balma_and_blagnac
    project = factories.ProjectFactory(latitude=None, longitude=None)
    balma.projects.add(project)
    assert _points(client)[project.pk] == [1.5, 43.61]
    balma.projects.clear()
    assert project.pk not in _points(client)


def test_a_town_hall_that_moves_or_goes_moves_its_projects(client, balma_and_blagnac):
    balma, blagnac = balma_and_blagnac
    project = factories.ProjectFactory(latitude=None, longitude=None)
    project.communes.set([balma, blagnac])
    balma.latitude, balma.longitude = 43.62, 1.51
    balma.save()
    assert _points(client)[project.pk] == [1.51, 43.62]
    balma.delete()
    assert _points(client)[project.pk] == [1.39, 43.63]


def test_a_project_with_its_own_point_keeps_it_whatever_its_communes(client, balma_and_blagnac):
    balma, _ = balma_and_blagnac
    project = factories.ProjectFactory(latitude=43.7, longitude=1.4)
    project.communes.add(balma)
    assert _points(client)[project.pk] == [1.4, 43.7]
    project.refresh_from_db()
    assert project.map_point == (43.7, 1.4)


def test_a_later_full_save_keeps_the_fallback_point(client, balma_and_blagnac):
    balma, _ = balma_and_blagnac
    project = factories.ProjectFactory(latitude=None, longitude=None)
    project.communes.add(balma)
    project.title = "Renommé"
    project.save()  # the instance learnt its fallback when its communes changed
    assert Project.objects.get(pk=project.pk).town_hall_latitude == 43.61
    assert _points(client)[project.pk] == [1.5, 43.61]


def test_publishing_a_project_puts_it_on_the_cached_map(client):
    project = factories.ProjectFactory(state=Project.State.SUBMITTED, latitude=43.6, longitude=1.4)
    assert project.pk not in _points(client)
    project.publish()
    assert project.pk in _points(client)


def test_the_project_page_shows_the_commune_point(client, balma_and_blagnac):
    balma, _ = balma_and_blagnac
    project = factories.ProjectFactory(latitude=None, longitude=None)
    project.communes.add(balma)
    text = client.get(project.get_absolute_url()).text
    assert 'data-lat="43.610000"' in text
