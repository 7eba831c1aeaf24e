"""A document as DOCX (python-docx), laid out like its PDF twin: A4, French (w:lang fr-FR
on every run by default), DejaVu Sans, a header with the alliance and the title, a
footer "Page n sur N" (fields), a table of contents (a TOC field the word processor
refreshes, filled in advance with links to the headings), fixed column widths fitted to
the content and a header row repeated on each page."""

import re
import zipfile
from datetime import datetime, time
from io import BytesIO

from django.utils.translation import gettext as _
from docx import Document as new_docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

import alliance.documents.fonts as fonts
import alliance.documents.formatting as formatting
from alliance.documents.layout import (
    ALLIANCE,
    BODY_SIZE,
    TABLE_SIZE,
    TEXT_WIDTH,
    Bullets,
    Document,
    Heading,
    Table,
    Text,
)

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
LANGUAGE = "fr-FR"
GREEN = RGBColor(0x1A, 0x5E, 0x3A)
GREY = RGBColor(0x55, 0x55, 0x55)
PALE = "E6EFE9"
STYLE_SIZES = {
    "Normal": BODY_SIZE,
    "Title": 22,
    "Subtitle": 13,
    "TOC Heading": 13,
    "Heading 1": 15,
    "Heading 2": 11.5,
}
FIELDS = {"%(page)s": "PAGE", "%(pages)s": "NUMPAGES"}


def _element(tag: str, **attributes) -> OxmlElement:
    element = OxmlElement(tag)
    for name, value in attributes.items():
        element.set(qn(name), str(value))
    return element


def _fonts_and_language(rpr) -> None:
    """Explicit DejaVu Sans (no theme font) and the French language on a run format."""
    for old in rpr.findall(qn("w:rFonts")) + rpr.findall(qn("w:lang")):
        rpr.remove(old)
    names = {f"w:{k}": fonts.FAMILY for k in ("ascii", "hAnsi", "cs", "eastAsia")}
    rpr.insert(0, _element("w:rFonts", **names))
    rpr.append(_element("w:lang", **{"w:val": LANGUAGE, "w:eastAsia": LANGUAGE, "w:bidi": "ar-SA"}))


def _set_up(doc, document: Document) -> None:
    styles = doc.styles
    _fonts_and_language(styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))[0])
    for name, size in STYLE_SIZES.items():
        style = styles[name]
        _fonts_and_language(style.element.get_or_add_rPr())
        style.font.size = Pt(size)
        if name.startswith("Heading"):
            style.font.color.rgb = GREEN if name == "Heading 1" else RGBColor(0, 0, 0)
    settings = doc.settings.element
    settings.find(qn("w:themeFontLang")).set(qn("w:val"), LANGUAGE)
    settings.find(qn("w:decimalSymbol")).set(qn("w:val"), ",")
    settings.find(qn("w:listSeparator")).set(qn("w:val"), ";")
    settings.append(_element("w:updateFields", **{"w:val": "true"}))  # TOC and page numbers
    moment = datetime.combine(document.date, time(12))
    properties = doc.core_properties
    properties.title, properties.subject = document.title, document.subtitle
    properties.author = properties.last_modified_by = str(ALLIANCE)
    properties.language, properties.revision = LANGUAGE, 1
    properties.created = properties.modified = moment
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)  # A4
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(20))
    section.different_first_page_header_footer = True  # page 1 carries the title instead


def _field(paragraph, instruction: str, shown: str = "") -> None:
    simple = _element("w:fldSimple", **{"w:instr": instruction})
    run = _element("w:r")
    text = _element("w:t")
    text.text = shown
    run.append(text)
    simple.append(run)
    paragraph._p.append(simple)


def _small(paragraph, text: str, *, bold: bool = False, size: float = 8) -> None:
    run = paragraph.add_run(text)
    run.font.size, run.font.bold, run.font.color.rgb = Pt(size), bold, GREY


def _furniture(doc, document: Document) -> None:
    section = doc.sections[0]
    right = Pt(TEXT_WIDTH)
    header = section.header.paragraphs[0]
    header.paragraph_format.tab_stops.add_tab_stop(right, WD_TAB_ALIGNMENT.RIGHT)
    _small(header, f"{ALLIANCE}\t{document.title}")
    for footer in (section.footer, section.first_page_footer):
        paragraph = footer.paragraphs[0]
        paragraph.paragraph_format.tab_stops.add_tab_stop(right, WD_TAB_ALIGNMENT.RIGHT)
        _small(paragraph, f"{formatting.long_date(document.date)}\t")
        for part in re.split(r"(%\(pages?\)s)", _("Page %(page)s sur %(pages)s")):
            if part in FIELDS:
                _field(paragraph, FIELDS[part], "1")
            elif part:
                _small(paragraph, part)


def _text(doc, text: str, style: str | None = None, *, size: float | None = None, color=None):
    paragraph = doc.add_paragraph(style=style)
    run = paragraph.add_run(text)
    if size:
        run.font.size = Pt(size)
    if color:
        run.font.color.rgb = color
    return paragraph


def _bookmark(paragraph, key: int) -> None:
    paragraph._p.insert(1, _element("w:bookmarkStart", **{"w:id": key, "w:name": f"_Toc{key}"}))
    paragraph._p.append(_element("w:bookmarkEnd", **{"w:id": key}))


def _complex(paragraph, kind: str, instruction: str = "") -> None:
    run = _element("w:r")
    if instruction:
        text = _element("w:instrText", **{"xml:space": "preserve"})
        text.text = instruction
        run.append(text)
    else:
        run.append(_element("w:fldChar", **{"w:fldCharType": kind}))
    paragraph._p.append(run)


def _contents(doc, document: Document) -> None:
    """A TOC field whose shown result already lists the headings, linked to them."""
    _text(doc, _("Sommaire"), "TOC Heading")
    entries = [(n, b) for n, b in enumerate(document.blocks) if isinstance(b, Heading)]
    for index, (number, heading) in enumerate(entries):
        paragraph = doc.add_paragraph()
        paragraph.paragraph_format.left_indent = Pt(14 * (heading.level - 1))
        paragraph.paragraph_format.space_after = Pt(2)
        paragraph.paragraph_format.tab_stops.add_tab_stop(
            Pt(TEXT_WIDTH), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS
        )
        if index == 0:
            _complex(paragraph, "begin")
            _complex(paragraph, "", 'TOC \\o "1-2" \\h \\z \\u')
            _complex(paragraph, "separate")
        link = _element("w:hyperlink", **{"w:anchor": f"_Toc{number}", "w:history": 1})
        run = _element("w:r")
        text = _element("w:t", **{"xml:space": "preserve"})
        text.text = heading.text
        run.append(text)
        link.append(run)
        paragraph._p.append(link)
        if index == len(entries) - 1:
            _complex(paragraph, "end")


def _cell(cell, text: str, width, *, bold: bool = False, right: bool = False) -> None:
    cell.width = width
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.space_after = Pt(0)
    if right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = paragraph.add_run(text)
    run.font.size, run.font.bold = Pt(TABLE_SIZE), bold
    if bold:
        cell._tc.get_or_add_tcPr().append(_element("w:shd", **{"w:val": "clear", "w:fill": PALE}))


def _table(doc, table: Table) -> None:
    widths = [Pt(w) for w in table.widths()]
    result = doc.add_table(rows=1 + len(table.rows), cols=len(table.header))
    result.style = "Table Grid"
    result.alignment = WD_TABLE_ALIGNMENT.LEFT
    result.autofit = False  # fixed layout: the widths below hold
    for column, width in zip(result.columns, widths, strict=True):
        column.width = width
    for number, (row, texts) in enumerate(
        zip(result.rows, [table.header, *table.rows], strict=True)
    ):
        properties = row._tr.get_or_add_trPr()
        properties.append(_element("w:cantSplit"))
        if number == 0:
            properties.append(_element("w:tblHeader"))  # repeated at the top of each page
        for column, (cell, text) in enumerate(zip(row.cells, texts, strict=True)):
            right = number > 0 and column in table.numeric
            _cell(cell, text, widths[column], bold=number == 0, right=right)
    doc.add_paragraph().paragraph_format.space_after = Pt(4)


def _title_block(doc, document: Document) -> None:
    if document.title_page:
        doc.add_paragraph().paragraph_format.space_before = Pt(150)
    _text(doc, str(ALLIANCE), size=12, color=GREEN)
    _text(doc, document.title, "Title")
    if document.subtitle:
        _text(doc, document.subtitle, "Subtitle")
    _text(doc, formatting.long_date(document.date), color=GREY)
    if document.summary:
        _text(doc, document.summary)
    if document.contents and document.headings:
        _contents(doc, document)
    if document.title_page:
        doc.add_page_break()


def _blocks(doc, document: Document) -> None:
    for number, block in enumerate(document.blocks):
        if isinstance(block, Heading):
            _bookmark(doc.add_heading(block.text, level=block.level), number)
        elif isinstance(block, Text):
            _text(
                doc,
                block.text,
                size=8.5 if block.note else None,
                color=GREY if block.note else None,
            )
        elif isinstance(block, Bullets):
            for item in block.items:
                _text(doc, item, "List Bullet")
        elif isinstance(block, Table):
            _table(doc, block)


def _stable(raw: bytes, moment: datetime) -> bytes:
    """The same bytes for the same data: zip entries dated of the document, not of now."""
    stamp = moment.timetuple()[:6]
    stable = BytesIO()
    with zipfile.ZipFile(BytesIO(raw)) as source, zipfile.ZipFile(stable, "w") as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, source.read(info.filename))
    return stable.getvalue()


def render(document: Document) -> bytes:
    doc = new_docx()
    _set_up(doc, document)
    _furniture(doc, document)
    _title_block(doc, document)
    _blocks(doc, document)
    raw = BytesIO()
    doc.save(raw)
    return _stable(raw.getvalue(), datetime.combine(document.date, time(12)))
