"""Meeting documents are served by the app in production (DEBUG off), like the meeting page."""

from datetime import datetime
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader

from alliance.documents.formatting import NBSP
from alliance.timezones import PARIS
from circles.models import Membership, Registration
from tests import factories

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


# The minutes and the calendar as documents to send (alliance.documents), read back.


def pdf_text(content: bytes) -> str:
    """The text, lines joined (a long title wraps), no-break spaces read as spaces."""
    pages = [p.extract_text() for p in PdfReader(BytesIO(content)).pages]
    return " ".join(" ".join(pages).replace(NBSP, " ").split())


@pytest.fixture
def held_meeting(meeting):
    meeting.start = datetime(2027, 1, 1, 14, tzinfo=PARIS)
    meeting.end = datetime(2027, 1, 1, 16, 30, tzinfo=PARIS)
    meeting.agenda = "1. Tour de table\n2. Projets du semestre"
    meeting.minutes = "Les membres ont fait le **point** des projets.\n\n- Solaire\n- Navette"
    meeting.decisions = "Lancer l'appel à projets\nRelire la charte"
    meeting.status = "tenue"
    meeting.save()
    town = factories.OrganisationFactory(name="Mairie de Colomiers")
    company = factories.OrganisationFactory(name="Airbus")
    for first, last, organisation in [
        ("Alice", "Martin", town),
        ("Bruno", "Petit", town),
        ("Chloé", "Durand", company),
    ]:
        person = factories.PersonFactory(first_name=first, last_name=last)
        Membership.objects.create(circle=meeting.circle, person=person, organisation=organisation)
        Registration.objects.create(meeting=meeting, person=person, attended=True)
    Registration.objects.create(
        meeting=meeting,
        guest_name="Gaëlle Invitée",
        guest_email="gaelle@example.org",
        guest_organisation="CCI",
        attended=True,
    )
    Registration.objects.create(
        meeting=meeting, guest_name="Absent", guest_email="absent@example.org", attended=False
    )
    return meeting


def test_a_member_downloads_the_minutes_as_a_french_a4_pdf(client_as, held_meeting):
    response = client_as("member").get(f"/cercles/reunions/{held_meeting.pk}/compte-rendu.pdf")

    assert response["Content-Type"] == "application/pdf"
    assert (
        'filename="compte-rendu-2027-01-01-coordination-des-projets.pdf"'
        in (response["Content-Disposition"])
    )
    assert response["Cache-Control"] == "private, max-age=0"
    reader = PdfReader(BytesIO(response.content))
    assert reader.trailer["/Root"]["/Lang"] == "fr-FR"
    assert {
        (round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages
    } == {(595, 842)}
    text = pdf_text(response.content)
    assert "Compte rendu — Coordination des projets" in text
    assert "Alliance pour la transformation durable du territoire" in text
    assert "Date : vendredi 1er janvier 2027, de 14 h à 16 h 30." in text
    assert "4 personnes présentes, 3 organisations." in text
    assert "Page 1 sur 1" in text


def test_the_minutes_list_who_came_by_organisation(client_as, held_meeting):
    response = client_as("facilitator").get(
        f"/cercles/reunions/{held_meeting.pk}/compte-rendu.docx"
    )

    document = Document(BytesIO(response.content))
    rows = [[c.text for c in row.cells] for row in document.tables[0].rows]
    assert rows == [
        ["Organisation", "Présents"],
        ["Airbus", "Chloé Durand"],
        ["CCI", "Gaëlle Invitée"],
        ["Mairie de Colomiers", "Alice Martin, Bruno Petit"],
    ]
    assert document.tables[0].rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    text = [p.text for p in document.paragraphs]
    assert "Absent" not in "\n".join(text)
    assert [p.text for p in document.paragraphs if p.style.name == "List Bullet"][-2:] == [
        "Lancer l'appel à projets",
        "Relire la charte",
    ]
    assert "Les membres ont fait le point des projets." in text
    assert document.core_properties.language == "fr-FR"
    assert round(document.sections[0].page_width.mm) == 210


def test_minutes_without_attendance_say_so_in_the_singular_and_plural(client_as, meeting):
    text = pdf_text(
        client_as("member").get(f"/cercles/reunions/{meeting.pk}/compte-rendu.pdf").content
    )
    assert "Présences non relevées." in text
    assert "Compte rendu à venir." in text

    Registration.objects.create(meeting=meeting, guest_name="Seule", attended=True)
    text = pdf_text(
        client_as("member").get(f"/cercles/reunions/{meeting.pk}/compte-rendu.pdf").content
    )
    assert "1 personne présente, 1 organisation." in text


def test_the_circle_calendar_of_the_year_lists_its_meetings(client_as, circle):
    for month, day in [(1, 12), (3, 9), (6, 1)]:
        factories.MeetingFactory(
            circle=circle,
            title=f"Cercle du {day}/{month}",
            start=datetime(2027, month, day, 9, 30, tzinfo=PARIS),
            end=datetime(2027, month, day, 12, tzinfo=PARIS),
        )
    factories.MeetingFactory(circle=circle, start=datetime(2026, 12, 8, 14, tzinfo=PARIS))

    response = client_as("member").get(f"/cercles/{circle.slug}/calendrier-2027.pdf")

    assert 'filename="calendrier-cercle-animation-2027.pdf"' in response["Content-Disposition"]
    text = pdf_text(response.content)
    assert "Calendrier 2027 — Cercle d'animation" in text
    assert "3 réunions en 2027" in text
    assert "mardi 1er juin" in text and "de 9 h 30 à 12 h" in text
    assert "8 décembre" not in text
    assert "Date Horaire Réunion Lieu Statut" in text


def test_an_empty_calendar_says_so_in_the_singular(client_as, circle):
    response = client_as("member").get(f"/cercles/{circle.slug}/calendrier-2031.docx")
    document = Document(BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "0\xa0réunion en 2031" in text
    assert "Pas de réunion programmée." in text


def test_a_calendar_for_a_far_year_is_404(client_as, circle):
    assert client_as("member").get(f"/cercles/{circle.slug}/calendrier-3000.pdf").status_code == 404


def test_head_answers_for_the_minutes(client_as, meeting):
    response = client_as("member").head(f"/cercles/reunions/{meeting.pk}/compte-rendu.pdf")
    assert response.status_code == 200
    assert response.content == b""


def test_the_meeting_and_circle_pages_link_their_documents_for_members_only(client_as, meeting):
    year = timezone.localdate().year
    circle = meeting.circle
    member = client_as("member")
    page = member.get(meeting.get_absolute_url()).content.decode()
    assert f"/cercles/reunions/{meeting.pk}/compte-rendu.pdf" in page
    assert f"/cercles/reunions/{meeting.pk}/compte-rendu.docx" in page
    page = member.get(circle.get_absolute_url()).content.decode()
    assert f"/cercles/{circle.slug}/calendrier-{year}.pdf" in page
    visitor = client_as("anonymous")
    assert "compte-rendu.pdf" not in visitor.get(meeting.get_absolute_url()).content.decode()
    assert "calendrier-" not in visitor.get(circle.get_absolute_url()).content.decode()


@pytest.mark.parametrize("size", [3, 15])
def test_the_minutes_make_a_fixed_number_of_queries(
    client_as, meeting, size, django_assert_num_queries
):
    organisation = factories.OrganisationFactory()
    for _number in range(size):
        person = factories.PersonFactory()
        Membership.objects.create(circle=meeting.circle, person=person, organisation=organisation)
        Registration.objects.create(meeting=meeting, person=person, attended=True)
    member = client_as("member")
    with django_assert_num_queries(8):
        assert member.get(f"/cercles/reunions/{meeting.pk}/compte-rendu.pdf").status_code == 200
