"""Registrations: a member's or a guest's answer to a meeting, the place it holds, the
waiting list it may wait on, and attendance once the meeting is held (present, absent,
excused), walk-ins included: people who came without registering."""

import secrets
from itertools import groupby

from django.db import models
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from actors.models import Representation


def _token() -> str:
    return secrets.token_urlsafe(24)


class RegistrationQuerySet(models.QuerySet):
    def in_register_order(self):
        """The register as the facilitator reads it: places held first, oldest first."""
        return self.select_related("person").order_by("on_waiting_list", "created_at")

    def present(self):
        return self.filter(attended=True)

    def excused(self):
        return self.filter(excused=True)

    def with_organisations(self):
        """With each person's current representations (their organisations), by mandate."""
        current = (
            Representation.objects.current()
            .select_related("organisation")
            .order_by("-has_mandate", "organisation__name")
        )
        return self.select_related("person").prefetch_related(
            Prefetch("person__representations", queryset=current, to_attr="current_representations")
        )

    def by_organisation(self) -> list[tuple[str, list["Registration"]]]:
        """(organisation name, registrations by name) pairs, by organisation; people with no
        organisation come last under an empty name. Three queries, whatever the number."""
        rows = sorted(
            self.with_organisations(),
            key=lambda r: (not r.organisation_name, r.organisation_name.casefold(), r.name),
        )
        return [(name, list(group)) for name, group in groupby(rows, lambda r: r.organisation_name)]

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
    excused = models.BooleanField(_("excusé"), default=False)
    walk_in = models.BooleanField(_("venu sans inscription"), default=False)
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
                # Walk-ins typed in by the facilitator often come without an e-mail.
                condition=models.Q(person__isnull=True) & ~models.Q(guest_email=""),
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
        """The organisation typed in (a guest, a walk-in), else the person's first current
        one (read from `with_organisations()`; without it, none)."""
        if self.guest_organisation or self.is_guest:
            return self.guest_organisation
        representations = getattr(self.person, "current_representations", [])
        return representations[0].organisation.name if representations else ""

    class Presence(models.TextChoices):
        UNKNOWN = "", _("non renseigné")
        PRESENT = "present", _("présent")
        ABSENT = "absent", _("absent")
        EXCUSED = "excuse", _("excusé")

    @property
    def presence(self) -> str:
        if self.attended:
            return self.Presence.PRESENT
        if self.excused:
            return self.Presence.EXCUSED
        if self.attended is False:
            return self.Presence.ABSENT
        return self.Presence.UNKNOWN

    @presence.setter
    def presence(self, value: str) -> None:
        """Present, absent, excused (absent with notice) or not recorded (None)."""
        attended = {self.Presence.PRESENT: True, self.Presence.UNKNOWN: None}
        self.attended = attended.get(value, False)
        self.excused = value == self.Presence.EXCUSED

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
