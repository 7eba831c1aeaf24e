"""Meetings of a circle: scheduled one by one or as a series, moved, cancelled or
reinstated with a notice to the registered, recorded in minutes and decisions, with documents attached."""

import hashlib
from urllib.parse import quote_plus

from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alliance.jobs import enqueue
from alliance.mail import site_domain
from alliance.text import fold
from circles.models.circles import Circle, Membership
from circles.models.registrations import Registration


class MeetingSeries(models.Model):
    """Meetings created together from one rule, so they can be edited from one onward."""

    circle = models.ForeignKey(
        Circle, on_delete=models.CASCADE, related_name="series", verbose_name=_("cercle")
    )
    rule = models.TextField(_("règle de récurrence"))
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("série de réunions")
        verbose_name_plural = _("séries de réunions")

    def __str__(self) -> str:
        return f"{self.circle} — {self.rule}"


class MeetingQuerySet(models.QuerySet):
    def for_display(self):
        """With what a meeting line shows: its circle and commune (named, never drawn: its
        outline, GeoJSON decoded per row, stays in the database)."""
        return self.select_related("circle", "commune").defer("commune__outline")

    def for_agenda(self):
        """What the agenda's month grid and lines show, nothing more: a meeting's title,
        times, place and status, and its circle's name (a hundred wide rows otherwise)."""
        shown = ["title", "start", "end", "place", "status", "circle__name", "circle__slug"]
        return self.select_related("circle").only(*shown)

    def upcoming(self):
        return self.filter(end__gte=timezone.now()).exclude(status=Meeting.Status.CANCELLED)

    def past(self):
        return self.filter(end__lt=timezone.now())

    def in_theme(self, theme):
        return self.filter(models.Q(themes=theme) | models.Q(circle__themes=theme)).distinct()

    def for_person(self, person):
        """Meetings of the circles the person belongs to, or registered for."""
        return self.filter(
            models.Q(
                circle__memberships__person=person,
                circle__memberships__status=Membership.Status.ACCEPTED,
            )
            | models.Q(registrations__person=person)
        ).distinct()

    def not_declined_by(self, person):
        """Leaves out the meetings the person answered "je ne viens pas" to."""
        declined = Registration.objects.filter(person=person, answer=Registration.Answer.NO)
        return self.exclude(pk__in=declined.values("meeting_id"))


class Meeting(models.Model):
    class Status(models.TextChoices):
        PLANNED = "prevue", _("Prévue")
        CONFIRMED = "confirmee", _("Confirmée")
        CANCELLED = "annulee", _("Annulée")
        HELD = "tenue", _("Tenue")

    circle = models.ForeignKey(
        Circle, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("cercle")
    )
    title = models.CharField(_("titre"), max_length=200)
    topic = models.TextField(_("sujet"), blank=True)
    themes = models.ManyToManyField("alliance.Theme", blank=True, verbose_name=_("thèmes"))
    start = models.DateTimeField(_("début"))
    end = models.DateTimeField(_("fin"))
    place = models.CharField(_("lieu"), max_length=255, blank=True)
    commune = models.ForeignKey(
        "alliance.Commune",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("commune"),
    )
    video_url = models.URLField(_("lien de visioconférence"), blank=True)
    agenda = models.TextField(_("ordre du jour"), blank=True)
    capacity = models.PositiveIntegerField(_("capacité"), null=True, blank=True)
    registration_open = models.BooleanField(_("inscriptions ouvertes"), default=True)
    is_open = models.BooleanField(
        _("ouverte sans compte"),
        default=False,
        help_text=_("Accepte les inscriptions de personnes sans compte"),
    )
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    minutes = models.TextField(_("compte rendu"), blank=True)
    decisions = models.TextField(_("décisions"), blank=True)
    projects = models.ManyToManyField(
        "projects.Project", blank=True, related_name="meetings", verbose_name=_("projets abordés")
    )
    sequence = models.PositiveIntegerField(_("séquence iCalendar"), default=0, editable=False)
    series = models.ForeignKey(
        MeetingSeries,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("série"),
    )
    is_demo = models.BooleanField(_("donnée de démonstration"), default=False, editable=False)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["start"]
        verbose_name = _("réunion")
        verbose_name_plural = _("réunions")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("circles:meeting", args=[self.pk])

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def is_past(self) -> bool:
        return self.end < timezone.now()

    @property
    def start_checksum(self) -> str:
        """Changes when the meeting moves: reminders sent for an older time no longer count."""
        return hashlib.sha1(
            f"{self.start.isoformat()}|{self.end.isoformat()}".encode()
        ).hexdigest()[:12]

    @property
    def uid(self) -> str:
        """Globally unique and stable: two instances of the site never collide."""
        return f"meeting-{self.pk}@{site_domain()}"

    @property
    def where(self) -> str:
        """The place as written, with its commune unless the place already names it."""
        commune = self.commune.name if self.commune_id else ""
        if commune and fold(commune) in fold(self.place):
            commune = ""
        return ", ".join(part for part in (self.place, commune) if part)

    @property
    def map_url(self) -> str:
        """An OpenStreetMap link to the place (its commune's point, else a search)."""
        commune = self.commune if self.commune_id else None
        if commune is not None and commune.latitude is not None:
            lat, lng = commune.latitude, commune.longitude
            return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lng}#map=14/{lat}/{lng}"
        if not self.where:
            return ""
        return "https://www.openstreetmap.org/search?query=" + quote_plus(self.where)

    @property
    def map_point(self) -> dict | None:
        """The pin of the meeting page's map: its commune's point, labelled with the place."""
        commune = self.commune
        if commune is None or commune.latitude is None:
            return None
        return {
            "lat": commune.latitude,
            "lng": commune.longitude,
            "label": self.place or commune.name,
        }

    @property
    def decision_list(self) -> list[str]:
        """The decisions, one a line, blank lines left out."""
        return [d for d in self.decisions.splitlines() if d.strip()]

    def snapshot(self) -> dict[str, str]:
        """What a change notice compares: when and where."""
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "place": self.place,
            "commune": self.commune.name if self.commune_id and self.commune else "",
            "video_url": self.video_url,
        }

    def announce_changes(self, before: dict[str, str]) -> bool:
        """Queues a notice saying what changed since `before` (a snapshot), if anything."""
        after = self.snapshot()
        changes = [[key, before[key], after[key]] for key in after if before[key] != after[key]]
        if not changes or self.is_cancelled:
            return False
        enqueue(
            "circles.reminders.send_change_notice",
            meeting_id=self.pk,
            sequence=self.sequence,
            changes=changes,
        )
        return True

    def yes_count(self) -> int:
        return self.registrations.attending().count()

    def places_left(self) -> int | None:
        if self.capacity is None:
            return None
        return max(self.capacity - self.yes_count(), 0)

    def accepts_registrations(self) -> bool:
        return self.registration_open and not self.is_cancelled and not self.is_past

    def move(self, *, start, end) -> bool:
        """Moves the meeting; True if it moved. Notices go out after the commit."""
        if start == self.start and end == self.end:
            return False
        before = self.snapshot()
        self.start, self.end = start, end
        self.sequence += 1
        self.save(update_fields=["start", "end", "sequence", "updated_at"])
        self.announce_changes(before)
        return True

    def cancel(self) -> bool:
        if self.is_cancelled:
            return False
        self.status = self.Status.CANCELLED
        self.registration_open = False
        self.sequence += 1
        self.save(update_fields=["status", "registration_open", "sequence", "updated_at"])
        enqueue(
            "circles.reminders.send_cancellation_notice",
            meeting_id=self.pk,
            sequence=self.sequence,
        )
        return True

    def reinstate(self) -> bool:
        """Undoes a cancellation: planned again, registration open, a notice to everyone
        concerned with a new iTIP REQUEST (its SEQUENCE rises over the CANCEL's)."""
        if not self.is_cancelled:
            return False
        self.status = self.Status.PLANNED
        self.registration_open = True
        self.sequence += 1
        self.save(update_fields=["status", "registration_open", "sequence", "updated_at"])
        enqueue(
            "circles.reminders.send_reinstatement_notice",
            meeting_id=self.pk,
            sequence=self.sequence,
        )
        return True

    def promote_waiting(self) -> list[Registration]:
        """Fills freed places from the waiting list, oldest first; returns the promoted."""
        with transaction.atomic():
            waiting = list(
                self.registrations.select_for_update()
                .filter(on_waiting_list=True, answer=Registration.Answer.YES)
                .exclude(confirmed_at=None)
                .order_by("created_at", "pk")
            )
            left = self.places_left() if self.capacity is not None else len(waiting)
            promoted = waiting[:left]
            for registration in promoted:
                registration.on_waiting_list = False
                registration.save(update_fields=["on_waiting_list"])
        for registration in promoted:
            enqueue("circles.reminders.send_promotion_notice", registration_id=registration.pk)
        return promoted


class MeetingDocument(models.Model):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="documents", verbose_name=_("réunion")
    )
    title = models.CharField(_("titre"), max_length=200)
    file = models.FileField(_("fichier"), upload_to="circles/documents/%Y/")
    uploaded_at = models.DateTimeField(_("déposé le"), auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.title
