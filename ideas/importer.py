"""Reading idea-tool exports (Colidée and the like): a file in, rows out, no database.

No export format is documented, so the reader is tolerant and honest. A CSV is streamed
line by line: each line is decoded as UTF-8, else as Windows-1252 (the lines read so are
reported by number), the separator (`;`, `,` or tab) and the header row (below any title
or blank lines) are found in the first lines, and columns are understood by their words
(`ideas.headers`). An XLSX workbook is checked before it is opened: the declared size and
compression ratio of every member are bounded, so a zip bomb is refused at once (`ideas.workbooks`). Every
record after the header comes out as a `Row`, readable (unreadable cells become
warnings) or rejected with its line number and a reason; a cell left empty, or a column
the file lacks, is `None`: "not given", never "erase".

    parsed = parse(handle, "export.csv")      # bytes or a binary file
    parsed.assign({3: "body", 5: ""})         # the facilitator's choices, by column
    if parsed.fatal: ...                      # unreadable, too big, no header
    for row in parsed.rows(): ...             # may raise TooLarge midway
"""

import csv
import io
import itertools
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import BinaryIO

from alliance.timezones import PARIS
from ideas import headers as heads
from ideas.headers import LABELS, parse_status

HEADER_SCAN = 50  # records searched for the header row
HEAD_BYTES = 1 << 20  # at most this much is read ahead to find the header
DELIMITERS = (";", ",", "\t")
MAX_COUNT = 1_000_000_000
NEUTRALISED = ("=", "+", "-", "@", "\t")
LIMITS = {"source_id": 100, "title": 300, "author": 200, "theme": 200, "source_status": 100}
MB = 1 << 20
CONTROL_BYTES = [*range(0, 9), 11, 12, *range(14, 32)]  # never in a text file


class TooLarge(Exception):
    """The file goes past a limit while it is read: the whole import is refused."""


@dataclass(frozen=True)
class Limits:
    rows: int = 200_000
    columns: int = 200
    xlsx_members: int = 500
    xlsx_member_size: int = 300 * MB  # any one part, uncompressed
    xlsx_shared_strings: int = 100 * MB  # read into memory whole by openpyxl
    xlsx_total_size: int = 600 * MB
    xlsx_ratio: int = 200  # uncompressed / compressed, for parts over 1 MB


DEFAULT_LIMITS = Limits()


@dataclass
class Row:
    line: int
    source_id: str = ""
    title: str = ""
    body: str | None = None  # None: not in the file, or empty; left as it is
    author: str | None = None
    theme: str | None = None
    likes: int | None = None
    comments: int | None = None
    created_at: datetime | None = None
    status: str | None = None  # ours, when the label is in the table
    source_status: str | None = None  # the label as the file wrote it, when not in the table
    space: str = ""
    warnings: list[str] = field(default_factory=list)
    error: str = ""  # the rejection reason, in French; empty when the row is readable

    @property
    def theme_labels(self) -> list[str]:
        return split_themes(self.theme or "")


@dataclass
class Parsed:
    kind: str = "csv"  # or "xlsx"
    encoding: str = ""
    delimiter: str = ""
    header_line: int = 0
    headers: list[str] = field(default_factory=list)
    recognition: heads.Recognition | None = None
    warnings: list[str] = field(default_factory=list)  # about the file as a whole
    fatal: str = ""
    records: Iterator[tuple[int, list | None, str]] = field(default_factory=lambda: iter(()))
    decoder: "LineDecoder | None" = None

    def assign(self, overrides: dict[int, str] | None) -> None:
        """Applies the facilitator's choices (column index -> field, or "" for none)."""
        self.recognition = heads.recognise(self.headers, overrides)

    @property
    def positions(self) -> dict[str, int]:
        return self.recognition.fields if self.recognition else {}

    @property
    def columns(self) -> dict[str, str]:
        """field -> header as written."""
        return {name: self.headers[i] for name, i in self.positions.items()}

    @property
    def ignored_columns(self) -> list[str]:
        return [self.headers[i] for i in self.recognition.unknown] if self.recognition else []

    def rows(self) -> Iterator[Row]:
        positions = dict(self.positions)
        for line, cells, error in self.records:
            if cells is None:
                yield Row(line=line, error=f"ligne illisible ({error})")
            elif not _is_blank(cells):
                yield build_row(line, cells, positions)
        if self.decoder:
            self.warnings += self.decoder.report()


def split_themes(label: str) -> list[str]:
    """'Énergie, Mobilité' -> ['Énergie', 'Mobilité'] (also ; and | separated)."""
    return [part.strip() for part in re.split(r"[,;|]", label or "") if part.strip()]


# --- Cells ------------------------------------------------------------------


def cell_text(value) -> str:
    """A cell as text: XLSX numbers without '.0', dates in French format."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M:%S")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, time):
        return value.strftime("%H:%M:%S")
    return str(value)


def parse_count(text: str) -> int:
    """'1 204' -> 1204. Raises ValueError for anything not a plausible count."""
    cleaned = re.sub(r"[\s\u00a0\u202f]", "", text)
    if re.fullmatch(r"\d+(\.0+|,0+)?", cleaned):
        number = int(re.split(r"[.,]", cleaned)[0])
        if number <= MAX_COUNT:
            return number
    raise ValueError(text)


# dd/mm/yyyy, dd-mm-yy, dd.mm.yyyy, with an optional time (09:15, 09:15:30, 9h15).
_FRENCH_DATE = re.compile(
    r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?:[ T](\d{1,2})[:h](\d{2})(?::(\d{2}))?)?"
)


def parse_date(text: str) -> datetime:
    """dd/mm/yyyy [hh:mm[:ss]] or ISO 8601, naive times taken in Europe/Paris.
    (A regular expression, not strptime: that costs a locale lookup per call.)"""
    text = " ".join(text.split())
    match = _FRENCH_DATE.fullmatch(text)
    if match:
        day, _sep, month, year, hour, minute, second = match.groups()
        year = int(year) + (2000 if len(year) == 2 else 0)
        parsed = datetime(year, int(month), int(day), int(hour or 0), int(minute or 0),
                          int(second or 0))  # fmt: skip
    else:
        parsed = datetime.fromisoformat(text.replace(" UTC", "+00:00"))  # else ValueError
    if parsed.year < 1900:
        raise ValueError(text)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=PARIS)
    return parsed


def _read_cell(row: Row, name: str, value: str) -> None:
    label = LABELS[name]
    if name in ("likes", "comments"):
        try:
            setattr(row, name, parse_count(value))
        except ValueError:
            row.warnings.append(f"{label} illisible « {value[:40]} » : laissé tel quel")
    elif name == "created_at":
        try:
            row.created_at = parse_date(value)
        except (ValueError, OverflowError):
            row.warnings.append(f"date illisible « {value[:40]} » : laissée telle quelle")
    else:
        value = " ".join(value.split())
        if name == "status":
            row.status = parse_status(value)
            if row.status:
                return
            name = "source_status"  # unknown to our table: kept as the source wrote it
        limit = LIMITS.get(name)
        if limit and len(value) > limit:
            row.warnings.append(f"{label} tronqué à {limit} caractères")
            value = value[:limit]
        setattr(row, name, value)


def build_row(line: int, cells: list, positions: dict[str, int]) -> Row:
    row = Row(line=line)
    for name, index in positions.items():
        raw = cell_text(cells[index]) if index < len(cells) else ""
        raw = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
        if raw[:1] == "'" and raw[1:2] in NEUTRALISED:
            raw = raw[1:]  # our exports' formula neutralisation, undone: lossless round trip
        value = raw.strip()
        if not value:
            continue  # an empty cell changes nothing
        if name == "body":
            row.body = value
        else:
            _read_cell(row, name, value)
    if not row.title:
        row.error = "ni titre ni texte" if not row.body else "titre manquant"
    return row


def _is_blank(cells) -> bool:
    return all(not cell_text(cell).strip() for cell in cells)


def _width(cells: list) -> int:
    """The row's width without its trailing empty cells."""
    width = len(cells)
    while width and not cell_text(cells[width - 1]).strip():
        width -= 1
    return width


def _is_header(cells: list) -> tuple[bool, int]:
    """Whether a record looks like the header, and how many fields it names."""
    found = heads.recognise([cell_text(c).strip() for c in cells]).fields
    return ("title" in found or len(found) >= 2), len(found)


# --- CSV --------------------------------------------------------------------


class LineDecoder:
    """Decodes each physical line on its own: UTF-8, else Windows-1252 for that line.
    A file wholly in Windows-1252 is normal; a mixed file is reported line by line."""

    SHOWN = 20

    def __init__(self):
        self.utf8_lines = 0  # lines with non-ASCII characters read as UTF-8
        self.cp1252_lines: list[int] = []
        self.cp1252_count = 0
        self.replaced: list[int] = []
        self.nul_lines: list[int] = []
        self.number = 0

    def decode(self, raw: bytes) -> str:
        self.number += 1
        if self.number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        if b"\x00" in raw:
            self.nul_lines.append(self.number)
            raw = raw.replace(b"\x00", b"")
        if raw.isascii():
            return raw.decode("ascii")
        try:
            text = raw.decode("utf-8")
            self.utf8_lines += 1
            return text
        except UnicodeDecodeError:
            pass
        self.cp1252_count += 1
        if len(self.cp1252_lines) < self.SHOWN:
            self.cp1252_lines.append(self.number)
        try:
            return raw.decode("cp1252")
        except UnicodeDecodeError:
            self.replaced.append(self.number)
            return raw.decode("cp1252", errors="replace").replace("\ufffd", "?")

    @property
    def encoding(self) -> str:
        if self.cp1252_count and self.utf8_lines:
            return "utf-8 et windows-1252"
        return "windows-1252" if self.cp1252_count else "utf-8"

    def report(self) -> list[str]:
        messages = []
        if self.cp1252_count and self.utf8_lines:
            shown = ", ".join(map(str, self.cp1252_lines))
            more = " …" if self.cp1252_count > len(self.cp1252_lines) else ""
            messages.append(
                f"encodages mélangés : {self.cp1252_count} ligne(s) en Windows-1252 dans un "
                f"fichier UTF-8, lues comme telles (lignes {shown}{more}) ; vérifiez leurs accents"
            )
        if self.replaced:
            lines = ", ".join(map(str, self.replaced[: self.SHOWN]))
            messages.append(f"octets illisibles remplacés par « ? » (lignes {lines})")
        if self.nul_lines:
            lines = ", ".join(map(str, self.nul_lines[: self.SHOWN]))
            messages.append(f"octets nuls supprimés (lignes {lines})")
        return messages


def _text_lines(handle: BinaryIO, decoder: LineDecoder) -> Iterator[str]:
    start = handle.read(2)
    handle.seek(0)
    if start in (b"\xff\xfe", b"\xfe\xff"):  # Excel's "Unicode text": UTF-16 with a BOM
        yield from io.TextIOWrapper(handle, encoding="utf-16", errors="replace", newline="")
        return
    for raw in handle:
        yield decoder.decode(raw)


def _records(lines, delimiter: str) -> Iterator[tuple[int, list[str] | None, str]]:
    """(first physical line, cells, error) for each record; cells None when unreadable."""
    reader = csv.reader(lines, delimiter=delimiter)
    previous_end = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if reader.line_num == previous_end:  # no progress: give up rather than loop
                return
            start, previous_end = previous_end + 1, reader.line_num
            yield start, None, str(exc)
            continue
        start, previous_end = previous_end + 1, reader.line_num
        yield start, cells, ""


def _find_csv_header(head: list[str], limits: Limits):
    """(score, delimiter, line, cells) of the best header, or the width of a record too
    wide to be read (scoring ten thousand cells would cost seconds), or None."""
    best, too_wide, wide_line = None, 0, 0
    for delimiter in DELIMITERS:
        for count, (line, cells, _error) in enumerate(_records(iter(head), delimiter)):
            if count >= HEADER_SCAN:
                break
            if not cells:
                continue
            if len(cells) > limits.columns and _width(cells) > limits.columns:
                too_wide, wide_line = max(too_wide, _width(cells)), wide_line or line
                continue
            is_header, score = _is_header(cells)
            if not is_header:
                continue
            if best is None or score > best[0]:
                best = (score, delimiter, line, cells)
            break  # the first header-like record for this separator
    if too_wide and (best is None or best[2] >= wide_line):
        return too_wide  # the widest record comes before any header
    return best


def _bounded(records, limits: Limits):
    for count, record in enumerate(records):
        if count >= limits.rows:
            raise TooLarge(
                f"le fichier dépasse {limits.rows:,} lignes : découpez-le en plusieurs "
                "fichiers".replace(",", "\u202f")
            )
        yield record


def _parse_csv(handle: BinaryIO, limits: Limits) -> Parsed:
    decoder = LineDecoder()
    parsed = Parsed(kind="csv", decoder=decoder)
    sample = handle.read(64 * 1024)
    handle.seek(0)
    if sample.count(b"\x00") > len(sample) // 20 and sample[:2] not in (b"\xff\xfe", b"\xfe\xff"):
        parsed.fatal = (
            "le fichier contient des octets nuls : ce n'est pas un texte CSV "
            "(un export « Unicode » sans marque d'ordre des octets ?)"
        )
        return parsed
    lines = _text_lines(handle, decoder)
    head, size = [], 0
    for line in lines:
        head.append(line)
        size += len(line)
        if len(head) >= HEADER_SCAN * 4 or size >= HEAD_BYTES:
            break
    if not "".join(head).strip():
        parsed.fatal = "fichier vide"
        return parsed
    found = _find_csv_header(head, limits)
    if isinstance(found, int):
        parsed.fatal = too_many_columns(found, limits)
        return parsed
    parsed.encoding = decoder.encoding if decoder.number else "utf-16"
    control = sum(sample.count(bytes([b])) for b in CONTROL_BYTES)
    if found is None and control > len(sample) // 100 and decoder.number:
        parsed.fatal = (
            "ce fichier n'est pas un texte CSV (octets de contrôle : un fichier binaire ?)"
        )
        return parsed
    if found is None:
        parsed.fatal = (
            "aucune ligne d'en-tête reconnue : il faut au moins une colonne « titre » "
            "(ou « title », « idée ») ou deux colonnes connues"
        )
        return parsed
    _score, delimiter, header_line, header = found
    parsed.delimiter = delimiter
    parsed.header_line = header_line
    parsed.headers = [h.strip() for h in header[: _width(header)]]
    parsed.assign(None)
    records = _records(itertools.chain(head, lines), delimiter)
    after = ((line, cells, error) for line, cells, error in records if line > header_line)
    parsed.records = _bounded(after, limits)
    return parsed


def too_many_columns(width: int, limits: Limits) -> str:
    return (
        f"l'en-tête compte {width:,} colonnes ; au plus {limits.columns} sont lues : "
        "supprimez les colonnes inutiles"
    ).replace(",", "\u202f")


def is_xlsx(start: bytes, filename: str = "") -> bool:
    return start[:4] == b"PK\x03\x04" or filename.lower().endswith((".xlsx", ".xlsm"))


def parse(source: bytes | BinaryIO, filename: str = "", *, limits: Limits = DEFAULT_LIMITS):
    """Reads a CSV or XLSX export. Never raises on bad input: see `fatal` and `Row.error`
    (only `TooLarge`, while rows are read, when the file passes the row limit)."""
    handle = io.BytesIO(source) if isinstance(source, bytes | bytearray) else source
    start = handle.read(4)
    handle.seek(0)
    if is_xlsx(start, filename):
        if zipfile.is_zipfile(handle):
            # deferred: ideas.workbooks imports this module (a load-time circle) and openpyxl
            from ideas.workbooks import parse_xlsx

            handle.seek(0)
            return parse_xlsx(handle, limits)
        return Parsed(kind="xlsx", fatal="classeur XLSX illisible (ce n'est pas un fichier XLSX)")
    return _parse_csv(handle, limits)
