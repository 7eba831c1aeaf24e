"""The circles that carry the movement (animation, travail collaboratif et
co-construction, concertation, working groups), who sits in them, and their meetings:
scheduled by the facilitator, attended by members, recorded in minutes."""

import hashlib
import secrets
from datetime import timedelta
from urllib.parse import quote_plus

from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alliance.text import fold, unique_slug


def default_reminder_offsets() -> list[int]:
    return [7 * 24, 24]


class Circle(models.Model):
    class Kind(models.TextChoices):
        ANIMATION = "animation", _("Cercle d'animation")
        WORK = "travail", _("Cercle de travail collaboratif et de co-construction")
        CONSULTATION = "concertation", _("Cercle de concertation")
        GROUP = "groupe", _("Groupe de travail")

    name = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
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
    facilitators = models.ManyToManyField(
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
    is_demo = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("cercle")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Circle, self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("circles:detail", args=[self.slug])

    @property
    def offsets(self) -> list[timedelta]:
        """Reminder offsets, largest first; bad values are ignored rather than fatal."""
        hours = [h for h in (self.reminder_offsets or []) if isinstance(h, int) and 0 < h <= 720]
        return [timedelta(hours=h) for h in sorted(set(hours), reverse=True)]


class MembershipQuerySet(models.QuerySet):
    def accepted(self):
        return self.filter(status=Membership.Status.ACCEPTED)

    def requested(self):
        return self.filter(status=Membership.Status.REQUESTED)


class Membership(models.Model):
    class Role(models.TextChoices):
        FACILITATOR = "animateur", _("Animateur")
        MEMBER = "membre", _("Membre")
        OBSERVER = "observateur", _("Observateur")

    class Status(models.TextChoices):
        REQUESTED = "demande", _("Demandée")
        ACCEPTED = "acceptee", _("Acceptée")
        DECLINED = "refusee", _("Refusée")

    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(
        "actors.Person", on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        "actors.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="memberships",
    )
    role = models.CharField(_("rôle"), max_length=12, choices=Role.choices, default=Role.MEMBER)
    has_mandate = models.BooleanField(_("mandat pour engager l'organisation"), default=False)
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.ACCEPTED
    )
    start = models.DateField(_("depuis le"), null=True, blank=True)
    end = models.DateField(_("jusqu'au"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("appartenance")
        constraints = [
            models.UniqueConstraint(fields=["circle", "person"], name="membership_unique")
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.circle}"

    def decide(self, *, accept: bool) -> None:
        self.status = self.Status.ACCEPTED if accept else self.Status.DECLINED
        if accept and not self.start:
            self.start = timezone.localdate()
        self.save(update_fields=["status", "start"])


class MeetingSeries(models.Model):
    """Meetings created together from one rule, so they can be edited from one onward."""

    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="series")
    rule = models.TextField(_("règle de récurrence"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("série de réunions")

    def __str__(self) -> str:
        return f"{self.circle} — {self.rule}"


class MeetingQuerySet(models.QuerySet):
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

    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="meetings")
    title = models.CharField(_("titre"), max_length=200)
    topic = models.TextField(_("sujet"), blank=True)
    themes = models.ManyToManyField("alliance.Theme", blank=True, verbose_name=_("thèmes"))
    start = models.DateTimeField(_("début"))
    end = models.DateTimeField(_("fin"))
    place = models.CharField(_("lieu"), max_length=255, blank=True)
    commune = models.ForeignKey(
        "alliance.Commune", on_delete=models.SET_NULL, null=True, blank=True
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
    sequence = models.PositiveIntegerField(default=0, editable=False)
    series = models.ForeignKey(
        MeetingSeries,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings",
    )
    is_demo = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["start"]
        verbose_name = _("réunion")

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
        from alliance.mail import site_domain

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
        from alliance.jobs import enqueue

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
        from alliance.jobs import enqueue

        enqueue(
            "circles.reminders.send_cancellation_notice",
            meeting_id=self.pk,
            sequence=self.sequence,
        )
        return True

    def promote_waiting(self) -> list["Registration"]:
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
        if promoted:
            from alliance.jobs import enqueue

            for registration in promoted:
                enqueue("circles.reminders.send_promotion_notice", registration_id=registration.pk)
        return promoted


def _token() -> str:
    return secrets.token_urlsafe(24)


class RegistrationQuerySet(models.QuerySet):
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

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="registrations")
    person = models.ForeignKey(
        "actors.Person",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="registrations",
    )
    guest_name = models.CharField(_("nom et prénom"), max_length=200, blank=True)
    guest_email = models.EmailField(_("e-mail"), blank=True)
    guest_organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    consent = models.BooleanField(_("consentement"), default=False)
    answer = models.CharField(
        _("réponse"), max_length=10, choices=Answer.choices, default=Answer.YES
    )
    on_waiting_list = models.BooleanField(_("en liste d'attente"), default=False)
    token = models.CharField(max_length=64, unique=True, default=_token)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    attended = models.BooleanField(_("présent"), null=True, blank=True)
    invited_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("inscription")
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


class ReminderLog(models.Model):
    """One message sent (or being sent) to one recipient about one meeting.

    The unique constraint is the "exactly once": a run inserts its rows first and only
    sends the ones it managed to insert, so two runs at the same moment never both send.
    """

    class Kind(models.TextChoices):
        REMINDER = "rappel", _("Rappel")
        CHANGED = "modifiee", _("Réunion modifiée")
        CANCELLED = "annulee", _("Réunion annulée")
        MINUTES = "compte-rendu", _("Compte rendu à publier")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="reminder_logs")
    kind = models.CharField(max_length=15, choices=Kind.choices)
    email = models.EmailField()
    person = models.ForeignKey(
        "actors.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    registration = models.ForeignKey(
        Registration, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    offset_hours = models.PositiveIntegerField(default=0)
    checksum = models.CharField(max_length=12, help_text="the meeting's start checksum")
    sequence = models.PositiveIntegerField(
        default=0, help_text="the meeting's sequence a notice was about (one per change)"
    )
    batch = models.CharField(max_length=32, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("rappel envoyé")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "kind", "email", "offset_hours", "checksum", "sequence"],
                name="reminder_exactly_once_per_sequence",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.meeting_id} → {self.email}"


def _feed_token() -> str:
    return secrets.token_urlsafe(32)


class CircleProfile(models.Model):
    """A person's settings for circles: private calendar feed and reminder opt-out."""

    person = models.OneToOneField(
        "actors.Person", on_delete=models.CASCADE, related_name="circle_profile"
    )
    feed_token = models.CharField(max_length=64, unique=True, default=_feed_token)
    reminders = models.BooleanField(_("recevoir les rappels de réunion"), default=True)

    class Meta:
        verbose_name = _("préférences de cercle")

    def __str__(self) -> str:
        return str(self.person)

    def renew_token(self) -> None:
        self.feed_token = _feed_token()
        self.save(update_fields=["feed_token"])

    def stop_reminders(self) -> None:
        if self.reminders:
            self.reminders = False
            self.save(update_fields=["reminders"])


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


class MeetingDocument(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("titre"), max_length=200)
    file = models.FileField(_("fichier"), upload_to="circles/documents/%Y/")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name = _("document")

    def __str__(self) -> str:
        return self.title
