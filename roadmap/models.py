"""The roadmap, the movement's "fil rouge": dated milestones (meeting points, deadlines,
deliverables, decisions) and objectives per theme with measured progress."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


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
    )
    meeting = models.OneToOneField(
        "circles.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="milestone",
        verbose_name=_("réunion"),
    )
    description = models.TextField(_("description"), blank=True)
    outcome = models.TextField(_("résultat"), blank=True)
    is_demo = models.BooleanField(default=False, editable=False)

    class Meta:
        ordering = ["date"]
        verbose_name = _("jalon")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("roadmap:index") + f"#milestone-{self.pk}"
