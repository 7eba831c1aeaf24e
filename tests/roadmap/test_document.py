"""The roadmap as documents worth sending: read back with pypdf and python-docx."""

import re
import zipfile
from io import BytesIO

import pytest
from django.utils import timezone, translation
from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader

from alliance import demo as alliance_demo
from alliance.documents import fonts
from alliance.documents.formatting import NBSP, NNBSP, long_date
from alliance.documents.layout import CELL_PADDING, TABLE_SIZE
from roadmap import demo
from tests import factories
from tests.roadmap.factories import MeasurementFactory, ObjectiveFactory

pytestmark = pytest.mark.django_db

A4_POINTS = (595.28, 841.89)
# Every page but the last holds at least this much text: no page left mostly blank.
TEXT_FLOOR = 900


@pytest.fixture
def demo_roadmap(db):
    alliance_demo.load_themes()
    demo.load()


@pytest.fixture
def demo_pdf(client, demo_roadmap) -> PdfReader:
    response = client.get("/feuille-de-route/document.pdf")
    assert response.status_code == 200
    return PdfReader(BytesIO(response.content))


@pytest.fixture
def demo_docx(client, demo_roadmap):
    response = client.get("/feuille-de-route/document/")
    assert response.status_code == 200
    return response.content


def pdf_text(reader: PdfReader) -> list[str]:
    return [page.extract_text() for page in reader.pages]


def words(text: str) -> list[str]:
    return [w for w in re.split(r"[\s—,;:()/.]+", text) if len(w) > 1]


def test_the_pdf_is_a4_in_french_with_its_title_and_the_alliance(client, demo_pdf):
    assert {(round(float(p.mediabox.width), 2), round(float(p.mediabox.height), 2))
            for p in demo_pdf.pages} == {A4_POINTS}  # fmt: skip
    assert demo_pdf.trailer["/Root"]["/Lang"] == "fr-FR"
    assert demo_pdf.metadata.title == "Feuille de route"
    first = pdf_text(demo_pdf)[0]
    assert "Alliance pour la transformation durable du territoire" in first
    assert "Feuille de route" in first
    assert long_date(timezone.localdate()) in first


def test_the_pdf_of_the_demo_roadmap_has_a_few_full_pages(demo_pdf):
    pages = pdf_text(demo_pdf)
    assert 3 <= len(pages) <= 6
    for number, text in enumerate(pages[:-1], start=1):
        assert len(text) > TEXT_FLOOR, f"page {number} is mostly blank: {len(text)} characters"


def test_the_pdf_has_a_table_of_contents_with_page_numbers_and_bookmarks(demo_pdf):
    first = pdf_text(demo_pdf)[0]
    assert "Sommaire" in first
    assert re.search(r"Jalons\n[ .]+ 2\n", first)
    assert re.search(r"Objectifs — Énergie\n[ .]+ \d\n", first)
    titles = [entry["/Title"] for entry in demo_pdf.outline if isinstance(entry, dict)]
    assert titles[:2] == ["Jalons", "Objectifs — Santé"]


def test_every_page_after_the_first_has_a_running_header_and_every_page_a_number(demo_pdf):
    pages = pdf_text(demo_pdf)
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} sur {len(pages)}" in text
    for text in pages[1:]:
        assert "Alliance pour la transformation durable du territoire" in text


def test_the_pdf_writes_figures_dates_and_plurals_the_french_way(demo_pdf):
    # The PDF ties figures with U+00A0 (reportlab breaks lines at U+202F); a text
    # extractor reads it back as a space.
    text = "\n".join(pdf_text(demo_pdf)).replace(NBSP, " ")
    assert "63 000 m²" in text
    assert "1er janvier 2023" in text
    assert "0 ligne sur 1 ligne" in text
    assert "lignes" not in text.replace("Lignes de navette", "")
    assert "32,5 %" in text
    assert "63000" not in text
    assert not re.search(r"\d\n\d{3}\b|\d\n%|\d\n(m²|MWh|ligne|logement)", text)  # never cut


def test_the_milestone_table_header_repeats_and_no_word_is_broken(client, db):
    factories.ThemeFactory(name="Énergie", slug="energie")
    for number in range(70):
        factories.MilestoneFactory(
            title=f"Cercle de concertation — Réunion intercommunale {number}"
        )
    reader = PdfReader(BytesIO(client.get("/feuille-de-route/document.pdf").content))
    pages = pdf_text(reader)[1:]
    assert len(pages) >= 2
    for text in pages:
        assert "Date\nJalon\nType\nStatut\nCercle\nThèmes" in text
    text = "\n".join(pages)
    assert text.count("intercommunale") == 70  # each on one line, never cut
    assert "Point de\nrencontre" in text or "Point de rencontre" in text


def test_the_docx_is_a4_in_french_with_a_footer_of_page_numbers(demo_docx):
    document = Document(BytesIO(demo_docx))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    styles = zipfile.ZipFile(BytesIO(demo_docx)).read("word/styles.xml").decode()
    defaults = styles[styles.index("<w:docDefaults") : styles.index("</w:docDefaults>")]
    assert 'w:lang w:val="fr-FR"' in defaults
    assert "DejaVu Sans" in defaults
    assert document.core_properties.language == "fr-FR"
    footer = section.footer.paragraphs[0]._p.xml
    assert 'w:instr="PAGE"' in footer and 'w:instr="NUMPAGES"' in footer
    assert "Feuille de route" in section.header.paragraphs[0].text


def test_the_docx_opens_on_a_title_page_and_a_table_of_contents(demo_docx):
    document = Document(BytesIO(demo_docx))
    texts = [p.text for p in document.paragraphs]
    assert texts[1:4] == [
        "Alliance pour la transformation durable du territoire",
        "Feuille de route",
        long_date(timezone.localdate()),
    ]
    body = document.element.body.xml
    assert 'TOC \\o "1-2"' in body
    assert 'w:anchor="_Toc0"' in body and 'w:name="_Toc0"' in body
    contents = texts.index("Sommaire")
    assert texts[contents + 1 : contents + 3] == ["Jalons", "Objectifs — Santé"]
    assert body.count('w:type="page"') == 1  # one break: after the title page


def test_the_docx_tables_repeat_their_header_and_fit_their_longest_word(demo_docx):
    document = Document(BytesIO(demo_docx))
    for table in document.tables:
        first, *others = table.rows
        assert first._tr.trPr.find(qn("w:tblHeader")) is not None
        assert all(row._tr.trPr.find(qn("w:tblHeader")) is None for row in others)
        widths = [column.width.pt for column in table.columns]
        assert sum(widths) <= 482
        for column, width in enumerate(widths):
            cells = [(row.cells[column].text, row is first) for row in table.rows]
            longest = max(  # words as the line breaker sees them: no-break spaces tie
                fonts.width(w, TABLE_SIZE, bold=bold) for c, bold in cells for w in c.split(" ")
            )
            assert width >= longest + CELL_PADDING - 0.5


def test_the_docx_writes_figures_with_narrow_no_break_spaces(demo_docx):
    document = Document(BytesIO(demo_docx))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert f"63{NNBSP}000{NBSP}m²" in cells
    assert f"0{NBSP}ligne sur 1{NBSP}ligne" in text
    assert "1er janvier 2023" in text


def test_the_roadmap_downloads_as_a_document_dated_of_the_day(client):
    health = factories.ThemeFactory(name="Santé", slug="sante")
    energy = factories.ThemeFactory(name="Énergie", slug="energie")
    factories.MilestoneFactory(title="Cercle de concertation — Réunion de lancement")
    MeasurementFactory(objective=ObjectiveFactory(theme=health, title="Maisons de santé"))
    ObjectiveFactory(theme=energy, title="Doubler le solaire")

    response = client.get("/feuille-de-route/document/")

    today = timezone.localdate()
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml"
    )
    assert f"feuille-de-route-{today:%Y-%m-%d}.docx" in response["Content-Disposition"]
    document = Document(BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert f"Feuille de route\n{long_date(today)}" in text
    assert "Objectifs — Santé" in text and "Objectifs — Énergie" in text
    assert "Maisons de santé" in text and f"Avancement : 50{NBSP}%" in text
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "Cercle de concertation — Réunion de lancement" in cells


@pytest.mark.parametrize(
    ("url", "kind"),
    [("/feuille-de-route/document.pdf", "pdf"), ("/feuille-de-route/document/", "docx")],
)
def test_head_answers_with_the_length_and_an_etag_that_holds(client, url, kind):
    factories.MilestoneFactory(title="Livrable")
    head = client.head(url)
    get = client.get(url)
    assert head.status_code == 200 and head.content == b""
    assert int(head["Content-Length"]) == len(get.content)
    assert head["ETag"] == get["ETag"]  # the same data gives the same bytes
    assert client.get(url, headers={"if-none-match": get["ETag"]}).status_code == 304
    assert f'.{kind}"' in get["Content-Disposition"]


def test_the_document_is_french_for_an_english_visitor(client, demo_roadmap):
    client.cookies["django_language"] = "en"
    # The locale middleware leaves English active in the thread: put French back after.
    with translation.override("fr"):
        response = client.get("/feuille-de-route/document.pdf")
    text = "\n".join(pdf_text(PdfReader(BytesIO(response.content))))
    assert "Jalons" in text and "Page 1 sur" in text


@pytest.mark.parametrize("size", [8, 40])
def test_the_documents_make_a_fixed_number_of_queries(client, size, django_assert_num_queries):
    theme = factories.ThemeFactory()
    for number in range(size):
        factories.MilestoneFactory(title=f"Jalon {number}").themes.add(theme)
        objective = ObjectiveFactory(theme=theme)
        MeasurementFactory(objective=objective)
        objective.organisations.add(factories.OrganisationFactory())
    with django_assert_num_queries(6):
        assert client.get("/feuille-de-route/document.pdf").status_code == 200
