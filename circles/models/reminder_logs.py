"""What was sent about a meeting, to whom: reminders and notices, each recorded once."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from circles.models.meetings import Meeting
from circles.models.registrations import Registration


class ReminderLog(models.Model):
    """One message sent (or being sent) to one recipient about one meeting.

    The unique constraint is the "exactly once": a run inserts its rows first and only
    sends the ones it managed to insert, so two runs at the same moment never both send.
    """

    class Kind(models.TextChoices):
        REMINDER = "rappel", _("Rappel")
        CHANGED = "modifiee", _("Réunion modifiée")
        CANCELLED = "annulee", _("Réunion annulée")
        REINSTATED = "retablie", _("Réunion rétablie")
        MINUTES = "compte-rendu", _("Compte rendu à publier")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="reminder_logs", verbose_name=_("réunion")
    )
    kind = models.CharField(_("type"), max_length=15, choices=Kind.choices)
    email = models.EmailField(_("e-mail"))
    person = models.ForeignKey(
        "actors.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("personne"),
    )
    registration = models.ForeignKey(
        Registration,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("inscription"),
    )
    offset_hours = models.PositiveIntegerField(_("heures avant"), default=0)
    checksum = models.CharField(
        _("empreinte de l'horaire"),
        max_length=12,
        help_text="the meeting's start checksum",
    )
    sequence = models.PositiveIntegerField(
        _("séquence"),
        default=0,
        help_text="the meeting's sequence a notice was about (one per change)",
    )
    batch = models.CharField(_("lot"), max_length=32, db_index=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("rappel envoyé")
        verbose_name_plural = _("rappels envoyés")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "kind", "email", "offset_hours", "checksum", "sequence"],
                name="reminder_exactly_once_per_sequence",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.meeting_id} → {self.email}"
