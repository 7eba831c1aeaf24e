"""Workflows of the idea spaces: applying an import, the background import job, the
export in the import's columns, merging two ideas and turning an idea into a project."""

import logging
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import timedelta

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from alliance import jobs
from alliance.models import Theme
from alliance.text import fold, unique_slug
from ideas import importer
from ideas.models import PARIS, Comment, Idea, IdeaSpace, ImportBatch, Like, idea_key

log = logging.getLogger(__name__)

BATCH_SIZE = 1000
SAMPLE_SIZE = 10
MAX_WARNINGS = 1000

# The export's columns, in the import's own vocabulary: export then import is lossless.
EXPORT_HEADER = [
    "Identifiant",
    "Titre",
    "Description",
    "Auteur",
    "Thème",
    "J'aime",
    "Commentaires",
    "Date de création",
    "Statut",
    "Espace",
]
STATUS_LABELS = {
    Idea.Status.NEW: "Nouvelle",
    Idea.Status.KEPT: "Retenue",
    Idea.Status.STUDY: "À l'étude",
    Idea.Status.PROJECT: "Transformée en projet",
    Idea.Status.DISCARDED: "Écartée",
}

UPDATED_FIELDS = [
    "title",
    "body",
    "author_name",
    "source_id",
    "source_theme",
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
    for record in records.values():
        record["themes"] = set()
    through = Idea.themes.through.objects.filter(idea__space=space)
    for idea_id, theme_id in through.values_list("idea_id", "theme_id"):
        records[idea_id]["themes"].add(theme_id)
    by_id = {r["source_id"]: r for r in records.values() if r["source_id"]}
    by_key = {}
    for record in records.values():
        by_key.setdefault(record["source_key"], record)
    return by_id, by_key


def _row_summary(row: importer.Row, action: str) -> dict:
    return {
        "line": row.line,
        "source_id": row.source_id,
        "title": row.title,
        "author": row.author,
        "theme": row.theme,
        "likes": row.likes,
        "comments": row.comments,
        "date": row.created_at.astimezone(PARIS).strftime("%d/%m/%Y %H:%M")
        if row.created_at
        else "",
        "action": action,
    }


def apply_import(
    space: IdeaSpace,
    parsed: importer.Parsed,
    *,
    dry_run: bool,
    create_themes: bool = False,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[int], None] | None = None,
) -> dict:
    """Classifies every row (new, updated, unchanged, rejected, duplicate) and, unless
    `dry_run`, writes them in one transaction: a failure midway writes nothing.

    Invariant: read == new + updated + rejected + duplicates (unchanged is a part of
    updated: rows that matched an existing idea and carried no change).
    """
    report = {
        "dry_run": dry_run,
        "kind": parsed.kind,
        "encoding": parsed.encoding,
        "delimiter": {";": "point-virgule", ",": "virgule", "\t": "tabulation"}.get(
            parsed.delimiter, ""
        ),
        "header_line": parsed.header_line,
        "columns": parsed.columns,
        "ignored_columns": parsed.ignored_columns,
        "file_warnings": parsed.warnings,
        "fatal": parsed.fatal,
        "read": 0,
        "new": 0,
        "updated": 0,
        "unchanged": 0,
        "rejected": 0,
        "duplicates": 0,
        "rejections": [],
        "duplicate_lines": [],
        "warnings": [],
        "warning_count": 0,
        "unknown_themes": [],
        "created_themes": [],
        "sample": [],
        "spaces_in_file": [],
    }
    if parsed.fatal:
        return report
    if dry_run:
        _classify(space, parsed, report, dry_run=True, create_themes=create_themes)
    else:
        with transaction.atomic():
            _classify(
                space,
                parsed,
                report,
                dry_run=False,
                create_themes=create_themes,
                batch_size=batch_size,
                progress=progress,
            )
    return report


def _classify(
    space, parsed, report, *, dry_run, create_themes, batch_size=BATCH_SIZE, progress=None
):
    by_id, by_key = _existing(space)
    themes = ThemeIndex(create=create_themes, dry_run=dry_run)
    seen: dict[tuple[str, str], int] = {}
    spaces: Counter = Counter()
    to_create: list[tuple[Idea, list[int]]] = []
    to_update: list[tuple[Idea, list[int] | None]] = []
    now = timezone.now()

    def flush():
        if dry_run:
            return
        if to_create:
            created = Idea.objects.bulk_create([idea for idea, _ in to_create])
            links = [
                Idea.themes.through(idea_id=idea.pk, theme_id=theme_id)
                for idea, (_, theme_ids) in zip(created, to_create, strict=True)
                for theme_id in theme_ids
            ]
            Idea.themes.through.objects.bulk_create(links)
            to_create.clear()
        if to_update:
            Idea.objects.bulk_update([idea for idea, _ in to_update], UPDATED_FIELDS)
            retheme = {idea.pk: ids for idea, ids in to_update if ids is not None}
            if retheme:
                Idea.themes.through.objects.filter(idea_id__in=retheme).delete()
                Idea.themes.through.objects.bulk_create(
                    Idea.themes.through(idea_id=pk, theme_id=t)
                    for pk, ids in retheme.items()
                    for t in ids
                )
            to_update.clear()
        if progress:
            progress(report["read"])

    for row in parsed.rows:
        report["read"] += 1
        for message in row.warnings:
            report["warning_count"] += 1
            if len(report["warnings"]) < MAX_WARNINGS:
                report["warnings"].append({"line": row.line, "message": message})
        if row.error:
            report["rejected"] += 1
            report["rejections"].append({"line": row.line, "reason": row.error})
            continue
        key = idea_key(row.title, row.author, row.created_at)
        identity = ("id", row.source_id) if row.source_id else ("key", key)
        if identity in seen:
            report["duplicates"] += 1
            report["duplicate_lines"].append({"line": row.line, "of_line": seen[identity]})
            continue
        seen[identity] = row.line
        if row.space:
            spaces[row.space] += 1
        theme_ids = themes.resolve(row.theme_labels)
        record = by_id.get(row.source_id) if row.source_id else None
        if record is None:
            # By hash; then by the undated hash, which an undated imported row was given
            # (our own export then carries the date it received at import).
            for candidate_key in (key, idea_key(row.title, row.author, None)):
                candidate = by_key.get(candidate_key)
                if candidate and candidate["source_id"] in ("", row.source_id):
                    record = candidate
                    break
        if record is None:
            action = "new"
            report["new"] += 1
            to_create.append(
                (
                    Idea(
                        space=space,
                        title=row.title,
                        body=row.body,
                        author_name=row.author,
                        source=Idea.Source.IMPORT,
                        source_id=row.source_id,
                        source_theme=row.theme,
                        source_key=key,
                        status=row.status or Idea.Status.NEW,
                        imported_likes=row.likes or 0,
                        imported_comments=row.comments or 0,
                        created_at=row.created_at or now,
                    ),
                    theme_ids,
                )
            )
        else:
            action = _update(record, row, theme_ids, to_update)
            report["updated"] += 1
            report["unchanged"] += action == "unchanged"
        if len(report["sample"]) < SAMPLE_SIZE:
            report["sample"].append(_row_summary(row, action))
        if len(to_create) + len(to_update) >= batch_size:
            flush()
    flush()
    report["unknown_themes"] = [
        {"label": label, "rows": n} for label, n in sorted(themes.unknown.items())
    ]
    report["created_themes"] = themes.created
    report["spaces_in_file"] = sorted(spaces)


def _update(record: dict, row: importer.Row, theme_ids: list[int], to_update: list) -> str:
    """Queues the changes a matched row brings; the facilitator's status is kept."""
    if record["merged_into_id"]:
        return "unchanged"  # merged away on the platform: its survivor is not rewritten
    values = {
        "title": row.title,
        "body": row.body,
        "author_name": row.author if record["source"] == Idea.Source.IMPORT else "",
        "source_id": row.source_id or record["source_id"],
        "source_theme": row.theme,
        "imported_likes": record["imported_likes"],
        "imported_comments": record["imported_comments"],
        "created_at": row.created_at or record["created_at"],
        "source": record["source"],
    }
    if row.created_at and abs(row.created_at - record["created_at"]) < timedelta(seconds=1):
        values["created_at"] = record["created_at"]  # files carry seconds, not microseconds
    # Exported counts include the platform's own likes: only the difference is imported.
    if row.likes is not None:
        values["imported_likes"] = max(0, row.likes - record["platform_likes"])
    if row.comments is not None:
        values["imported_comments"] = max(0, row.comments - record["platform_comments"])
    if record["source"] == Idea.Source.PLATFORM:
        values["source_theme"] = record["source_theme"]
    changed = {name for name, value in values.items() if value != record[name]}
    themes_changed = bool(row.theme) and set(theme_ids) != record["themes"]
    if not changed and not themes_changed:
        return "unchanged"
    idea = Idea(pk=record["pk"], **values)
    to_update.append((idea, theme_ids if themes_changed else None))
    record.update(values)
    return "updated"


# --- Background import ------------------------------------------------------


def _progress_key(batch_id: int) -> str:
    return f"ideas:import:{batch_id}:done"


def rows_done(batch: ImportBatch) -> int:
    """Progress of a running import: the worker's counter lives in the cache (shared with
    the web server: Redis, or files under var/cache), because the database rows stay
    invisible until its single transaction commits."""
    if batch.state == ImportBatch.State.RUNNING:
        return cache.get(_progress_key(batch.pk), batch.rows_done)
    return batch.rows_done


def preview_import(batch: ImportBatch) -> dict:
    """The dry run: what the import would do, stored on the batch for the confirmation."""
    with batch.file.open("rb") as handle:
        data = handle.read()
    parsed = importer.parse(data, batch.original_name)
    report = apply_import(batch.space, parsed, dry_run=True, create_themes=batch.create_themes)
    batch.preview = report
    batch.rows_total = report["read"]
    batch.save(update_fields=["preview", "rows_total"])
    return report


def upload_import(*, space: IdeaSpace, upload, create_themes: bool, by) -> ImportBatch:
    """Stores the file and the batch, and records the dry-run job, in one transaction."""
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            space=space,
            file=upload,
            original_name=upload.name[:255],
            create_themes=create_themes,
            created_by=by,
        )
        batch.preview_job = jobs.enqueue("ideas.services.run_preview", batch_id=batch.pk)
        batch.save(update_fields=["preview_job"])
    return batch


def run_preview(*, batch_id: int) -> None:
    """The dry-run job; a second delivery finds the preview done and does nothing."""
    batch = ImportBatch.objects.select_related("space").filter(pk=batch_id).first()
    if batch is None or batch.preview:
        return
    preview_import(batch)


def confirm_import(batch: ImportBatch, *, create_themes: bool) -> None:
    """Records the confirmation and the import job in one transaction: the job survives
    an outage, and two clicks on "confirm" queue the import once (the row is locked)."""
    with transaction.atomic():
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.import_job_id or not locked.preview or locked.preview.get("fatal"):
            return
        locked.create_themes = create_themes
        locked.import_job = jobs.enqueue("ideas.services.run_import", batch_id=batch.pk)
        locked.save(update_fields=["create_themes", "import_job"])


def run_import(*, batch_id: int) -> None:
    """The import job, run by alliance.jobs (which claims it, beats its heartbeat and
    bounds it in time and memory). All its writes, the report and the job's "done" are
    one transaction: a run killed midway leaves nothing, and the sweep runs it again
    from the start; a run the sweep gave up on cannot commit (jobs.complete)."""
    batch = ImportBatch.objects.select_related("space").filter(pk=batch_id).first()
    if batch is None or batch.report:
        return  # gone, or imported already
    key = _progress_key(batch.pk)
    cache.set(key, 0, 3600)
    try:
        with batch.file.open("rb") as handle:
            data = handle.read()
        parsed = importer.parse(data, batch.original_name)
        with transaction.atomic():
            report = apply_import(
                batch.space,
                parsed,
                dry_run=False,
                create_themes=batch.create_themes,
                progress=lambda done: cache.set(key, done, 3600),
            )
            if report["fatal"]:
                raise jobs.Failed(report["fatal"])
            batch.report = report
            batch.rows_total = batch.rows_done = report["read"]
            batch.save(update_fields=["report", "rows_total", "rows_done"])
            jobs.complete()
    finally:
        cache.delete(key)


def import_file(
    space: IdeaSpace,
    data: bytes,
    *,
    filename: str = "",
    dry_run: bool,
    create_themes: bool = False,
) -> dict:
    """The shell's import (management command): parse and apply synchronously."""
    parsed = importer.parse(data, filename)
    return apply_import(space, parsed, dry_run=dry_run, create_themes=create_themes)


# --- Export -----------------------------------------------------------------


def export_rows(space: IdeaSpace) -> Iterator[list]:
    """The space's ideas in the import's columns; totals include the platform's counts."""
    ideas = (
        Idea.objects.filter(space=space)
        .listed()
        .with_counts()
        .select_related("author")
        .prefetch_related("themes")
        .order_by("created_at", "pk")
    )
    for idea in ideas.iterator(chunk_size=2000):
        theme = idea.source_theme or ", ".join(t.name for t in idea.themes.all())
        yield [
            idea.source_id,
            idea.title,
            idea.body,
            str(idea.author_display),
            theme,
            idea.like_total,
            idea.comment_total,
            timezone.localtime(idea.created_at, PARIS).strftime("%d/%m/%Y %H:%M:%S"),
            STATUS_LABELS.get(idea.status, idea.status),
            space.name,
        ]


# --- Merge and promotion ----------------------------------------------------


def merge_ideas(*, idea: Idea, into: Idea) -> Idea:
    """Moves likes (one per member), comments and imported counts to the survivor; the
    merged idea's URL then redirects to it."""
    if idea.pk == into.pk or idea.space_id != into.space_id:
        raise ValueError("ideas must differ and share a space")
    with transaction.atomic():
        already = Like.objects.filter(idea=into).values("user_id")
        Like.objects.filter(idea=idea, user_id__in=already).delete()
        Like.objects.filter(idea=idea).update(idea=into)
        Comment.objects.filter(idea=idea).update(idea=into)
        Idea.objects.filter(merged_into=idea).update(merged_into=into)
        into.imported_likes += idea.imported_likes
        into.imported_comments += idea.imported_comments
        into.save(update_fields=["imported_likes", "imported_comments", "updated_at"])
        into.themes.add(*idea.themes.all())
        idea.merged_into = into
        idea.save(update_fields=["merged_into", "updated_at"])
    return into


def promote_to_project(*, idea: Idea, by) -> tuple["object", str]:
    """A draft project pre-filled from the idea and linked back to it. Returns the project
    and the URL where the facilitator completes it."""
    from projects.models import Participation, Project

    body = idea.body.strip()
    summary = " ".join(body.split())
    if len(summary) > 300:
        summary = summary[:299].rsplit(" ", 1)[0] + "…"
    with transaction.atomic():
        project = Project.objects.create(
            title=idea.title[:200],
            summary=summary,
            description=body,
            state=Project.State.DRAFT,
            idea=idea,
            proposed_by=by,
            circle=idea.space.circle,
        )
        project.themes.set(idea.themes.all())
        if idea.organisation_id:
            Participation.objects.create(
                project=project,
                organisation_id=idea.organisation_id,
                role=Participation.Role.CARRIER,
            )
        idea.status = Idea.Status.PROJECT
        idea.save(update_fields=["status", "updated_at"])
    try:
        url = reverse("projects:edit", args=[project.slug])
    except NoReverseMatch:
        url = project.get_absolute_url()
    return project, url
