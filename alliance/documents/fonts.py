"""The documents' typeface: DejaVu Sans, vendored under static/vendor/dejavu/ with its
licence (French glyphs, the narrow no-break space), so no system font is needed."""

from functools import cache
from pathlib import Path

from django.conf import settings
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FAMILY = "DejaVu Sans"  # the name a word processor knows it by
REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
ITALIC = "DejaVuSans-Oblique"
FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf", ITALIC: "DejaVuSans-Oblique.ttf"}


def folder() -> Path:
    return Path(settings.BASE_DIR) / "static" / "vendor" / "dejavu"


@cache
def register() -> None:
    """Registers the faces with reportlab once per process (each file is read once)."""
    for name, filename in FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(folder() / filename)))
    addMapping(REGULAR, 0, 0, REGULAR)
    addMapping(REGULAR, 1, 0, BOLD)
    addMapping(REGULAR, 0, 1, ITALIC)
    addMapping(REGULAR, 1, 1, BOLD)


def width(text: str, size: float, *, bold: bool = False) -> float:
    """The width of `text` in points, set in DejaVu Sans at `size`."""
    register()
    return pdfmetrics.stringWidth(text, BOLD if bold else REGULAR, size)
