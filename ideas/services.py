"""Workflows of the idea spaces: the background import jobs (their classification is in
`ideas.imports`), the export in the import's columns, merging two ideas and turning an
idea into a project."""

import logging
from collections.abc import Iterator
from datetime import timedelta

from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from ideas import importer, imports
from ideas.imports import apply_import  # noqa: F401  (the import's entry points, by name)
from ideas.models import PARIS, Comment, Idea, IdeaSpace, ImportBatch, Like

log = logging.getLogger(__name__)

STUCK_AFTER = timedelta(minutes=30)  # as alliance.models.JobQuerySet.stuck

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

# --- Background import ------------------------------------------------------


def _progress_key(batch_id: int) -> str:
    return f"ideas:import:{batch_id}:done"


def rows_done(batch: ImportBatch) -> int:
    """Progress of a running import: the worker's counter lives in the cache, because the
    database rows stay invisible until its single transaction commits."""
    if batch.state == ImportBatch.State.RUNNING:
        return cache.get(_progress_key(batch.pk), batch.rows_done)
    return batch.rows_done


def preview_import(batch: ImportBatch) -> dict:
    """The dry run: what the import would do, stored on the batch for the confirmation."""
    report = imports.import_batch_file(batch, dry_run=True)
    batch.preview = report
    batch.rows_total = report["read"]
    batch.state = ImportBatch.State.PREVIEWED
    batch.save(update_fields=["preview", "rows_total", "state"])
    return report


def upload_import(*, space: IdeaSpace, upload, create_themes: bool, by) -> ImportBatch:
    """Stores the file and the batch, and records the dry-run job, in one transaction."""
    from alliance.jobs import enqueue

    with transaction.atomic():
        batch = ImportBatch.objects.create(
            space=space,
            file=upload,
            original_name=upload.name[:255],
            create_themes=create_themes,
            created_by=by,
        )
        enqueue("ideas.services.run_preview", batch_id=batch.pk)
    return batch


def run_preview(*, batch_id: int) -> None:
    """The dry-run job; a second delivery finds the preview done and does nothing."""
    batch = ImportBatch.objects.select_related("space").filter(pk=batch_id).first()
    if batch is None or batch.state != ImportBatch.State.PENDING:
        return
    preview_import(batch)


def confirm_import(batch: ImportBatch, *, create_themes: bool) -> None:
    """Records the confirmation and the job in one transaction: the job survives an outage."""
    from alliance.jobs import enqueue

    with transaction.atomic():
        # Conditional: two clicks on "confirm" queue the import once.
        queued = ImportBatch.objects.filter(pk=batch.pk, state=ImportBatch.State.PREVIEWED).update(
            state=ImportBatch.State.QUEUED, create_themes=create_themes
        )
        if queued:
            enqueue("ideas.services.run_import", batch_id=batch.pk)


def remap_import(batch: ImportBatch, *, columns: dict[int, str], by) -> bool:
    """The facilitator's column choices: remembered, then the dry run is computed again
    (recorded in one transaction with its job). False when the batch has moved on."""
    from alliance.jobs import enqueue

    with transaction.atomic():
        reopened = ImportBatch.objects.filter(
            pk=batch.pk, state=ImportBatch.State.PREVIEWED
        ).update(state=ImportBatch.State.PENDING)
        if reopened:
            imports.remember_mapping(batch=batch, columns=columns, by=by)
            enqueue("ideas.services.run_preview", batch_id=batch.pk)
    return bool(reopened)


def run_import(*, batch_id: int) -> None:
    """The job. Safe to run twice: only a queued batch is claimed, or one whose worker
    died mid-run (its single transaction rolled back; the job sweep sends it again)."""
    abandoned = Q(state=ImportBatch.State.RUNNING, started_at__lt=timezone.now() - STUCK_AFTER)
    claimed = (
        ImportBatch.objects.filter(pk=batch_id)
        .filter(Q(state=ImportBatch.State.QUEUED) | abandoned)
        .update(state=ImportBatch.State.RUNNING, started_at=timezone.now(), rows_done=0)
    )
    if not claimed:
        return
    batch = ImportBatch.objects.select_related("space").get(pk=batch_id)
    key = _progress_key(batch.pk)
    try:
        report = imports.import_batch_file(
            batch, dry_run=False, progress=lambda done: cache.set(key, done, 3600)
        )
    except Exception as exc:
        log.exception("Import %s failed", batch_id)
        batch.state = ImportBatch.State.FAILED
        batch.error = f"{type(exc).__name__}: {exc}"[:2000]
        batch.finished_at = timezone.now()
        batch.save(update_fields=["state", "error", "finished_at"])
        return
    finally:
        cache.delete(key)
    batch.report = report
    batch.state = ImportBatch.State.FAILED if report["fatal"] else ImportBatch.State.DONE
    batch.error = report["fatal"]
    batch.rows_total = report["read"]
    batch.rows_done = report["read"]
    batch.finished_at = timezone.now()
    batch.save(update_fields=["report", "state", "error", "rows_total", "rows_done", "finished_at"])


def import_file(
    space: IdeaSpace,
    data: bytes,
    *,
    filename: str = "",
    dry_run: bool,
    create_themes: bool = False,
    limits: importer.Limits = importer.DEFAULT_LIMITS,
) -> dict:
    """The shell's import (management command): parse and apply synchronously."""
    parsed = importer.parse(data, filename, limits=limits)
    return imports.apply_import(space, parsed, dry_run=dry_run, create_themes=create_themes)


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
