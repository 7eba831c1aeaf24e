"""Idea spaces (the alliance's "espaces de concertation", formerly on Colidée): ideas
posted by members or imported from Colidée exports, their likes and comments, and the
import batches that bring Colidée exports in."""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Count, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alliance.access import is_member
from alliance.text import fold, unique_slug
from alliance.timezones import PARIS

COMMENT_EDIT_WINDOW = timedelta(minutes=15)


def idea_key(title: str, author: str, created_at) -> str:
    """The matching key of an idea without a source id: folded title, author and minute.

    `created_at` may be None (an imported row without a date): the key then ignores it,
    so re-importing the same undated row still matches.
    """
    when = ""
    if created_at is not None:
        when = timezone.localtime(created_at, PARIS).strftime("%Y-%m-%dT%H:%M")
    raw = f"{fold(title)}|{fold(author)}|{when}"
    return hashlib.sha1(raw.encode(), usedforsecurity=False).hexdigest()


class IdeaSpaceQuerySet(models.QuerySet):
    def readable_by(self, user):
        if is_member(user):
            return self.all()
        return self.filter(is_public=True)


class IdeaSpace(models.Model):
    name = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField(_("identifiant d'URL"), max_length=220, unique=True)
    description = models.TextField(_("description"), blank=True)
    themes = models.ManyToManyField("alliance.Theme", blank=True, verbose_name=_("thèmes"))
    circle = models.ForeignKey(
        "circles.Circle",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="idea_spaces",
        verbose_name=_("cercle"),
    )
    meeting = models.ForeignKey(
        "circles.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="idea_spaces",
        verbose_name=_("réunion"),
    )
    is_open = models.BooleanField(_("ouvert aux nouvelles idées"), default=True)
    is_public = models.BooleanField(_("visible des visiteurs"), default=True)
    is_demo = models.BooleanField(_("donnée de démonstration"), default=False, editable=False)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = IdeaSpaceQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("espace d'idées")
        verbose_name_plural = _("espaces d'idées")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(IdeaSpace, self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("ideas:space", args=[self.slug])


def _count(model, field: str = "idea"):
    """A correlated COUNT subquery: no join, so several counts never multiply each other."""
    rows = model.objects.filter(**{field: OuterRef("pk")})
    if model is Comment:
        rows = rows.filter(is_hidden=False)
    counted = rows.order_by().values(field).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted), Value(0))


class IdeaQuerySet(models.QuerySet):
    def listed(self):
        """Ideas shown in a space: not merged into another, not hidden by moderation."""
        return self.filter(merged_into__isnull=True, is_hidden=False)

    def with_counts(self):
        """Platform likes and comments, and totals including the imported counts."""
        return self.annotate(
            platform_likes=_count(Like),
            platform_comments=_count(Comment),
        ).annotate(
            like_total=models.F("platform_likes") + models.F("imported_likes"),
            comment_total=models.F("platform_comments") + models.F("imported_comments"),
        )

    def sorted_by(self, sort: str):
        orders = {
            "recent": ["-created_at", "-pk"],
            "likes": ["-like_total", "-created_at", "-pk"],
            "comments": ["-comment_total", "-created_at", "-pk"],
        }
        return self.order_by(*orders.get(sort, orders["recent"]))


class Idea(models.Model):
    class Status(models.TextChoices):
        NEW = "nouvelle", _("Nouvelle")
        KEPT = "retenue", _("Retenue")
        STUDY = "etude", _("À l'étude")
        PROJECT = "projet", _("Transformée en projet")
        DISCARDED = "ecartee", _("Écartée")

    class Source(models.TextChoices):
        PLATFORM = "plateforme", _("Plateforme")
        IMPORT = "import", _("Import")

    space = models.ForeignKey(
        IdeaSpace, on_delete=models.CASCADE, related_name="ideas", verbose_name=_("espace d'idées")
    )
    title = models.CharField(_("titre"), max_length=300)
    body = models.TextField(_("texte"), blank=True)
    author = models.ForeignKey(
        "actors.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ideas",
        verbose_name=_("auteur"),
    )
    author_name = models.CharField(_("auteur (texte)"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        "actors.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ideas",
        verbose_name=_("organisation"),
    )
    themes = models.ManyToManyField("alliance.Theme", blank=True, verbose_name=_("thèmes"))
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.NEW
    )
    answer = models.TextField(_("réponse du facilitateur"), blank=True)
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.PLATFORM
    )
    source_id = models.CharField(_("identifiant source"), max_length=100, blank=True)
    source_theme = models.CharField(_("thème d'origine"), max_length=200, blank=True)
    # The status label as the imported file wrote it, kept even when ours could not be told.
    source_status = models.CharField(_("statut d'origine"), max_length=100, blank=True)
    imported_likes = models.PositiveIntegerField(_("« j'aime » importés"), default=0)
    imported_comments = models.PositiveIntegerField(_("commentaires importés"), default=0)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merged_ideas",
        verbose_name=_("fusionnée dans"),
    )
    # Matching key of a re-import when the row has no source id (see idea_key).
    source_key = models.CharField(
        _("clé d'origine"), max_length=40, blank=True, db_index=True, editable=False
    )
    is_hidden = models.BooleanField(_("masquée par la modération"), default=False)
    is_demo = models.BooleanField(_("donnée de démonstration"), default=False, editable=False)
    created_at = models.DateTimeField(_("créée le"), default=timezone.now)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = IdeaQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("idée")
        verbose_name_plural = _("idées")
        indexes = [
            models.Index(fields=["space", "source_id"]),
            # A space's page, newest first: the first rows read in order, no sort of the space.
            models.Index(
                fields=["space", "-created_at", "-id"], name="ideas_idea_space_recent_idx"
            ),
            # The open API's list, newest first across the spaces: no sort of every idea.
            models.Index(fields=["-created_at", "id"], name="ideas_idea_recent_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        # Imported ideas keep the key computed from their source row (its date may be empty).
        if self.source == self.Source.PLATFORM or not self.source_key:
            self.source_key = idea_key(self.title, str(self.author_display), self.created_at)
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "source_key"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("ideas:detail", args=[self.pk])

    @property
    def author_display(self) -> str:
        if self.author_id:
            return str(self.author)
        return self.author_name or _("anonyme")


class IdeaMergeQuerySet(models.QuerySet):
    def undoable(self):
        """Merges still in force whose survivor stands on its own: a chain is undone from
        its last merge back (the survivor of a later merge must reappear first)."""
        return self.filter(undone_at__isnull=True, into__merged_into__isnull=True)

    def of_space(self, space):
        """A space's merges, newest first, with what the list shows."""
        return self.filter(idea__space=space).select_related(
            "idea", "into", "merged_by", "undone_by"
        )


class IdeaMerge(models.Model):
    """The record of one merge, kept so the facilitator can undo it: what moved from the
    merged idea to the survivor (`moved`: like and comment ids, the likes dropped because
    the member liked both, imported counts, themes added, ideas merged earlier)."""

    idea = models.ForeignKey(
        Idea, on_delete=models.CASCADE, related_name="merges_out", verbose_name=_("idée fusionnée")
    )
    into = models.ForeignKey(
        Idea, on_delete=models.CASCADE, related_name="merges_in", verbose_name=_("idée conservée")
    )
    moved = models.JSONField(_("ce qui a été déplacé"), default=dict)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("fusionnée par"),
    )
    merged_at = models.DateTimeField(_("fusionnée le"), auto_now_add=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("annulée par"),
    )
    undone_at = models.DateTimeField(_("annulée le"), null=True, blank=True)

    objects = IdeaMergeQuerySet.as_manager()

    class Meta:
        ordering = ["-merged_at", "-pk"]
        verbose_name = _("fusion d'idées")
        verbose_name_plural = _("fusions d'idées")

    def __str__(self) -> str:
        return f"{self.idea} → {self.into}"

    @property
    def is_undoable(self) -> bool:
        """The Python twin of IdeaMergeQuerySet.undoable (tested against it)."""
        return self.undone_at is None and self.into.merged_into_id is None

    @property
    def like_count(self) -> int:
        return len(self.moved.get("likes", [])) + len(self.moved.get("dropped_likes", []))

    @property
    def comment_count(self) -> int:
        return len(self.moved.get("comments", []))


class Like(models.Model):
    idea = models.ForeignKey(
        Idea, on_delete=models.CASCADE, related_name="likes", verbose_name=_("idée")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="idea_likes",
        verbose_name=_("utilisateur"),
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("j'aime")
        verbose_name_plural = _("j'aime")
        constraints = [models.UniqueConstraint(fields=["idea", "user"], name="like_once")]

    def __str__(self) -> str:
        return f"{self.user} ♥ {self.idea}"


class CommentQuerySet(models.QuerySet):
    def reported(self):
        """Comments with reports the facilitator has not decided on, most reported first,
        each with those reports (`open_reports`, their reasons) prefetched."""
        open_reports = CommentReport.objects.filter(resolved_at__isnull=True)
        return (
            self.filter(pk__in=open_reports.values("comment_id"))
            .annotate(report_count=Count("reports", filter=models.Q(reports__resolved_at=None)))
            .prefetch_related(
                models.Prefetch("reports", queryset=open_reports, to_attr="open_reports")
            )
            .order_by("-report_count", "-created_at", "-pk")
        )


class Comment(models.Model):
    """A comment, or a reply to one (a single level: a reply to a reply joins its thread)."""

    idea = models.ForeignKey(
        Idea, on_delete=models.CASCADE, related_name="comments", verbose_name=_("idée")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("réponse à"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="idea_comments",
        verbose_name=_("auteur"),
    )
    body = models.TextField(_("commentaire"))
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)
    edited_at = models.DateTimeField(_("modifié le"), null=True, blank=True)
    is_hidden = models.BooleanField(_("masqué par la modération"), default=False)
    is_demo = models.BooleanField(_("donnée de démonstration"), default=False, editable=False)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("commentaire")
        verbose_name_plural = _("commentaires")

    def __str__(self) -> str:
        return self.body[:60]

    def get_absolute_url(self) -> str:
        return f"{reverse('ideas:detail', args=[self.idea_id])}#comment-{self.pk}"

    @property
    def author_display(self) -> str:
        """The member's name; never their e-mail address."""
        if self.author is None:
            return _("ancien membre")
        return self.author.get_full_name() or _("membre")

    @property
    def edit_deadline(self):
        return self.created_at + COMMENT_EDIT_WINDOW

    def is_editable_by(self, user) -> bool:
        return (
            user.is_authenticated
            and self.author_id == user.pk
            and not self.is_hidden
            and timezone.now() < self.edit_deadline
        )


class CommentReport(models.Model):
    """A member's request that the facilitator look at a comment."""

    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, related_name="reports", verbose_name=_("commentaire")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("signalé par"),
    )
    reason = models.CharField(_("motif"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("signalé le"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("traité le"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("signalement")
        verbose_name_plural = _("signalements")
        constraints = [
            models.UniqueConstraint(fields=["comment", "user"], name="report_once_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.comment_id}"
