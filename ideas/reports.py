"""The report of an import or of its dry run: how the file was read, what each row did
(new, updated, unchanged, rejected, duplicate) and the changes it brings, before →
after. The classifier (`ideas.imports`) fills an `ImportReport`; the batch stores it as
JSON (`as_dict`) and ideas/_import_report.html shows it.

Invariant: read == new + updated + rejected + duplicates (unchanged is a part of
updated: rows that matched an existing idea and carried no change).
"""

from dataclasses import asdict, dataclass, field

from alliance.timezones import PARIS
from ideas import headers, importer

SAMPLE_SIZE = 10
MAX_WARNINGS = 1000
MAX_CHANGES = 300  # rows whose changes are listed one by one in the report
SHOWN_TEXT = 160
DELIMITER_NAMES = {";": "point-virgule", ",": "virgule", "\t": "tabulation"}
TEXT_FIELDS = ("title", "body", "author_name", "source_theme")
FIELD_LABELS = {
    "title": "titre",
    "body": "description",
    "author_name": "auteur",
    "source_id": "identifiant",
    "source_theme": "thème",
    "source_status": "statut d'origine",
    "imported_likes": "j'aime importés",
    "imported_comments": "commentaires importés",
    "created_at": "date",
}


def _shown(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "astimezone"):
        return value.astimezone(PARIS).strftime("%d/%m/%Y %H:%M")
    text = " ".join(str(value).split())
    return text if len(text) <= SHOWN_TEXT else text[: SHOWN_TEXT - 1] + "…"


@dataclass
class ImportReport:
    dry_run: bool
    # How the file was read.
    kind: str = ""
    encoding: str = ""
    delimiter: str = ""  # its French name
    header_line: int = 0
    headers: list[str] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)  # field -> header as written
    mapping: list[dict] = field(default_factory=list)  # every column and the field it fills
    mapping_source: str = ""  # "hand", "remembered", or "" (read by their words)
    signature: str = ""
    ambiguities: list[dict] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    missing_title: bool = False
    file_warnings: list[str] = field(default_factory=list)
    fatal: str = ""  # why nothing was read, in French
    # What the rows did.
    read: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    duplicates: int = 0
    rejections: list[dict] = field(default_factory=list)
    duplicate_lines: list[dict] = field(default_factory=list)
    warnings: list[dict] = field(default_factory=list)  # the first MAX_WARNINGS
    warning_count: int = 0
    changes: list[dict] = field(default_factory=list)
    changed_rows: int = 0
    shortening: int = 0  # rows that would shorten a text
    unknown_statuses: list[dict] = field(default_factory=list)
    unknown_themes: list[dict] = field(default_factory=list)
    created_themes: list[str] = field(default_factory=list)
    sample: list[dict] = field(default_factory=list)
    spaces_in_file: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, parsed: importer.Parsed, *, dry_run: bool) -> "ImportReport":
        """The report of a file just parsed, before any row is read."""
        recognition = parsed.recognition
        return cls(
            dry_run=dry_run,
            kind=parsed.kind,
            encoding=parsed.encoding,
            delimiter=DELIMITER_NAMES.get(parsed.delimiter, ""),
            header_line=parsed.header_line,
            headers=parsed.headers,
            columns=parsed.columns,
            mapping=[
                {
                    "index": i,
                    "header": h,
                    "field": (name := recognition.field_of(i) if recognition else ""),
                    "field_label": headers.LABELS.get(name, ""),
                }
                for i, h in enumerate(parsed.headers)
            ],
            signature=headers.signature(parsed.headers) if parsed.headers else "",
            ambiguities=_ambiguities(parsed),
            ignored_columns=parsed.ignored_columns,
            missing_title=bool(parsed.headers) and "title" not in parsed.columns,
            file_warnings=parsed.warnings,
            fatal=parsed.fatal,
        )

    def as_dict(self) -> dict:
        """The JSON form, as the batch stores it and the page reads it."""
        return asdict(self)

    def warn(self, line: int, messages: list[str]) -> None:
        for message in messages:
            self.warning_count += 1
            if len(self.warnings) < MAX_WARNINGS:
                self.warnings.append({"line": line, "message": message})

    def reject(self, line: int, reason: str) -> None:
        self.rejected += 1
        self.rejections.append({"line": line, "reason": reason})

    def duplicate(self, line: int, of_line: int) -> None:
        self.duplicates += 1
        self.duplicate_lines.append({"line": line, "of_line": of_line})

    def add_sample(self, line: int, values: dict, action: str) -> None:
        """A row as it will be (or was) imported: the values the idea ends up with."""
        if len(self.sample) >= SAMPLE_SIZE:
            return
        self.sample.append(
            {
                "line": line,
                "source_id": values["source_id"],
                "title": values["title"],
                "body": _shown(values["body"]),
                "author": values["author_name"],
                "theme": values["source_theme"],
                "likes": values["imported_likes"],
                "comments": values["imported_comments"],
                "status": values.get("status_label", ""),
                "date": _shown(values["created_at"]),
                "action": action,
            }
        )

    def note_changes(self, line: int, title: str, before: dict, changes: dict) -> None:
        """Lists a row's changes, before → after; those that shorten a text are counted
        for the explicit confirmation, and never hidden."""
        self.changed_rows += 1
        fields, shortens = [], False
        for name, after in changes.items():
            shorter = name in TEXT_FIELDS and len(after or "") < len(before[name] or "")
            shortens = shortens or shorter
            fields.append(
                {
                    "field": name,
                    "label": FIELD_LABELS.get(name, name),
                    "before": _shown(before[name]),
                    "after": _shown(after),
                    "shorter": shorter,
                }
            )
        self.shortening += shortens
        room = MAX_CHANGES * 2 if shortens else MAX_CHANGES
        if len(self.changes) < room:
            entry = {"line": line, "title": title, "shortens": shortens, "fields": fields}
            self.changes.append(entry)


def _ambiguities(parsed: importer.Parsed) -> list[dict]:
    if not parsed.recognition:
        return []
    return [
        {
            "field": item["field"],
            "label": headers.LABELS[item["field"]],
            "chosen": parsed.headers[item["chosen"]],
            "others": [parsed.headers[i] for i in item["others"]],
        }
        for item in parsed.recognition.ambiguities
    ]
