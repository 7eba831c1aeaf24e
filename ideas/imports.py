"""Applying an import: each row of the file classified against the space's ideas (new,
updated, unchanged, rejected, duplicate), then written in one transaction.

The import never destroys: a field changes only when the file carries a value for it
(an absent column or an empty cell leaves it as it is), the facilitator's status and
answer, the platform's likes and comments, merges and promotions are kept, and the dry
run lists every change (before → after) with the ones that shorten a text set apart for
an explicit confirmation (the report: `ideas.reports`). The facilitator's column choices
are remembered per space.
"""

from collections import Counter
from collections.abc import Callable
from contextlib import contextmanager
from datetime import timedelta

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from alliance import pagecache
from alliance.models import Theme
from alliance.text import fold, unique_slug
from ideas import headers, importer
from ideas.models import Comment, HeaderMapping, Idea, IdeaSpace, ImportBatch, Like, idea_key
from ideas.reports import ImportReport

BATCH_SIZE = 1000
UPDATE_BATCH_SIZE = 250  # rows per UPDATE statement

UPDATED_FIELDS = [
    "title",
    "body",
    "author_name",
    "source_id",
    "source_theme",
    "source_status",
    "imported_likes",
    "imported_comments",
    "created_at",
    "source",
]


class ThemeIndex:
    """Themes by folded name or slug; unknown labels are counted and, if asked, created."""

    def __init__(self, *, create: bool, dry_run: bool):
        self.create = create
        self.dry_run = dry_run
        self.by_key: dict[str, int | None] = {}
        for pk, name, slug in Theme.objects.values_list("pk", "name", "slug"):
            self.by_key.setdefault(fold(name), pk)
            self.by_key.setdefault(fold(slug.replace("-", " ")), pk)
        self.unknown: Counter = Counter()
        self.unknown_keys: set[str] = set()
        self.created: list[str] = []

    def resolve(self, labels: list[str]) -> list[int]:
        ids = []
        for label in labels:
            key = fold(label)
            if key not in self.by_key or key in self.unknown_keys:
                self.unknown[label] += 1
                if key not in self.unknown_keys:
                    self.unknown_keys.add(key)
                    if self.create:
                        self.created.append(label)
                        self.by_key[key] = None if self.dry_run else self._create(label)
            theme_id = self.by_key.get(key)
            if theme_id is not None and theme_id not in ids:
                ids.append(theme_id)
        return ids

    def _create(self, label: str) -> int:
        name = label[:80]
        return Theme.objects.create(name=name, slug=unique_slug(Theme, name, max_length=80)).pk


def _existing(space: IdeaSpace):
    """Every idea of the space in three queries: fields, platform counts, theme ids."""
    fields = ["pk", "merged_into_id", "status", *UPDATED_FIELDS, "source_key"]
    records = {row["pk"]: row for row in Idea.objects.filter(space=space).values(*fields)}
    for name, model in (("platform_likes", Like), ("platform_comments", Comment)):
        for record in records.values():
            record[name] = 0
        counts = model.objects.filter(idea__space=space)
        if model is Comment:
            counts = counts.filter(is_hidden=False)
        for idea_id, n in counts.values_list("idea").annotate(n=Count("pk")).order_by():
            records[idea_id][name] = n
    survivors = {r["merged_into_id"] for r in records.values() if r["merged_into_id"]}
    for record in records.values():
        record["themes"] = set()
        record["has_merged"] = record["pk"] in survivors
    through = Idea.themes.through.objects.filter(idea__space=space)
    for idea_id, theme_id in through.values_list("idea_id", "theme_id"):
        records[idea_id]["themes"].add(theme_id)
    by_id = {r["source_id"]: r for r in records.values() if r["source_id"]}
    by_key = {}
    for record in records.values():
        by_key.setdefault(record["source_key"], record)
    return by_id, by_key


def apply_import(
    space: IdeaSpace,
    parsed: importer.Parsed,
    *,
    dry_run: bool,
    create_themes: bool = False,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[int], None] | None = None,
) -> dict:
    """Classifies every row and, unless `dry_run`, writes them in one transaction: a
    failure midway, or a file past the row limit, writes nothing. Returns the report's
    JSON form (`ideas.reports.ImportReport`)."""
    report = ImportReport.of(parsed, dry_run=dry_run)
    if parsed.fatal:
        return report.as_dict()
    classifier = Classifier(space, report, create_themes=create_themes, dry_run=dry_run)
    classifier.batch_size, classifier.progress = batch_size, progress
    try:
        if dry_run:
            classifier.run(parsed.rows())
        else:
            with transaction.atomic():
                classifier.run(parsed.rows())
    except importer.TooLarge as exc:
        report.fatal = str(exc)
    report.file_warnings = parsed.warnings
    return report.as_dict()


class Classifier:
    """One pass over the rows: the report is filled, and the writes are queued in
    batches (flushed only when not a dry run)."""

    def __init__(self, space, report: ImportReport, *, create_themes: bool, dry_run: bool):
        self.space, self.report, self.dry_run = space, report, dry_run
        self.by_id, self.by_key = _existing(space)
        self.themes = ThemeIndex(create=create_themes, dry_run=dry_run)
        self.seen: dict[tuple[str, str], int] = {}
        self.spaces: Counter = Counter()
        self.statuses: Counter = Counter()  # unknown status labels, folded
        self.status_labels: dict[str, str] = {}  # as first written
        self.to_create: list[tuple[Idea, list[int]]] = []
        self.to_update: list[tuple[Idea, list[int] | None, tuple[str, ...]]] = []
        self.now = timezone.now()
        self.batch_size, self.progress = BATCH_SIZE, None

    def run(self, rows) -> None:
        for row in rows:
            self.take(row)
            if len(self.to_create) + len(self.to_update) >= self.batch_size:
                self.flush()
        self.flush()
        report = self.report
        report.unknown_themes = [
            {"label": label, "rows": n} for label, n in sorted(self.themes.unknown.items())
        ]
        report.unknown_statuses = [
            {"label": self.status_labels[key], "rows": n}
            for key, n in sorted(self.statuses.items())
        ]
        report.created_themes = self.themes.created
        report.spaces_in_file = sorted(self.spaces)

    def take(self, row: importer.Row) -> None:
        report = self.report
        report.read += 1
        report.warn(row.line, row.warnings)
        if row.error:
            report.reject(row.line, row.error)
            return
        key = idea_key(row.title, row.author or "", row.created_at)
        identity = ("id", row.source_id) if row.source_id else ("key", key)
        if identity in self.seen:
            report.duplicate(row.line, self.seen[identity])
            return
        self.seen[identity] = row.line
        if row.space:
            self.spaces[row.space] += 1
        if row.source_status:
            status_key = fold(row.source_status)
            self.status_labels.setdefault(status_key, row.source_status)
            self.statuses[status_key] += 1
        theme_ids = self.themes.resolve(row.theme_labels)
        record = self.match(row, key)
        if record is None:
            values = self.create(row, key, theme_ids)
            action = "new"
        else:
            values, action = self.update(record, row, theme_ids)
        report.add_sample(row.line, values, action)

    def match(self, row: importer.Row, key: str) -> dict | None:
        record = self.by_id.get(row.source_id) if row.source_id else None
        if record is None:
            # By hash; then by the undated hash, which an undated imported row was given
            # (our own export then carries the date it received at import).
            for candidate_key in (key, idea_key(row.title, row.author or "", None)):
                candidate = self.by_key.get(candidate_key)
                if candidate and candidate["source_id"] in ("", row.source_id):
                    return candidate
        return record

    def create(self, row: importer.Row, key: str, theme_ids: list[int]) -> dict:
        self.report.new += 1
        values = {
            "title": row.title,
            "body": row.body or "",
            "author_name": row.author or "",
            "source": Idea.Source.IMPORT,
            "source_id": row.source_id,
            "source_theme": row.theme or "",
            "source_status": row.source_status or "",
            "imported_likes": row.likes or 0,
            "imported_comments": row.comments or 0,
            "created_at": row.created_at or self.now,
        }
        status = row.status or Idea.Status.NEW
        idea = Idea(space=self.space, source_key=key, status=status, **values)
        self.to_create.append((idea, theme_ids))
        return {**values, "status_label": str(Idea.Status(status).label)}

    def update(self, record: dict, row: importer.Row, theme_ids: list[int]):
        """Queues the changes a matched row brings: only the values the file carries."""
        current = {name: record[name] for name in UPDATED_FIELDS}
        status_label = {"status_label": str(Idea.Status(record["status"]).label)}
        self.report.updated += 1
        if record["merged_into_id"]:
            # Merged away on the platform: its survivor is not rewritten.
            self.report.unchanged += 1
            return {**current, **status_label}, "unchanged"
        changes = proposed_changes(record, row)
        themes_changed = record["source"] == Idea.Source.IMPORT and bool(
            theme_ids and set(theme_ids) != record["themes"]
        )
        values = {**current, **changes}
        if not changes and not themes_changed:
            self.report.unchanged += 1
            return {**values, **status_label}, "unchanged"
        self.report.note_changes(row.line, row.title, record, changes)
        idea = Idea(pk=record["pk"], **values)
        self.to_update.append((idea, theme_ids if themes_changed else None, tuple(sorted(changes))))
        record.update(changes)
        if themes_changed:
            record["themes"] = set(theme_ids)
        return {**values, **status_label}, "updated"

    def flush(self) -> None:
        if not self.dry_run:
            _write(self.to_create, self.to_update)
        self.to_create.clear()
        self.to_update.clear()
        if self.progress:
            self.progress(self.report.read)


def proposed_changes(record: dict, row: importer.Row) -> dict:
    """The fields a matched row would change: a value absent from the file, or an empty
    cell, changes nothing; the platform's own ideas keep their author and theme; the
    status is never changed (it is the facilitator's)."""
    imported = record["source"] == Idea.Source.IMPORT
    values = {"title": row.title}
    if row.body is not None:
        values["body"] = row.body
    if row.author is not None and imported:
        values["author_name"] = row.author
    if row.source_id:
        values["source_id"] = row.source_id
    if row.theme is not None and imported:
        values["source_theme"] = row.theme
    if row.source_status is not None:
        values["source_status"] = row.source_status
    if row.created_at and abs(row.created_at - record["created_at"]) >= timedelta(seconds=1):
        values["created_at"] = row.created_at  # files carry seconds, not microseconds
    # Exported counts include the platform's own likes: only the difference is imported.
    # A merge's survivor carries the counts the facilitator combined: the file's count of
    # one of its parts cannot say better, so they are kept.
    if row.likes is not None and not record["has_merged"]:
        values["imported_likes"] = max(0, row.likes - record["platform_likes"])
    if row.comments is not None and not record["has_merged"]:
        values["imported_comments"] = max(0, row.comments - record["platform_comments"])
    return {name: value for name, value in values.items() if value != record[name]}


def _write(to_create: list, to_update: list) -> None:
    through = Idea.themes.through
    pagecache.changed()  # bulk writes send no signal
    if to_create:
        created = Idea.objects.bulk_create([idea for idea, _ in to_create])
        through.objects.bulk_create(
            through(idea_id=idea.pk, theme_id=theme_id)
            for idea, (_, theme_ids) in zip(created, to_create, strict=True)
            for theme_id in theme_ids
        )
    if to_update:
        # Grouped by the fields that change: each field costs a CASE over the rows.
        groups: dict[tuple[str, ...], list[Idea]] = {}
        for idea, _ids, fields in to_update:
            if fields:
                groups.setdefault(fields, []).append(idea)
        for fields, ideas in groups.items():
            Idea.objects.bulk_update(ideas, fields, batch_size=UPDATE_BATCH_SIZE)
        retheme = {idea.pk: ids for idea, ids, _fields in to_update if ids is not None}
        if retheme:
            through.objects.filter(idea_id__in=retheme).delete()
            through.objects.bulk_create(
                through(idea_id=pk, theme_id=t) for pk, ids in retheme.items() for t in ids
            )


# --- A stored batch: its file, its columns, its remembered choices ----------


def _choices(batch: ImportBatch, parsed: importer.Parsed) -> tuple[dict[int, str], str]:
    """The column choices that apply to this file: the batch's own, else those
    remembered in the space for the same headers."""
    signature = headers.signature(parsed.headers)
    if batch.mapping.get("signature") == signature:
        return {int(i): f for i, f in batch.mapping["columns"].items()}, "hand"
    remembered = HeaderMapping.objects.filter(space=batch.space_id, signature=signature).first()
    if remembered:
        return {int(i): f for i, f in remembered.columns.items()}, "remembered"
    return {}, ""


@contextmanager
def open_batch(batch: ImportBatch, *, limits: importer.Limits = importer.DEFAULT_LIMITS):
    """The batch's stored file, parsed with the column choices that apply to it; the
    file stays open (and is streamed) while the caller reads the rows."""
    with batch.file.open("rb") as handle:
        parsed = importer.parse(handle, batch.original_name, limits=limits)
        source = ""
        if not parsed.fatal:
            overrides, source = _choices(batch, parsed)
            if overrides:
                parsed.assign(overrides)
        yield parsed, source


def import_batch_file(
    batch: ImportBatch, *, dry_run: bool, progress: Callable[[int], None] | None = None
) -> dict:
    """The dry run or the import of a stored batch (the report's JSON form)."""
    with open_batch(batch) as (parsed, source):
        report = apply_import(
            batch.space,
            parsed,
            dry_run=dry_run,
            create_themes=batch.create_themes,
            progress=progress,
        )
    report["mapping_source"] = source
    return report


def remember_mapping(*, batch: ImportBatch, columns: dict[int, str], by) -> None:
    """Stores the facilitator's choices on the batch and for the space's next files."""
    preview = batch.preview
    signature = preview["signature"]
    stored = {str(i): name for i, name in columns.items()}
    batch.mapping = {"signature": signature, "columns": stored}
    batch.save(update_fields=["mapping"])
    HeaderMapping.objects.update_or_create(
        space=batch.space,
        signature=signature,
        defaults={"headers": preview["headers"], "columns": stored, "updated_by": by},
    )
