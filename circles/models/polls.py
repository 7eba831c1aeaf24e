"""Date polls: "when suits you?", two to six slots answered by the members; the chosen
slot becomes a meeting."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from circles.models.circles import Circle
from circles.models.meetings import Meeting


class DatePoll(models.Model):
    """A "when suits you?" poll: 2 to 6 slots; the chosen one becomes a meeting."""

    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="polls")
    title = models.CharField(_("titre de la réunion"), max_length=200)
    place = models.CharField(_("lieu"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        "alliance.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    meeting = models.OneToOneField(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="poll"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("sondage de date")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("circles:poll", args=[self.pk])

    @property
    def is_closed(self) -> bool:
        return self.meeting_id is not None


class PollSlot(models.Model):
    poll = models.ForeignKey(DatePoll, on_delete=models.CASCADE, related_name="slots")
    start = models.DateTimeField(_("début"))
    end = models.DateTimeField(_("fin"))

    class Meta:
        ordering = ["start"]

    def __str__(self) -> str:
        return f"{self.poll} — {self.start:%d/%m/%Y %H:%M}"


class PollAnswer(models.Model):
    class Answer(models.TextChoices):
        YES = "oui", _("Oui")
        IF_NEEDED = "si-necessaire", _("Si nécessaire")
        NO = "non", _("Non")

    slot = models.ForeignKey(PollSlot, on_delete=models.CASCADE, related_name="answers")
    person = models.ForeignKey("actors.Person", on_delete=models.CASCADE, related_name="+")
    answer = models.CharField(max_length=15, choices=Answer.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["slot", "person"], name="poll_answer_once")]

    def __str__(self) -> str:
        return f"{self.person} — {self.answer}"
