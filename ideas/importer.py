"""Reading Colidée exports: bytes in, rows out, no database.

Colidée documents no export format, so the reader is tolerant and honest: it guesses
the encoding (UTF-8 with or without BOM, else Windows-1252), the separator (`;`, `,` or
tab), finds the header row below any title or blank lines by matching French or English
column names, and reads XLSX workbooks too. Every record after the header comes out as
a `Row`: either readable (unreadable cells become warnings and stay empty) or rejected
with its line number and a reason. Nothing is silently dropped except wholly blank lines.

    parsed = parse(data, "export.csv")
    if parsed.fatal: ...            # no header found, unreadable workbook
    for row in parsed.rows: ...     # a generator: the file is streamed, not materialised
"""

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from alliance.text import fold

PARIS = ZoneInfo("Europe/Paris")
HEADER_SCAN = 50  # records searched for the header row
DELIMITERS = (";", ",", "\t")
MAX_COUNT = 1_000_000_000
NEUTRALISED = ("=", "+", "-", "@", "\t")

FIELDS = (
    "source_id",
    "title",
    "body",
    "author",
    "theme",
    "likes",
    "comments",
    "created_at",
    "status",
    "space",
)
LIMITS = {"source_id": 100, "title": 300, "author": 200, "theme": 200}
LABELS = {
    "source_id": "identifiant",
    "title": "titre",
    "body": "description",
    "author": "auteur",
    "theme": "thème",
    "likes": "j'aime",
    "comments": "commentaires",
    "created_at": "date",
    "status": "statut",
    "space": "espace",
}


def norm(label) -> str:
    """'Proposée par :' -> 'proposeepar': folded, punctuation and spaces removed."""
    return re.sub(r"[^a-z0-9]", "", fold(str(label or "")))


_ALIASES = {
    "source_id": [
        "identifiant",
        "id",
        "référence",
        "reference",
        "ref",
        "id idée",
        "identifiant de l'idée",
        "idea id",
        "numéro",
    ],
    "title": ["titre", "title", "idée", "idea", "intitulé", "titre de l'idée", "idea title"],
    "body": [
        "description",
        "contenu",
        "texte",
        "text",
        "body",
        "content",
        "détail",
        "description de l'idée",
    ],
    "author": [
        "auteur",
        "proposée par",
        "proposé par",
        "author",
        "auteur de l'idée",
        "contributeur",
        "contributor",
        "posted by",
        "proposed by",
    ],
    "theme": [
        "thème",
        "thèmes",
        "thématique",
        "catégorie",
        "category",
        "theme",
        "themes",
        "topic",
    ],
    "likes": [
        "j'aime",
        "likes",
        "like",
        "votes",
        "vote",
        "nombre de j'aime",
        "nb j'aime",
        "nombre de votes",
        "soutiens",
    ],
    "comments": [
        "commentaires",
        "comments",
        "nombre de commentaires",
        "nb commentaires",
        "comment count",
    ],
    "created_at": [
        "date",
        "créée le",
        "créé le",
        "date de création",
        "created",
        "created at",
        "creation date",
        "date de publication",
        "publiée le",
    ],
    "status": ["statut", "état", "status", "state"],
    "space": ["espace", "space", "espace de concertation"],
}
ALIASES = {norm(alias): name for name, aliases in _ALIASES.items() for alias in aliases}

_STATUSES = {
    "nouvelle": ["nouvelle", "nouveau", "new", "ouverte", "open", "en attente", "soumise"],
    "retenue": ["retenue", "retenu", "kept", "selected", "acceptée", "accepted", "validée"],
    "etude": [
        "à l'étude",
        "a l'etude",
        "en étude",
        "étude",
        "en cours d'étude",
        "under study",
        "in review",
        "study",
    ],
    "projet": [
        "transformée en projet",
        "transformé en projet",
        "projet",
        "project",
        "turned into a project",
    ],
    "ecartee": [
        "écartée",
        "écarté",
        "non retenue",
        "refusée",
        "rejected",
        "discarded",
        "declined",
    ],
}
STATUSES = {norm(alias): value for value, aliases in _STATUSES.items() for alias in aliases}

_DATE_FORMATS = (
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y %Hh%M",
    "%d/%m/%Y",
    "%d/%m/%y %H:%M",
    "%d/%m/%y",
    "%d-%m-%Y %H:%M:%S",
    "%d-%m-%Y %H:%M",
    "%d-%m-%Y",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y",
)


@dataclass
class Row:
    line: int
    source_id: str = ""
    title: str = ""
    body: str = ""
    author: str = ""
    theme: str = ""
    likes: int | None = None
    comments: int | None = None
    created_at: datetime | None = None
    status: str | None = None
    space: str = ""
    warnings: list[str] = field(default_factory=list)
    error: str = ""  # the rejection reason, in French; empty when the row is readable

    @property
    def theme_labels(self) -> list[str]:
        return split_themes(self.theme)


@dataclass
class Parsed:
    kind: str = "csv"  # or "xlsx"
    encoding: str = ""
    delimiter: str = ""
    header_line: int = 0
    columns: dict[str, str] = field(default_factory=dict)  # field -> header as written
    ignored_columns: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # about the file as a whole
    fatal: str = ""
    rows: Iterator[Row] = field(default_factory=lambda: iter(()))


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


def parse_date(text: str) -> datetime:
    """dd/mm/yyyy [hh:mm[:ss]] or ISO 8601, naive times taken in Europe/Paris."""
    text = " ".join(text.split())
    parsed = None
    for fmt in _DATE_FORMATS:
        try:
            parsed = datetime.strptime(text, fmt)
            break
        except ValueError:
            continue
    if parsed is None:
        parsed = datetime.fromisoformat(text)  # ValueError when not ISO either
    if parsed.year < 1900:
        raise ValueError(text)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=PARIS)
    return parsed


def parse_status(text: str) -> str:
    value = STATUSES.get(norm(text))
    if value is None:
        raise ValueError(text)
    return value


def build_row(line: int, cells: list, positions: dict[str, int]) -> Row:
    row = Row(line=line)
    for name, index in positions.items():
        raw = cell_text(cells[index]) if index < len(cells) else ""
        raw = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
        if raw[:1] == "'" and raw[1:2] in NEUTRALISED:
            raw = raw[1:]  # our exports' formula neutralisation, undone: lossless round trip
        if name == "body":
            row.body = raw.strip()
            continue
        value = raw.strip()
        if not value:
            continue
        label = LABELS[name]
        if name in ("likes", "comments"):
            try:
                setattr(row, name, parse_count(value))
            except ValueError:
                row.warnings.append(f"{label} illisible « {value[:40]} » : laissé vide")
        elif name == "created_at":
            try:
                row.created_at = parse_date(value)
            except (ValueError, OverflowError):
                row.warnings.append(f"date illisible « {value[:40]} » : laissée vide")
        elif name == "status":
            try:
                row.status = parse_status(value)
            except ValueError:
                row.warnings.append(f"statut inconnu « {value[:40]} » : « nouvelle » retenu")
        else:
            value = " ".join(value.split())
            limit = LIMITS.get(name)
            if limit and len(value) > limit:
                row.warnings.append(f"{label} tronqué à {limit} caractères")
                value = value[:limit]
            setattr(row, name, value)
    if not row.title:
        row.error = "ni titre ni texte" if not row.body else "titre manquant"
    return row


# --- Header -----------------------------------------------------------------


def map_header(cells: list) -> tuple[dict[str, int], dict[str, str], list[str], list[str]]:
    """Positions of the known columns, their labels as written, ignored ones, warnings."""
    positions: dict[str, int] = {}
    labels: dict[str, str] = {}
    ignored: list[str] = []
    warnings: list[str] = []
    for index, cell in enumerate(cells):
        text = cell_text(cell).strip()
        name = ALIASES.get(norm(text))
        if name is None:
            if text:
                ignored.append(text)
        elif name in positions:
            warnings.append(f"colonne « {text} » en double : seule la première est lue")
        else:
            positions[name] = index
            labels[name] = text
    return positions, labels, ignored, warnings


def _is_blank(cells: Iterable) -> bool:
    return all(not cell_text(cell).strip() for cell in cells)


# --- CSV --------------------------------------------------------------------


def decode(data: bytes) -> tuple[str, str, list[str]]:
    """UTF-8 (BOM or not), else Windows-1252; undecodable bytes become '?' and a warning.
    UTF-16 with a BOM (Excel's "Unicode text" export) is read too."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16"), "utf-16", []
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig"), "utf-8", []
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "windows-1252", []
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace").replace("\ufffd", "?")
        return text, "windows-1252", ["octets illisibles remplacés par « ? »"]


def _records(text: str, delimiter: str) -> Iterator[tuple[int, list[str] | None, str]]:
    """(first physical line, cells, error) for each record; cells None when unreadable."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
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


def _find_csv_header(text: str):
    best = None
    for delimiter in DELIMITERS:
        for count, (line, cells, _error) in enumerate(_records(text, delimiter)):
            if count >= HEADER_SCAN:
                break
            if not cells:
                continue
            positions, *_ = map_header(cells)
            if "title" not in positions:
                continue
            score = len(positions)
            if best is None or score > best[0]:
                best = (score, delimiter, line, cells)
            break  # the first header-like record for this separator
    return best


def _parse_csv(data: bytes) -> Parsed:
    text, encoding, warnings = decode(data)
    parsed = Parsed(kind="csv", encoding=encoding, warnings=warnings)
    if not text.strip():
        parsed.fatal = "fichier vide"
        return parsed
    found = _find_csv_header(text)
    if found is None:
        parsed.fatal = (
            "aucune ligne d'en-tête reconnue : il faut au moins une colonne « titre » "
            "(ou « title », « idée »)"
        )
        return parsed
    _score, delimiter, header_line, header = found
    positions, labels, ignored, header_warnings = map_header(header)
    parsed.delimiter = delimiter
    parsed.header_line = header_line
    parsed.columns = labels
    parsed.ignored_columns = ignored
    parsed.warnings += header_warnings

    def rows() -> Iterator[Row]:
        for line, cells, error in _records(text, delimiter):
            if line <= header_line:
                continue
            if cells is None:
                yield Row(line=line, error=f"ligne illisible ({error})")
            elif not _is_blank(cells):
                yield build_row(line, cells, positions)

    parsed.rows = rows()
    return parsed


# --- XLSX -------------------------------------------------------------------


def _parse_xlsx(data: bytes) -> Parsed:
    from openpyxl import load_workbook

    parsed = Parsed(kind="xlsx", encoding="xlsx")
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        head = []
        for line, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            if line > HEADER_SCAN:
                break
            head.append((line, list(values)))
    except Exception as exc:  # a corrupt workbook raises anything from zipfile to KeyError
        parsed.fatal = f"classeur XLSX illisible ({type(exc).__name__})"
        return parsed
    header = None
    for line, values in head:
        positions, labels, ignored, warnings = map_header(values)
        if "title" in positions:
            header = (line, positions, labels, ignored, warnings)
            break
    if header is None:
        parsed.fatal = "aucune ligne d'en-tête reconnue dans la première feuille"
        workbook.close()
        return parsed
    header_line, positions, parsed.columns, parsed.ignored_columns, warnings = header
    parsed.header_line = header_line
    parsed.warnings += warnings

    def rows() -> Iterator[Row]:
        line = header_line
        try:
            iterator = sheet.iter_rows(min_row=header_line + 1, values_only=True)
            for line, values in enumerate(iterator, start=header_line + 1):
                if not _is_blank(values):
                    yield build_row(line, list(values), positions)
        except Exception as exc:
            yield Row(line=line + 1, error=f"suite du classeur illisible ({type(exc).__name__})")
        finally:
            workbook.close()

    parsed.rows = rows()
    return parsed


def is_xlsx(data: bytes, filename: str = "") -> bool:
    return data[:4] == b"PK\x03\x04" or filename.lower().endswith((".xlsx", ".xlsm"))


def parse(data: bytes, filename: str = "") -> Parsed:
    """Reads a CSV or XLSX export. Never raises on bad input: see `fatal` and `Row.error`."""
    if is_xlsx(data, filename) and zipfile.is_zipfile(io.BytesIO(data)):
        return _parse_xlsx(data)
    if is_xlsx(data, filename):
        return Parsed(kind="xlsx", fatal="classeur XLSX illisible (ce n'est pas un fichier XLSX)")
    return _parse_csv(data)
