"""Date polls: "when suits you?", two to six slots answered by the members; the chosen
slot becomes a meeting."""

from django.db import models, transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from circles.models.circles import Circle
from circles.models.meetings import Meeting


class DatePoll(models.Model):
    """A "when suits you?" poll: 2 to 6 slots; the chosen one becomes a meeting."""

    circle = models.ForeignKey(
        Circle, on_delete=models.CASCADE, related_name="polls", verbose_name=_("cercle")
    )
    title = models.CharField(_("titre de la réunion"), max_length=200)
    place = models.CharField(_("lieu"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        "alliance.User",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("créé par"),
    )
    meeting = models.OneToOneField(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="poll",
        verbose_name=_("réunion"),
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("sondage de date")
        verbose_name_plural = _("sondages de date")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("circles:poll", args=[self.pk])

    @property
    def is_closed(self) -> bool:
        return self.meeting_id is not None

    def answers_of(self, person) -> dict[int, str]:
        """{slot_id: answer} of one person (nobody: no answers)."""
        if person is None:
            return {}
        answers = PollAnswer.objects.filter(slot__poll=self, person=person)
        return dict(answers.values_list("slot_id", "answer"))

    def record(self, person, answers) -> None:
        """Saves a person's (slot, answer) pairs, replacing their earlier answers."""
        with transaction.atomic():
            for slot, answer in answers:
                PollAnswer.objects.update_or_create(
                    slot=slot, person=person, defaults={"answer": answer}
                )

    def tallies(self, slots: list["PollSlot"]) -> list[tuple]:
        """The answer grid: one (person, [answer or None for each slot]) row per person who
        answered, by name; each slot gets its counts of "oui" (`yes`) and "si nécessaire"
        (`if_needed`)."""
        answers = list(PollAnswer.objects.filter(slot__poll=self).select_related("person"))
        people = sorted({a.person for a in answers}, key=lambda p: (p.last_name, p.first_name))
        grid = {(a.person_id, a.slot_id): a for a in answers}
        for slot in slots:
            given = [a.answer for a in answers if a.slot_id == slot.pk]
            slot.yes = given.count(PollAnswer.Answer.YES)
            slot.if_needed = given.count(PollAnswer.Answer.IF_NEEDED)
        return [(p, [grid.get((p.pk, s.pk)) for s in slots]) for p in people]


class PollSlot(models.Model):
    poll = models.ForeignKey(
        DatePoll, on_delete=models.CASCADE, related_name="slots", verbose_name=_("sondage")
    )
    start = models.DateTimeField(_("début"))
    end = models.DateTimeField(_("fin"))

    class Meta:
        ordering = ["start"]
        verbose_name = _("créneau de sondage")
        verbose_name_plural = _("créneaux de sondage")

    def __str__(self) -> str:
        return f"{self.poll} — {self.start:%d/%m/%Y %H:%M}"


class PollAnswer(models.Model):
    class Answer(models.TextChoices):
        YES = "oui", _("Oui")
        IF_NEEDED = "si-necessaire", _("Si nécessaire")
        NO = "non", _("Non")

    slot = models.ForeignKey(
        PollSlot, on_delete=models.CASCADE, related_name="answers", verbose_name=_("créneau")
    )
    person = models.ForeignKey(
        "actors.Person", on_delete=models.CASCADE, related_name="+", verbose_name=_("personne")
    )
    answer = models.CharField(_("réponse"), max_length=15, choices=Answer.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["slot", "person"], name="poll_answer_once")]
        verbose_name = _("réponse au sondage")
        verbose_name_plural = _("réponses au sondage")

    def __str__(self) -> str:
        return f"{self.person} — {self.answer}"
