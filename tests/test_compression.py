"""Answers are gzipped where BREACH can read no secret from their size: anonymous pages
(their one secret, the CSRF token, is masked afresh each time) and data in which no token
was rendered; never a member's page, a download or a static file."""

import gzip

import pytest

from tests import factories

pytestmark = pytest.mark.django_db

GZIP = {"Accept-Encoding": "gzip, deflate, br"}


def test_anonymous_home_page_is_gzipped_and_is_the_page(client):
    plain = client.get("/")
    response = client.get("/", headers=GZIP)
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    page = gzip.decompress(response.content).decode()
    assert "<html" in page
    assert (
        page.split("<main")[1].split("</main>")[0]
        == (plain.text.split("<main")[1].split("</main>")[0])
    )
    assert len(response.content) < len(plain.content)


def test_head_on_map_data_gives_the_gzipped_headers_without_body(client):
    factories.ProjectFactory(latitude=43.6, longitude=1.44)
    get = client.get("/projets/carte/donnees.geojson", headers=GZIP)
    response = client.head("/projets/carte/donnees.geojson", headers=GZIP)
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert response["Content-Length"] == get["Content-Length"] == str(len(get.content))
    assert response.content == b""


def test_without_accept_encoding_nothing_is_compressed(client):
    response = client.get("/")
    assert "Content-Encoding" not in response
    assert "<html" in response.text


def test_a_members_page_with_a_form_is_not_gzipped(client_as, member):
    response = client_as("member").get("/projets/proposer/", headers=GZIP)
    assert response.status_code == 200
    assert "Content-Encoding" not in response
    assert 'name="csrfmiddlewaretoken"' in response.text


def test_map_data_is_gzipped_for_a_member_too(client_as, member):
    factories.ProjectFactory(latitude=43.6, longitude=1.44)
    response = client_as("member").get("/projets/carte/donnees.geojson", headers=GZIP)
    assert response["Content-Encoding"] == "gzip"
    assert gzip.decompress(response.content).startswith(b'{"type":"FeatureCollection"')


def test_the_outline_data_is_gzipped_for_a_member(client_as, member):
    square = {"type": "Polygon", "coordinates": [[[1, 43], [2, 43], [2, 44], [1, 43]]]}
    factories.CommuneFactory(name="Balma", slug="balma", outline=square)
    factories.CommuneFactory(name="Blagnac", slug="blagnac", outline=square)  # over 200 bytes
    from projects import geo

    geo._outline_cache.clear()
    response = client_as("member").get("/projets/carte/contour.geojson", headers=GZIP)
    assert response["Content-Encoding"] == "gzip"
    assert b"Balma" in gzip.decompress(response.content)


def test_a_download_is_left_as_it_is(client):
    factories.ProjectFactory(latitude=43.6, longitude=1.44)
    response = client.get("/projets.geojson", headers=GZIP)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert "Content-Encoding" not in response
    assert client.head("/projets.geojson", headers=GZIP).status_code == 200
