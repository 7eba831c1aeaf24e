"""Idea spaces (the alliance's "espaces de concertation", formerly on Colidée): ideas
posted by members or imported from Colidée exports, their likes and comments."""

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alliance.text import unique_slug


class IdeaSpace(models.Model):
    name = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    description = models.TextField(_("description"), blank=True)
    themes = models.ManyToManyField("alliance.Theme", blank=True, verbose_name=_("thèmes"))
    circle = models.ForeignKey(
        "circles.Circle",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="idea_spaces",
    )
    meeting = models.ForeignKey(
        "circles.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="idea_spaces",
    )
    is_open = models.BooleanField(_("ouvert aux nouvelles idées"), default=True)
    is_public = models.BooleanField(_("visible des visiteurs"), default=True)
    is_demo = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

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

    space = models.ForeignKey(IdeaSpace, on_delete=models.CASCADE, related_name="ideas")
    title = models.CharField(_("titre"), max_length=300)
    body = models.TextField(_("texte"), blank=True)
    author = models.ForeignKey(
        "actors.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="ideas"
    )
    author_name = models.CharField(_("auteur (texte)"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        "actors.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ideas",
    )
    themes = models.ManyToManyField("alliance.Theme", blank=True, verbose_name=_("thèmes"))
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.NEW
    )
    answer = models.TextField(_("réponse du facilitateur"), blank=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.PLATFORM)
    source_id = models.CharField(_("identifiant source"), max_length=100, blank=True)
    source_theme = models.CharField(_("thème d'origine"), max_length=200, blank=True)
    imported_likes = models.PositiveIntegerField(default=0)
    imported_comments = models.PositiveIntegerField(default=0)
    merged_into = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="merged_ideas"
    )
    is_demo = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(_("créée le"), default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("idée")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("ideas:detail", args=[self.pk])

    @property
    def author_display(self) -> str:
        if self.author_id:
            return str(self.author)
        return self.author_name or _("anonyme")
