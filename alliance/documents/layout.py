"""What a document says, in a form both writers (`pdf.py`, `docx.py`) set the same way:
a title block, headings (listed in the table of contents), paragraphs, bullet lists and
tables, and the widths that fit a table's content to the page."""

import re
from dataclasses import dataclass, field
from datetime import date as Date

from django.utils.translation import gettext_lazy as _

import alliance.documents.fonts as fonts

ALLIANCE = _("Alliance pour la transformation durable du territoire")

# A4 portrait, 2 cm margins: the width left for text, in points.
PAGE_WIDTH = 595.2756
PAGE_HEIGHT = 841.8898
MARGIN = 56.6929
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN

BODY_SIZE = 10
TABLE_SIZE = 8.5
CELL_PADDING = 12.5  # left and right padding of a cell, with a little room to spare


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1  # 1 a section, 2 a subsection; both go in the table of contents


@dataclass(frozen=True)
class Text:
    text: str
    note: bool = False  # a smaller, grey aside


@dataclass(frozen=True)
class Bullets:
    items: list[str]


@dataclass(frozen=True)
class Table:
    header: list[str]
    rows: list[list[str]]
    numeric: frozenset[int] = frozenset()  # columns aligned right (figures)

    def widths(self, total: float = TEXT_WIDTH, size: float = TABLE_SIZE) -> list[float]:
        return column_widths(self.header, self.rows, total, size)


Block = Heading | Text | Bullets | Table


@dataclass
class Document:
    """A document of the alliance, dated; `filename` has no extension."""

    title: str
    filename: str
    date: Date
    subtitle: str = ""
    summary: str = ""
    blocks: list[Block] = field(default_factory=list)
    title_page: bool = False  # the title and the table of contents on a page of their own
    contents: bool = True  # a table of contents

    def add(self, *blocks: Block) -> None:
        self.blocks.extend(blocks)

    @property
    def headings(self) -> list[Heading]:
        return [b for b in self.blocks if isinstance(b, Heading)]


def _words(text: str) -> list[str]:
    # No-break spaces tie words: "63 000 m²" is one word for the line breaker.
    return re.split(r"[ \t\n]+", text.strip()) or [""]


def column_widths(
    header: list[str], rows: list[list[str]], total: float, size: float
) -> list[float]:
    """Widths that fit the content, as a browser's automatic table layout does: every column
    at least as wide as its longest word (no word is broken), the room left shared in
    proportion to what each column would need to hold its cells on one line."""
    shortest, longest = [], []
    # A word wider than an even share of the page (a pasted URL) is broken, not given room
    # that would squeeze the other columns below their padding.
    share = total / len(header)
    for column, title in enumerate(header):
        cells = [(title, True)] + [(row[column], False) for row in rows]
        shortest.append(
            min(
                max(fonts.width(w, size, bold=bold) for text, bold in cells for w in _words(text))
                + CELL_PADDING,
                share,
            )
        )
        longest.append(
            max(
                sum(fonts.width(w, size, bold=bold) for w in _words(text))
                + fonts.width(" ", size) * (len(_words(text)) - 1)
                for text, bold in cells
            )
            + CELL_PADDING
        )
    if sum(longest) <= total:
        return [w * total / sum(longest) for w in longest]
    if sum(shortest) >= total:  # too many columns for the page: shrink them all alike
        return [w * total / sum(shortest) for w in shortest]
    room = total - sum(shortest)
    wanted = [long - short for long, short in zip(longest, shortest, strict=True)]
    return [short + room * want / sum(wanted) for short, want in zip(shortest, wanted, strict=True)]


_BULLET = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_HEADING = re.compile(r"^(#{1,6})\s+")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1")
_LINK = re.compile(r"\[([^\]]+)\]\(([^)]+)\)")


def _plain(text: str) -> str:
    text = _LINK.sub(r"\1 (\2)", text)
    return _EMPHASIS.sub(r"\2", text).strip()


def from_markdown(text: str, *, level: int = 2) -> list[Block]:
    """The blocks of a member-written Markdown text (paragraphs, lists, headings as
    subsections at `level`), emphasis dropped: the printed minutes of a meeting."""
    blocks: list[Block] = []
    for chunk in re.split(r"\n\s*\n", text.strip()):
        lines = [line for line in chunk.splitlines() if line.strip()]
        if not lines:
            continue
        if all(_BULLET.match(line) for line in lines):
            blocks.append(Bullets([_plain(_BULLET.sub("", line)) for line in lines]))
        elif len(lines) == 1 and _HEADING.match(lines[0]):
            blocks.append(Heading(_plain(_HEADING.sub("", lines[0])), level=level))
        else:
            blocks.append(Text(" ".join(_plain(line) for line in lines)))
    return blocks
