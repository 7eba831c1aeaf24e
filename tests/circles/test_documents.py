"""Meeting documents are served by the app in production (DEBUG off), like the meeting page."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"


@pytest.fixture(autouse=True)
def production(settings):
    settings.DEBUG = False


def document_link(html: str) -> str:
    return html.split('href="/cercles/documents/', 1)[1].split('"', 1)[0]


def test_a_visitor_downloads_the_document_a_facilitator_attached(client_as, meeting):
    client_as("facilitator").post(
        f"/cercles/reunions/{meeting.pk}/documents/",
        {"title": "Support", "file": SimpleUploadedFile("support.pdf", PDF)},
    )
    visitor = client_as("anonymous")
    page = visitor.get(meeting.get_absolute_url()).content.decode()

    response = visitor.get(f"/cercles/documents/{document_link(page)}")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="support.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_member_downloads_it_too(client_as, meeting_document):
    response = client_as("member").get(f"/cercles/documents/{meeting_document.pk}/")
    assert b"".join(response.streaming_content) == b"%PDF-1.4\nordre du jour\n"


def test_the_raw_media_address_is_not_served_in_production(client, meeting_document):
    assert client.get(meeting_document.file.url).status_code == 404


def test_a_document_whose_file_is_gone_is_a_404(client, meeting_document):
    meeting_document.file.storage.delete(meeting_document.file.name)
    assert client.get(f"/cercles/documents/{meeting_document.pk}/").status_code == 404


def test_a_document_of_a_deleted_meeting_is_a_404(client, meeting_document):
    pk = meeting_document.pk
    meeting_document.meeting.delete()
    assert client.get(f"/cercles/documents/{pk}/").status_code == 404


def test_a_post_is_refused(client, meeting_document):
    assert client.post(f"/cercles/documents/{meeting_document.pk}/").status_code == 405
