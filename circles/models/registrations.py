"""Registrations: a member's or a guest's answer to a meeting, the place it holds, the
waiting list it may wait on, and attendance once the meeting is held."""

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _


def _token() -> str:
    return secrets.token_urlsafe(24)


class RegistrationQuerySet(models.QuerySet):
    def in_register_order(self):
        """The register as the facilitator reads it: places held first, oldest first."""
        return self.select_related("person").order_by("on_waiting_list", "created_at")

    def confirmed(self):
        return self.exclude(confirmed_at=None)

    def attending(self):
        """Holding a place: answered "viens", confirmed, not on the waiting list."""
        return self.confirmed().filter(answer=Registration.Answer.YES, on_waiting_list=False)

    def expected(self):
        """People to remind: coming or maybe coming, confirmed, place held."""
        return self.confirmed().filter(
            answer__in=[Registration.Answer.YES, Registration.Answer.MAYBE],
            on_waiting_list=False,
        )


class Registration(models.Model):
    """A person's answer to a meeting: a member (person) or a guest without an account."""

    class Answer(models.TextChoices):
        YES = "oui", _("Je viens")
        NO = "non", _("Je ne viens pas")
        MAYBE = "peut-etre", _("Peut-être")

    meeting = models.ForeignKey(
        "circles.Meeting",
        on_delete=models.CASCADE,
        related_name="registrations",
        verbose_name=_("réunion"),
    )
    person = models.ForeignKey(
        "actors.Person",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="registrations",
        verbose_name=_("personne"),
    )
    guest_name = models.CharField(_("nom et prénom"), max_length=200, blank=True)
    guest_email = models.EmailField(_("e-mail"), blank=True)
    guest_organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    consent = models.BooleanField(_("consentement"), default=False)
    answer = models.CharField(
        _("réponse"), max_length=10, choices=Answer.choices, default=Answer.YES
    )
    on_waiting_list = models.BooleanField(_("en liste d'attente"), default=False)
    token = models.CharField(_("jeton"), max_length=64, unique=True, default=_token)
    confirmed_at = models.DateTimeField(_("confirmée le"), null=True, blank=True)
    attended = models.BooleanField(_("présent"), null=True, blank=True)
    invited_at = models.DateTimeField(_("invitée le"), null=True, blank=True)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("inscription")
        verbose_name_plural = _("inscriptions")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"],
                condition=models.Q(person__isnull=False),
                name="registration_meeting_person",
            ),
            models.UniqueConstraint(
                fields=["meeting", "guest_email"],
                condition=models.Q(person__isnull=True),
                name="registration_meeting_guest",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} — {self.meeting}"

    @property
    def is_guest(self) -> bool:
        return self.person_id is None

    @property
    def name(self) -> str:
        return self.person.full_name if self.person_id else self.guest_name

    @property
    def email(self) -> str:
        return self.person.email if self.person_id else self.guest_email

    @property
    def organisation_name(self) -> str:
        return self.guest_organisation

    def set_answer(self, answer: str) -> None:
        """Records an answer; a "viens" beyond capacity waits, a freed place promotes."""
        meeting = self.meeting
        was_holding = self.pk and self.answer == self.Answer.YES and not self.on_waiting_list
        self.answer = answer
        if answer == self.Answer.YES and not was_holding:
            left = meeting.places_left()
            self.on_waiting_list = left is not None and left <= 0
        elif answer != self.Answer.YES:
            self.on_waiting_list = False
        self.save()
        if was_holding and answer != self.Answer.YES:
            meeting.promote_waiting()

    def cancel(self) -> None:
        self.set_answer(self.Answer.NO)
