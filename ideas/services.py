"""Workflows of the idea spaces: the background import jobs (reading the file is
`ideas.importer`, classifying and writing its rows `ideas.imports`), merging two ideas
and turning an idea into a project. The jobs are enqueued by their dotted names here
(`ideas.services.run_preview`, `ideas.services.run_import`)."""

from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from alliance import jobs
from ideas import importer, imports
from ideas.models import Comment, Idea, IdeaMerge, IdeaSpace, ImportBatch, Like
from projects.models import Participation, Project

# The worker's progress counter outlives a run (IMPORT_TIME_LIMIT: 16 minutes by default).
PROGRESS_SECONDS = 60 * 60
# A promoted idea's title and summary fit the project's columns.
TITLE_LENGTH = Project._meta.get_field("title").max_length
SUMMARY_LENGTH = Project._meta.get_field("summary").max_length

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
    report = imports.import_batch_file(batch, dry_run=True)
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


def remap_import(batch: ImportBatch, *, columns: dict[int, str], by) -> bool:
    """The facilitator's column choices: remembered, then the dry run is computed again
    (recorded in one transaction with its job). False when the batch has moved on."""
    with transaction.atomic():
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.import_job_id or locked.state != ImportBatch.State.PREVIEWED:
            return False
        imports.remember_mapping(batch=locked, columns=columns, by=by)
        locked.preview = {}
        locked.preview_job = jobs.enqueue("ideas.services.run_preview", batch_id=batch.pk)
        locked.save(update_fields=["preview", "preview_job"])
    return True


def run_import(*, batch_id: int) -> None:
    """The import job, run by alliance.jobs (which claims it, beats its heartbeat and
    bounds it in time and memory). All its writes, the report and the job's "done" are
    one transaction: a run killed midway leaves nothing, and the sweep runs it again
    from the start; a run the sweep gave up on cannot commit (jobs.complete)."""
    batch = ImportBatch.objects.select_related("space").filter(pk=batch_id).first()
    if batch is None or batch.report:
        return  # gone, or imported already
    key = _progress_key(batch.pk)
    cache.set(key, 0, PROGRESS_SECONDS)
    try:
        with transaction.atomic():
            report = imports.import_batch_file(
                batch, dry_run=False, progress=lambda done: cache.set(key, done, PROGRESS_SECONDS)
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
    limits: importer.Limits = importer.DEFAULT_LIMITS,
) -> dict:
    """The shell's import (management command): parse and apply synchronously."""
    parsed = importer.parse(data, filename, limits=limits)
    return imports.apply_import(space, parsed, dry_run=dry_run, create_themes=create_themes)


# --- Merge and promotion ----------------------------------------------------


@dataclass(frozen=True)
class MergePreview:
    """What a merge would move, shown on its confirmation page."""

    idea: Idea
    into: Idea
    likes: int  # likes that move to the survivor
    duplicate_likes: int  # members who liked both: their like on the merged idea goes
    comments: int
    imported_likes: int
    imported_comments: int
    themes: list
    merged_ideas: int  # ideas merged into this one earlier, which follow it


def merge_preview(*, idea: Idea, into: Idea) -> MergePreview:
    already = Like.objects.filter(idea=into).values("user_id")
    likes = Like.objects.filter(idea=idea)
    return MergePreview(
        idea=idea,
        into=into,
        likes=likes.exclude(user_id__in=already).count(),
        duplicate_likes=likes.filter(user_id__in=already).count(),
        comments=Comment.objects.filter(idea=idea).count(),
        imported_likes=idea.imported_likes,
        imported_comments=idea.imported_comments,
        themes=list(idea.themes.exclude(pk__in=into.themes.values("pk"))),
        merged_ideas=Idea.objects.filter(merged_into=idea).count(),
    )


def _ids(queryset) -> list[int]:
    return list(queryset.values_list("pk", flat=True))


def merge_ideas(*, idea: Idea, into: Idea, by=None) -> IdeaMerge:
    """Moves likes (one per member), comments and imported counts to the survivor; the
    merged idea's URL then redirects to it. What moved is recorded (IdeaMerge), so
    undo_merge can move it back."""
    if idea.pk == into.pk or idea.space_id != into.space_id:
        raise ValueError("ideas must differ and share a space")
    with transaction.atomic():
        already = Like.objects.filter(idea=into).values("user_id")
        duplicates = Like.objects.filter(idea=idea, user_id__in=already)
        moved = {
            "dropped_likes": list(duplicates.values_list("user_id", flat=True)),
            "likes": _ids(Like.objects.filter(idea=idea).exclude(user_id__in=already)),
            "comments": _ids(Comment.objects.filter(idea=idea)),
            "merged_ideas": _ids(Idea.objects.filter(merged_into=idea)),
            "themes": _ids(idea.themes.exclude(pk__in=into.themes.values("pk"))),
            "imported_likes": idea.imported_likes,
            "imported_comments": idea.imported_comments,
        }
        duplicates.delete()
        Like.objects.filter(pk__in=moved["likes"]).update(idea=into)
        Comment.objects.filter(pk__in=moved["comments"]).update(idea=into)
        Idea.objects.filter(pk__in=moved["merged_ideas"]).update(merged_into=into)
        into.imported_likes += idea.imported_likes
        into.imported_comments += idea.imported_comments
        into.save(update_fields=["imported_likes", "imported_comments", "updated_at"])
        into.themes.add(*moved["themes"])
        idea.merged_into = into
        idea.save(update_fields=["merged_into", "updated_at"])
        return IdeaMerge.objects.create(idea=idea, into=into, moved=moved, merged_by=by)


def undo_merge(*, merge: IdeaMerge, by) -> bool:
    """Moves back what the merge moved (likes, comments with the replies posted to them
    since, imported counts, themes, earlier merged ideas) and the merged idea reappears.
    False when it was undone already or its survivor was merged since (undo that first)."""
    with transaction.atomic():
        record = IdeaMerge.objects.undoable().select_for_update().filter(pk=merge.pk).first()
        if record is None:
            return False
        idea, into = Idea.objects.get(pk=record.idea_id), Idea.objects.get(pk=record.into_id)
        moved = record.moved
        Like.objects.filter(pk__in=moved["likes"], idea=into).update(idea=idea)
        Like.objects.bulk_create(
            [Like(idea=idea, user_id=user_id) for user_id in moved["dropped_likes"]],
            ignore_conflicts=True,
        )
        comments = Comment.objects.filter(idea=into)
        thread = comments.filter(Q(pk__in=moved["comments"]) | Q(parent_id__in=moved["comments"]))
        thread.update(idea=idea)
        Idea.objects.filter(pk__in=moved["merged_ideas"], merged_into=into).update(merged_into=idea)
        into.imported_likes = max(0, into.imported_likes - moved["imported_likes"])
        into.imported_comments = max(0, into.imported_comments - moved["imported_comments"])
        into.save(update_fields=["imported_likes", "imported_comments", "updated_at"])
        into.themes.remove(*moved["themes"])
        idea.merged_into = None
        idea.save(update_fields=["merged_into", "updated_at"])
        record.undone_at, record.undone_by = timezone.now(), by
        record.save(update_fields=["undone_at", "undone_by"])
    return True


def promote_to_project(*, idea: Idea, by) -> tuple[Project, str]:
    """A draft project pre-filled from the idea and linked back to it. Returns the project
    and the URL where the facilitator completes it."""
    body = idea.body.strip()
    summary = " ".join(body.split())
    if len(summary) > SUMMARY_LENGTH:
        summary = summary[: SUMMARY_LENGTH - 1].rsplit(" ", 1)[0] + "…"
    with transaction.atomic():
        project = Project.objects.create(
            title=idea.title[:TITLE_LENGTH],
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
