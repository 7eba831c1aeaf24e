"""The circles that carry the movement (animation, travail collaboratif et
co-construction, concertation, working groups), who sits in them, and their meetings:
scheduled by the facilitator, attended by members, recorded in minutes."""

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alliance.text import unique_slug


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
    is_demo = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

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

    class Meta:
        verbose_name = _("appartenance")
        constraints = [
            models.UniqueConstraint(fields=["circle", "person"], name="membership_unique")
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.circle}"


class MeetingQuerySet(models.QuerySet):
    def upcoming(self):
        return self.filter(end__gte=timezone.now()).exclude(status=Meeting.Status.CANCELLED)

    def past(self):
        return self.filter(end__lt=timezone.now())


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
