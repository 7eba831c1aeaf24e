"""The documents the alliance hands out (the roadmap, a meeting's minutes, a circle's
calendar), in one layout, as PDF (`pdf.py`, reportlab) and DOCX (`docx.py`, python-docx).
An app describes what a document says with the blocks of `layout.py`; `download()` writes
it in French, whatever the visitor's language."""

from collections.abc import Callable

from django.http import HttpResponse
from django.utils import translation

from alliance.documents import docx, pdf
from alliance.documents.layout import ALLIANCE, Bullets, Document, Heading, Table, Text

__all__ = ["ALLIANCE", "Bullets", "Document", "Heading", "Table", "Text", "download", "render"]

WRITERS = {"pdf": (pdf.render, pdf.CONTENT_TYPE), "docx": (docx.render, docx.CONTENT_TYPE)}


def render(make: Callable[[], Document], kind: str) -> tuple[Document, bytes]:
    """The document `make()` describes, written as `kind` ("pdf" or "docx"), in French."""
    write, _content_type = WRITERS[kind]
    with translation.override("fr"):
        document = make()
        return document, write(document)


def download(make: Callable[[], Document], kind: str) -> HttpResponse:
    """An attachment named after the document (`<filename>.<kind>`)."""
    document, body = render(make, kind)
    response = HttpResponse(body, content_type=WRITERS[kind][1])
    response["Content-Disposition"] = f'attachment; filename="{document.filename}.{kind}"'
    return response
