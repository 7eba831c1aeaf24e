"""Circles and who sits in them: the four kinds of circle the charter names, their
memberships (requested, accepted, declined; each change kept in the circle's history)
and each person's circle settings (private calendar feed, reminders)."""

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from alliance.text import unique_slug
from circles.cadence import describe
from circles.people import PeopleChoiceField, people_for_picker

MAX_REMINDER_HOURS = 30 * 24  # a reminder further ahead than thirty days is ignored


def default_reminder_offsets() -> list[int]:
    return [7 * 24, 24]


class FacilitatorsField(models.ManyToManyField):
    """The circle's facilitators, picked in forms by name, organisation and e-mail, so
    that two "Marie Dupont" are told apart (those forms are the facilitator's)."""

    def formfield(self, **kwargs):
        return super().formfield(
            **{"form_class": PeopleChoiceField, "queryset": people_for_picker(), **kwargs}
        )


class Circle(models.Model):
    class Kind(models.TextChoices):
        ANIMATION = "animation", _("Cercle d'animation")
        WORK = "travail", _("Cercle de travail collaboratif et de co-construction")
        CONSULTATION = "concertation", _("Cercle de concertation")
        GROUP = "groupe", _("Groupe de travail")

    name = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField(_("identifiant d'URL"), max_length=220, unique=True)
    kind = models.CharField(_("type"), max_length=15, choices=Kind.choices)
    purpose = models.TextField(_("raison d'être"), blank=True)
    themes = models.ManyToManyField("alliance.Theme", blank=True, verbose_name=_("thèmes"))
    cadence = models.TextField(
        _("cadence (règle de récurrence RFC 5545)"),
        blank=True,
        help_text="ex. FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU;BYHOUR=14;BYMINUTE=0",
    )
    meetings_per_year = models.PositiveSmallIntegerField(
        _("réunions par an"), null=True, blank=True
    )
    default_duration = models.DurationField(_("durée par défaut"), null=True, blank=True)
    default_place = models.CharField(_("lieu par défaut"), max_length=255, blank=True)
    facilitators = FacilitatorsField(
        "actors.Person",
        blank=True,
        related_name="facilitated_circles",
        verbose_name=_("animateurs"),
    )
    open_to_join = models.BooleanField(_("ouvert aux demandes d'adhésion"), default=True)
    reminder_offsets = models.JSONField(
        _("rappels (heures avant la réunion)"),
        default=default_reminder_offsets,
        blank=True,
        help_text=_("ex. [168, 24] : sept jours et un jour avant"),
    )
    is_demo = models.BooleanField(_("donnée de démonstration"), default=False, editable=False)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("cercle")
        verbose_name_plural = _("cercles")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Circle, self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("circles:detail", args=[self.slug])

    @property
    def cadence_words(self) -> str:
        """ "le 2e mardi de chaque mois à 14 h", read from the RRULE."""
        return describe(self.cadence)

    @property
    def welcomes_guests(self) -> bool:
        """A concertation circle is open to the many: its meetings take people without an
        account, and a new meeting of it is open by default."""
        return self.kind == self.Kind.CONSULTATION

    @property
    def default_minutes(self) -> int | None:
        """The default duration in whole minutes, as the forms show it."""
        if not self.default_duration:
            return None
        return int(self.default_duration.total_seconds() // 60)

    @property
    def offsets(self) -> list[timedelta]:
        """Reminder offsets, largest first; bad values are ignored rather than fatal."""
        hours = [
            h
            for h in (self.reminder_offsets or [])
            if isinstance(h, int) and 0 < h <= MAX_REMINDER_HOURS
        ]
        return [timedelta(hours=h) for h in sorted(set(hours), reverse=True)]


class MembershipQuerySet(models.QuerySet):
    def accepted(self):
        return self.filter(status=Membership.Status.ACCEPTED)

    def requested(self):
        return self.filter(status=Membership.Status.REQUESTED)

    def for_page(self):
        """Accepted members with what the circle page shows of them, grouped by the kind
        of organisation they represent, then by organisation."""
        return (
            self.accepted()
            .select_related("person", "organisation")
            .order_by("organisation__kind", "organisation__name", "role", "person__last_name")
        )


class Membership(models.Model):
    class Role(models.TextChoices):
        FACILITATOR = "animateur", _("Animateur")
        MEMBER = "membre", _("Membre")
        OBSERVER = "observateur", _("Observateur")

    class Status(models.TextChoices):
        REQUESTED = "demande", _("Demandée")
        ACCEPTED = "acceptee", _("Acceptée")
        DECLINED = "refusee", _("Refusée")

    circle = models.ForeignKey(
        Circle, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("cercle")
    )
    person = models.ForeignKey(
        "actors.Person",
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("personne"),
    )
    organisation = models.ForeignKey(
        "actors.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("rôle"), max_length=12, choices=Role.choices, default=Role.MEMBER)
    has_mandate = models.BooleanField(_("mandat pour engager l'organisation"), default=False)
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.ACCEPTED
    )
    start = models.DateField(_("depuis le"), null=True, blank=True)
    end = models.DateField(_("jusqu'au"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()
    # Who added, removed or changed whom, and when: the circle's history.
    history = HistoricalRecords(
        verbose_name=_("changement d'appartenance"),
        verbose_name_plural=_("historique des appartenances"),
    )

    class Meta:
        verbose_name = _("appartenance")
        verbose_name_plural = _("appartenances")
        constraints = [
            models.UniqueConstraint(fields=["circle", "person"], name="membership_unique")
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.circle}"

    def seat_facilitator(self, *, previous_role: str = "") -> None:
        """A member in the facilitator's role is one of the circle's facilitators, shown
        as such on its page; leaving the role leaves that place too (facilitators chosen
        in the circle's form without this role stay)."""
        if self.role == self.Role.FACILITATOR and self.status == self.Status.ACCEPTED:
            self.circle.facilitators.add(self.person_id)
        elif previous_role == self.Role.FACILITATOR:
            self.circle.facilitators.remove(self.person_id)

    def remove(self) -> None:
        """Takes the person out of the circle; the history keeps who did it and when."""
        with transaction.atomic():
            if self.role == self.Role.FACILITATOR:
                self.circle.facilitators.remove(self.person_id)
            self.delete()

    def decide(self, *, accept: bool) -> None:
        self.status = self.Status.ACCEPTED if accept else self.Status.DECLINED
        if accept and not self.start:
            self.start = timezone.localdate()
        self.save(update_fields=["status", "start"])


def _feed_token() -> str:
    return secrets.token_urlsafe(32)


class CircleProfile(models.Model):
    """A person's settings for circles: private calendar feed and reminder opt-out."""

    person = models.OneToOneField(
        "actors.Person",
        on_delete=models.CASCADE,
        related_name="circle_profile",
        verbose_name=_("personne"),
    )
    feed_token = models.CharField(
        _("jeton du calendrier"), max_length=64, unique=True, default=_feed_token
    )
    reminders = models.BooleanField(_("recevoir les rappels de réunion"), default=True)

    class Meta:
        verbose_name = _("préférences de cercle")
        verbose_name_plural = _("préférences de cercle")

    def __str__(self) -> str:
        return str(self.person)

    def renew_token(self) -> None:
        self.feed_token = _feed_token()
        self.save(update_fields=["feed_token"])

    def stop_reminders(self) -> None:
        if self.reminders:
            self.reminders = False
            self.save(update_fields=["reminders"])


@dataclass
class MembershipChange:
    """One line of a circle's history: when, by whom, what."""

    at: datetime
    by: str
    text: str


def membership_changes(circle: Circle, *, limit: int = 50) -> list[MembershipChange]:
    """The circle's latest membership changes, newest first: who was added, removed, or
    given another role, organisation or mandate, read from the memberships' history
    (four queries whatever the length)."""
    records = list(
        Membership.history.filter(circle_id=circle.pk)
        .order_by("-history_date", "-history_id")
        .prefetch_related("person", "organisation", "history_user")[: limit * 4]
    )
    previous: dict[int, object] = {}
    changes = []
    for record in reversed(records):
        text = _change_text(record, previous.get(record.id))
        previous[record.id] = record
        if text:
            user = record.history_user
            by = (user.get_full_name() or user.email) if user else ""
            changes.append(MembershipChange(at=record.history_date, by=by, text=text))
    return changes[::-1][:limit]


def _change_text(record, before) -> str:
    who = {"person": record.person.full_name if record.person else _("ancien membre")}
    if record.history_type == "-":
        return _("%(person)s retiré·e du cercle") % who
    if record.history_type == "+" or before is None:
        if record.status == Membership.Status.REQUESTED:
            return _("%(person)s demande à rejoindre le cercle") % who
        return _("%(person)s ajouté·e comme %(role)s%(organisation)s") % {
            **who,
            "role": record.get_role_display().lower(),
            "organisation": f" ({record.organisation.name})" if record.organisation else "",
        }
    parts = []
    if record.status != before.status:
        parts.append(
            _("demande acceptée")
            if record.status == Membership.Status.ACCEPTED
            else _("demande refusée")
        )
    if record.role != before.role:
        parts.append(
            _("rôle : %(old)s → %(new)s")
            % {"old": before.get_role_display().lower(), "new": record.get_role_display().lower()}
        )
    if record.organisation_id != before.organisation_id:
        name = record.organisation.name if record.organisation else _("aucune")
        parts.append(_("organisation représentée : %(name)s") % {"name": name})
    mandate = ("has_mandate", "start", "end")
    if any(getattr(record, f) != getattr(before, f) for f in mandate):
        parts.append(_("mandat modifié"))
    return f"{who['person']} : {', '.join(parts)}" if parts else ""
