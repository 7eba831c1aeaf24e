"""The roadmap, the movement's "fil rouge": dated milestones (meeting points, deadlines,
deliverables, decisions) and objectives per theme with measured progress. An objective's
status is computed from its latest measurement and its deadline unless the facilitator
overrides it."""

from datetime import date as Date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import OuterRef, Prefetch, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from alliance.stored import StoredFigures
from projects.models import Project


class MilestoneQuerySet(models.QuerySet):
    def with_details(self):
        """With the circle and the themes every listing of milestones shows."""
        return self.select_related("circle", "decided_in").prefetch_related("themes")

    def upcoming(self, today: Date | None = None):
        today = today or timezone.localdate()
        return self.filter(models.Q(date__gte=today) | models.Q(end_date__gte=today))

    def past(self, today: Date | None = None):
        today = today or timezone.localdate()
        return self.filter(date__lt=today).filter(
            models.Q(end_date__isnull=True) | models.Q(end_date__lt=today)
        )


class Milestone(models.Model):
    class Kind(models.TextChoices):
        MEETING = "rencontre", _("Point de rencontre")
        DEADLINE = "echeance", _("Échéance")
        DELIVERABLE = "livrable", _("Livrable")
        DECISION = "decision", _("Décision")

    class Status(models.TextChoices):
        PLANNED = "prevu", _("Prévu")
        DONE = "atteint", _("Atteint")
        LATE = "en_retard", _("En retard")
        CANCELLED = "annule", _("Annulé")

    title = models.CharField(_("titre"), max_length=200)
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices, default=Kind.MEETING)
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    date = models.DateField(_("date"))
    end_date = models.DateField(_("date de fin"), null=True, blank=True)
    themes = models.ManyToManyField("alliance.Theme", blank=True, verbose_name=_("thèmes"))
    circle = models.ForeignKey(
        "circles.Circle",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="milestones",
        verbose_name=_("cercle"),
    )
    meeting = models.OneToOneField(
        "circles.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="milestone",
        verbose_name=_("réunion"),
    )
    # A decision of a meeting's minutes made a milestone: one milestone per decision.
    decided_in = models.ForeignKey(
        "circles.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decided_milestones",
        verbose_name=_("décidé en réunion"),
    )
    description = models.TextField(_("description"), blank=True)
    outcome = models.TextField(_("résultat"), blank=True)
    is_demo = models.BooleanField(_("donnée de démonstration"), default=False, editable=False)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = MilestoneQuerySet.as_manager()

    class Meta:
        ordering = ["date"]
        verbose_name = _("jalon")
        verbose_name_plural = _("jalons")
        constraints = [
            models.UniqueConstraint(
                fields=["decided_in", "title"],
                condition=models.Q(decided_in__isnull=False),
                name="milestone_one_per_decision",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("roadmap:index") + f"#milestone-{self.pk}"

    def clean(self):
        if self.date and self.end_date and self.end_date < self.date:
            raise ValidationError(
                {"end_date": _("La date de fin ne peut pas précéder la date de début.")}
            )

    @property
    def is_past(self) -> bool:
        return (self.end_date or self.date) < timezone.localdate()


class ObjectiveQuerySet(models.QuerySet):
    def with_progress(self):
        """Annotates the latest measured value and its date (one query, no prefetch)."""
        latest = Measurement.objects.filter(objective=OuterRef("pk")).order_by("-date", "-pk")
        return self.annotate(
            latest_value=Subquery(latest.values("value")[:1]),
            latest_date=Subquery(latest.values("date")[:1]),
        )

    def in_theme(self, theme):
        return self.filter(theme=theme)

    def with_details(self):
        """With what an objective's card shows: its theme, measurements, carriers and the
        contributing projects that are published."""
        return self.select_related("theme").prefetch_related(
            "measurements",
            "organisations",
            Prefetch("projects", queryset=Project.objects.published()),
        )


class Objective(models.Model):
    class Status(models.TextChoices):
        ON_TRACK = "en_bonne_voie", _("En bonne voie")
        LATE = "en_retard", _("En retard")
        REACHED = "atteint", _("Atteint")
        ABANDONED = "abandonne", _("Abandonné")

    # Slack given to "on track": progress may trail the elapsed share of time by this much.
    ON_TRACK_SLACK = Decimal("0.10")

    theme = models.ForeignKey(
        "alliance.Theme",
        on_delete=models.PROTECT,
        related_name="objectives",
        verbose_name=_("thème"),
    )
    title = models.CharField(_("objectif"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    indicator = models.CharField(
        _("indicateur"), max_length=200, help_text=_("ex. énergie renouvelable produite")
    )
    unit = models.CharField(_("unité"), max_length=40, help_text=_("ex. MWh, tonnes, %"))
    baseline = models.DecimalField(_("valeur de référence"), max_digits=14, decimal_places=2)
    baseline_date = models.DateField(_("date de la valeur de référence"))
    target = models.DecimalField(_("cible"), max_digits=14, decimal_places=2)
    deadline = models.DateField(_("échéance"))
    status_override = models.CharField(
        _("statut imposé"),
        max_length=15,
        choices=Status.choices,
        blank=True,
        help_text=_("Laisser vide pour que le statut soit calculé à partir des mesures."),
    )
    organisations = models.ManyToManyField(
        "actors.Organisation",
        blank=True,
        related_name="objectives",
        verbose_name=_("organisations porteuses"),
    )
    projects = models.ManyToManyField(
        "projects.Project",
        blank=True,
        related_name="objectives",
        verbose_name=_("projets contributeurs"),
    )
    is_demo = models.BooleanField(_("donnée de démonstration"), default=False, editable=False)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    objects = ObjectiveQuerySet.as_manager()

    class Meta:
        ordering = ["theme__order", "theme__name", "deadline", "title"]
        verbose_name = _("objectif")
        verbose_name_plural = _("objectifs")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("roadmap:index") + f"#objective-{self.pk}"

    def clean(self):
        errors = {}
        if self.baseline is not None and self.target is not None and self.target == self.baseline:
            errors["target"] = _("La cible doit être différente de la valeur de référence.")
        if self.deadline and self.baseline_date and self.deadline < self.baseline_date:
            errors["deadline"] = _(
                "L'échéance ne peut pas précéder la date de la valeur de référence."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def current_value(self) -> Decimal:
        """The latest measurement, or the baseline before any measurement."""
        if hasattr(self, "latest_value"):
            latest = self.latest_value
        else:
            measurements = list(self.measurements.all())  # prefetched on list pages
            latest = max(measurements, key=lambda m: (m.date, m.pk)).value if measurements else None
        return self.baseline if latest is None else Decimal(latest)

    @property
    def progress(self) -> Decimal:
        """Share of the way from the baseline to the target, between 0 and 1."""
        span = self.target - self.baseline
        if not span:
            return Decimal(0)
        share = (self.current_value - self.baseline) / span
        return min(max(share, Decimal(0)), Decimal(1))

    @property
    def percent(self) -> int:
        return int((self.progress * 100).to_integral_value())

    def computed_status(self, today: Date | None = None) -> str:
        today = today or timezone.localdate()
        if self.progress >= 1:
            return self.Status.REACHED
        if today > self.deadline:
            return self.Status.LATE
        total = (self.deadline - self.baseline_date).days
        elapsed = (today - self.baseline_date).days
        expected = Decimal(min(max(elapsed, 0), total)) / total if total > 0 else Decimal(1)
        if self.progress + self.ON_TRACK_SLACK >= expected:
            return self.Status.ON_TRACK
        return self.Status.LATE

    @property
    def status(self) -> str:
        return self.status_override or self.computed_status()

    def get_status_display(self) -> str:
        return self.Status(self.status).label


class Measurement(models.Model):
    objective = models.ForeignKey(
        Objective, on_delete=models.CASCADE, related_name="measurements", verbose_name=_("objectif")
    )
    date = models.DateField(_("date de la mesure"))
    value = models.DecimalField(_("valeur"), max_digits=14, decimal_places=2)
    comment = models.CharField(_("commentaire"), max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("saisie par"),
    )
    is_demo = models.BooleanField(_("donnée de démonstration"), default=False, editable=False)
    created_at = models.DateTimeField(_("saisie le"), auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["created_at"])

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("mesure")
        verbose_name_plural = _("mesures")

    def __str__(self) -> str:
        return f"{self.objective} — {self.date:%d/%m/%Y} : {self.value}"

    def clean(self):
        if self.date and self.date > timezone.localdate():
            raise ValidationError({"date": _("Une mesure ne peut pas être datée dans le futur.")})


class VisionFigures(StoredFigures):
    """The figures of /vision/ as its job last computed them (roadmap/vision.py), so that a
    visit with an empty cache reads one row instead of summing every project. One row."""

    class Meta:
        verbose_name = _("chiffres de la vision")
        verbose_name_plural = _("chiffres de la vision")
