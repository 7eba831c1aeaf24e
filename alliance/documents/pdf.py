"""A document as PDF (reportlab, no external program): A4, French (/Lang fr-FR), DejaVu
Sans embedded, a running header and "Page n sur N" footer, a table of contents with
links and bookmarks, tables fitted to their content whose header row repeats on each
page. Pages break only where the text runs out of room, never before each section."""

from io import BytesIO
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfgen import canvas
from reportlab.platypus import (
    ActionFlowable,
    BaseDocTemplate,
    CondPageBreak,
    Frame,
    PageTemplate,
    Paragraph,
    Spacer,
    TableStyle,
)
from reportlab.platypus import Table as PdfTable
from reportlab.platypus.tableofcontents import TableOfContents

import alliance.documents.fonts as fonts
import alliance.documents.formatting as formatting
from alliance.documents.layout import (
    ALLIANCE,
    BODY_SIZE,
    MARGIN,
    TABLE_SIZE,
    TEXT_WIDTH,
    Bullets,
    Document,
    Heading,
    Table,
    Text,
)

CONTENT_TYPE = "application/pdf"
GREEN = colors.HexColor("#1a5e3a")
GREY = colors.HexColor("#555555")
PALE = colors.HexColor("#e6efe9")
RULE = colors.HexColor("#9aa5a0")
# Room a heading needs below it, else it starts the next page (never alone at the foot).
ROOM_AFTER_HEADING = {1: 5 * cm, 2: 3.5 * cm}


def _style(name: str, **options) -> ParagraphStyle:
    base = {"fontName": fonts.REGULAR, "fontSize": BODY_SIZE, "leading": BODY_SIZE * 1.35}
    return ParagraphStyle(name, **{**base, **options})


def _styles() -> dict[str, ParagraphStyle]:
    bold = fonts.BOLD
    return {
        "body": _style("body", spaceAfter=6),
        "note": _style("note", fontSize=8.5, leading=11.5, textColor=GREY, spaceAfter=6),
        "bullet": _style(
            "bullet", leftIndent=14, bulletIndent=3, bulletFontName=fonts.REGULAR, spaceAfter=3
        ),
        "alliance": _style("alliance", fontSize=12, leading=16, textColor=GREEN, spaceAfter=10),
        "title": _style("title", fontName=bold, fontSize=22, leading=28, spaceAfter=8),
        "subtitle": _style("subtitle", fontSize=13, leading=17, spaceAfter=6),
        "date": _style("date", textColor=GREY, spaceAfter=14),
        "contents": _style("contents", fontName=bold, fontSize=13, leading=17, spaceBefore=10),
        1: _style(
            "h1",
            fontName=bold,
            fontSize=15,
            leading=19,
            textColor=GREEN,
            spaceBefore=14,
            spaceAfter=6,
        ),  # fmt: skip
        2: _style("h2", fontName=bold, fontSize=11.5, leading=15, spaceBefore=10, spaceAfter=4),
        "cell": _style("cell", fontSize=TABLE_SIZE, leading=TABLE_SIZE * 1.3),
        "figure": _style(
            "figure", fontSize=TABLE_SIZE, leading=TABLE_SIZE * 1.3, alignment=TA_RIGHT
        ),
        "head": _style("head", fontName=bold, fontSize=TABLE_SIZE, leading=TABLE_SIZE * 1.3),
        "toc1": _style("toc1", spaceBefore=4, leading=13),
        "toc2": _style("toc2", fontSize=9, leading=11.5, leftIndent=14, textColor=GREY),
    }


def _markup(text: str) -> str:
    # reportlab breaks lines at U+202F but not at U+00A0: tie figures with the latter.
    return escape(str(text)).replace(formatting.NNBSP, formatting.NBSP).replace("\n", "<br/>")


class _Heading(Paragraph):
    """A heading that the template lists in the table of contents and the bookmarks."""

    def __init__(self, heading: Heading, key: str, style: ParagraphStyle):
        super().__init__(_markup(heading.text), style)
        self.toc_text, self.toc_level, self.toc_key = heading.text, heading.level, key


class _EndOfTitlePage(ActionFlowable):
    """The body starts on page 2, unless a long table of contents has already got there."""

    def apply(self, doc) -> None:
        if doc.page == 1:
            doc.handle_pageBreak()


class _Template(BaseDocTemplate):
    def __init__(self, buffer: BytesIO, document: Document):
        super().__init__(
            buffer,
            pagesize=A4,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN + 0.4 * cm,
            bottomMargin=MARGIN,
            title=document.title,
            author=str(ALLIANCE),
            subject=document.subtitle,
            creator=str(ALLIANCE),
            lang="fr-FR",
            invariant=1,  # the same data gives the same bytes (and the same ETag)
        )
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="text")
        self.addPageTemplates([PageTemplate(id="page", frames=[frame])])
        self._outline_level = 0

    def beforeDocument(self) -> None:  # noqa: N802 (reportlab's name), once per pass
        self._outline_level = 0

    def afterFlowable(self, flowable) -> None:  # noqa: N802
        level = getattr(flowable, "toc_level", None)
        if level is None:
            return
        level = min(level - 1, self._outline_level + 1)  # outlines go down one step at a time
        self._outline_level = level
        self.canv.bookmarkPage(flowable.toc_key)
        self.canv.addOutlineEntry(flowable.toc_text, flowable.toc_key, level, closed=level > 0)
        self.notify("TOCEntry", (level, _markup(flowable.toc_text), self.page, flowable.toc_key))


def _canvas_for(document: Document):
    """A canvas that holds its pages back until the last, to write "Page n sur N"."""

    class NumberedCanvas(canvas.Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self):  # noqa: N802 (reportlab's name)
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            for state in self._pages:
                self.__dict__.update(state)
                _furniture(self, document, len(self._pages))
                super().showPage()
            super().save()

    return NumberedCanvas


def _furniture(page: canvas.Canvas, document: Document, total: int) -> None:
    """The running header (from page 2: the alliance, the title) and the footer."""
    width, height = A4
    number = page.getPageNumber()
    page.saveState()
    page.setFont(fonts.REGULAR, 8)
    page.setFillColor(GREY)
    page.setStrokeColor(RULE)
    if number > 1:
        top = height - MARGIN + 0.3 * cm
        alliance = str(ALLIANCE)
        title = document.title
        room = TEXT_WIDTH - fonts.width(alliance, 8) - 0.8 * cm
        while title and fonts.width(title + "…", 8) > room:
            title = title[:-1]
        page.drawString(MARGIN, top, alliance)
        page.drawRightString(width - MARGIN, top, title if title == document.title else title + "…")
        page.line(MARGIN, top - 0.15 * cm, width - MARGIN, top - 0.15 * cm)
    bottom = MARGIN - 0.7 * cm
    page.line(MARGIN, bottom + 0.35 * cm, width - MARGIN, bottom + 0.35 * cm)
    page.drawString(MARGIN, bottom, formatting.long_date(document.date))
    footer = _("Page %(page)s sur %(pages)s") % {"page": number, "pages": total}
    page.drawRightString(width - MARGIN, bottom, footer)
    page.restoreState()


def _table(table: Table, styles: dict) -> PdfTable:
    def cell(text: str, column: int) -> Paragraph:
        return Paragraph(_markup(text), styles["figure" if column in table.numeric else "cell"])

    data = [[Paragraph(_markup(h), styles["head"]) for h in table.header]]
    data += [[cell(text, i) for i, text in enumerate(row)] for row in table.rows]
    result = PdfTable(data, colWidths=table.widths(), repeatRows=1, hAlign="LEFT")
    result.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, RULE),
                ("BACKGROUND", (0, 0), (-1, 0), PALE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return result


def _title_block(document: Document, styles: dict) -> list:
    story = [Spacer(1, 3 * cm)] if document.title_page else []
    story.append(Paragraph(_markup(ALLIANCE), styles["alliance"]))
    story.append(Paragraph(_markup(document.title), styles["title"]))
    if document.subtitle:
        story.append(Paragraph(_markup(document.subtitle), styles["subtitle"]))
    story.append(Paragraph(_markup(formatting.long_date(document.date)), styles["date"]))
    if document.summary:
        story.append(Paragraph(_markup(document.summary), styles["body"]))
    if document.contents and document.headings:
        contents = TableOfContents(dotsMinLevel=0)
        contents.levelStyles = [styles["toc1"], styles["toc2"]]
        story += [Paragraph(_("Sommaire"), styles["contents"]), contents]
    if document.title_page:
        story.append(_EndOfTitlePage())
    return story


def _blocks(document: Document, styles: dict) -> list:
    story = []
    for number, block in enumerate(document.blocks):
        if isinstance(block, Heading):
            story.append(CondPageBreak(ROOM_AFTER_HEADING[block.level]))
            story.append(_Heading(block, f"section-{number}", styles[block.level]))
        elif isinstance(block, Text):
            story.append(Paragraph(_markup(block.text), styles["note" if block.note else "body"]))
        elif isinstance(block, Bullets):
            story += [Paragraph(_markup(i), styles["bullet"], bulletText="•") for i in block.items]
        elif isinstance(block, Table):
            story += [_table(block, styles), Spacer(1, 8)]
    return story


def render(document: Document) -> bytes:
    fonts.register()
    styles = _styles()
    buffer = BytesIO()
    template = _Template(buffer, document)
    story = _title_block(document, styles) + _blocks(document, styles)
    template.multiBuild(story, canvasmaker=_canvas_for(document))
    return buffer.getvalue()
