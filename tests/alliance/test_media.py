"""Public uploads (organisation logos) are served by the app with DEBUG off, and nothing
else of MEDIA_ROOT is."""

import io

import pytest
from django.core.files.base import ContentFile
from PIL import Image

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def production(settings):
    settings.DEBUG = False


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "green").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def organisation():
    organisation = factories.OrganisationFactory(name="Coopérative Verte")
    organisation.logo.save("verte.png", ContentFile(png()), save=True)
    return organisation


def test_a_visitor_sees_the_logo_of_an_organisation_page(client, organisation):
    html = client.get(organisation.get_absolute_url()).content.decode()
    src = html.split('class="actor-logo" src="', 1)[1].split('"', 1)[0]

    response = client.get(src)

    assert src.startswith("/media/logos/")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == png()


def test_a_proxy_may_ask_for_the_logo_headers_only(client, organisation):
    assert client.head(organisation.logo.url).status_code == 200


def test_no_other_upload_is_reachable_through_the_logo_address(client, settings, organisation):
    documents = settings.MEDIA_ROOT / "circles" / "documents"
    documents.mkdir(parents=True)
    (documents / "interne.pdf").write_bytes(b"%PDF-1.4")

    for path in [
        "/media/logos/../circles/documents/interne.pdf",
        "/media/logos/%2e%2e/circles/documents/interne.pdf",
        "/media/circles/documents/interne.pdf",
        "/media/logos/absent.png",
    ]:
        response = client.get(path)
        # 400: Django refuses a path that leaves the folder (SuspiciousFileOperation).
        assert response.status_code in {400, 404}, path
        assert not getattr(response, "streaming", False), path
