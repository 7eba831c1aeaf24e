"""The shared ground of every app: accounts and roles, the taxonomy (themes, stakes,
communes) and the Job table through which all background work is recorded before it
reaches Celery."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from alliance.text import fold


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An e-mail is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A login. The person it belongs to lives in actors.Person (user one-to-one)."""

    username = None
    email = models.EmailField(_("adresse e-mail"), unique=True)
    # The language picked with the site's switch, which the mail to this person speaks;
    # empty until they pick one (then French).
    language = models.CharField(
        _("langue"), max_length=10, blank=True, choices=[("fr", "Français"), ("en", "English")]
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []
    objects = UserManager()

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")
        permissions = [
            ("participate", "Participer (membre)"),
            ("facilitate", "Animer les cercles et modérer (facilitateur)"),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.email.split("@")[0]


class ThemeQuerySet(models.QuerySet):
    def by_label(self, label: str):
        """Matches a theme by name or slug without regard to case or accents."""
        key = fold(label)
        for theme in self:
            if key in {fold(theme.name), fold(theme.name_en), fold(theme.slug.replace("-", " "))}:
                return theme
        return None


def localized(name: str, name_en: str | None) -> str:
    """A taxonomy entry's name in the active language: the one place that chooses."""
    if name_en and (get_language() or "").startswith("en"):
        return name_en
    return name


class ChoiceLabelsMixin:
    """`get_<field>_display()` from a table built once per field. Django rebuilds a dict of
    every choice on each call, hashing each lazy label (a translation each): two calls per
    project card were a quarter of the catalogue's rendering. Labels stay lazy (translated
    when shown, in the visitor's language)."""

    def _get_FIELD_display(self, field):
        labels = field.__dict__.get("_choice_labels")
        if labels is None:
            labels = {make_hashable(value): label for value, label in field.flatchoices}
            field.__dict__["_choice_labels"] = labels
        value = getattr(self, field.attname)
        return force_str(labels.get(make_hashable(value), value), strings_only=True)


class LabelledMixin:
    """Themes and stakes: `label` is the name to show, French names stay the stable key."""

    @property
    def label(self) -> str:
        return localized(self.name, self.name_en)


class Theme(LabelledMixin, models.Model):
    name = models.CharField(_("nom"), max_length=80, unique=True)
    name_en = models.CharField(_("nom en anglais"), max_length=80, blank=True)
    slug = models.SlugField(_("identifiant d'URL"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)
    color = models.CharField(_("couleur"), max_length=7, blank=True, help_text="#RRGGBB")
    icon = models.CharField(_("icône"), max_length=40, blank=True)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    objects = ThemeQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("thème")
        verbose_name_plural = _("thèmes")

    def __str__(self) -> str:
        return self.label

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)
        super().save(*args, **kwargs)


class Stake(LabelledMixin, models.Model):
    name = models.CharField(_("nom"), max_length=80, unique=True)
    name_en = models.CharField(_("nom en anglais"), max_length=80, blank=True)
    slug = models.SlugField(_("identifiant d'URL"), max_length=80, unique=True)
    family = models.CharField(
        _("famille"),
        max_length=20,
        choices=[("socio", _("socio-économique")), ("eco", _("écologique"))],
        blank=True,
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("enjeu")
        verbose_name_plural = _("enjeux")

    def __str__(self) -> str:
        return self.label


class CommuneQuerySet(models.QuerySet):
    def metropole(self):
        return self.filter(in_metropole=True)


class Commune(models.Model):
    """A French commune. INSEE codes change with mergers, so the code's vintage is kept."""

    insee_code = models.CharField(_("code INSEE"), max_length=5)
    vintage = models.PositiveSmallIntegerField(_("millésime du code"), default=2024)
    name = models.CharField(_("nom"), max_length=100)
    slug = models.SlugField(_("identifiant d'URL"), max_length=100, unique=True)
    siren = models.CharField(_("SIREN"), max_length=9, blank=True)
    postal_codes = models.CharField(_("codes postaux"), max_length=100, blank=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    latitude = models.FloatField(_("latitude de la mairie"), null=True, blank=True)
    longitude = models.FloatField(_("longitude de la mairie"), null=True, blank=True)
    outline = models.JSONField(_("contour (GeoJSON)"), null=True, blank=True)
    in_metropole = models.BooleanField(_("dans Toulouse Métropole"), default=False)
    # Dates the open-data files built from the communes (Last-Modified).
    updated_at = models.DateTimeField(_("mis à jour le"), auto_now=True)

    objects = CommuneQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        constraints = [
            models.UniqueConstraint(fields=["insee_code", "vintage"], name="commune_code_vintage")
        ]

    def __str__(self) -> str:
        return self.name


class InvitationQuerySet(models.QuerySet):
    def usable(self):
        """Links that still open sign-up: neither accepted, revoked nor expired."""
        return self.filter(
            accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
        )

    def with_state(self):
        """Each invitation's state as `current_state` (Invitation.State), computed by the
        database so the list filters and counts it in one query. Invitation.state is its
        Python twin."""
        now = timezone.now()
        return self.annotate(
            current_state=models.Case(
                models.When(
                    accepted_at__isnull=False, then=models.Value(Invitation.State.ACCEPTED)
                ),
                models.When(revoked_at__isnull=False, then=models.Value(Invitation.State.REVOKED)),
                models.When(expires_at__lte=now, then=models.Value(Invitation.State.EXPIRED)),
                models.When(opened_at__isnull=False, then=models.Value(Invitation.State.OPENED)),
                default=models.Value(Invitation.State.SENT),
                output_field=models.CharField(),
            )
        )

    def state_counts(self) -> list[tuple[str, str, int]]:
        """(state, label, how many invitations are in it) for every state, in one query."""
        counts = dict(
            self.with_state().order_by().values_list("current_state").annotate(n=models.Count("pk"))
        )
        return [(state, label, counts.get(state, 0)) for state, label in Invitation.State.choices]


def _invitation_token() -> str:
    return secrets.token_urlsafe(32)


class Invitation(models.Model):
    """A one-time sign-up link sent by the facilitator. Resending makes a new invitation
    (a new link) and revokes this one, which then points to it (`replaced_by`)."""

    class State(models.TextChoices):
        SENT = "sent", _("envoyée")
        OPENED = "opened", _("ouverte")
        ACCEPTED = "accepted", _("acceptée")
        EXPIRED = "expired", _("expirée")
        REVOKED = "revoked", _("révoquée")

    email = models.EmailField(_("adresse e-mail"))
    token = models.CharField(_("jeton"), max_length=64, unique=True, default=_invitation_token)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("invité par"),
    )
    message = models.TextField(_("message"), blank=True)
    created_at = models.DateTimeField(_("envoyée le"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expire le"))
    # The first visit of the link (the facilitator's "ouverte").
    opened_at = models.DateTimeField(_("ouverte le"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("acceptée le"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("révoquée le"), null=True, blank=True)
    replaced_by = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replaces",
        verbose_name=_("remplacée par"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("compte créé"),
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return self.email

    def save(self, *args, **kwargs):
        if not self.expires_at:
            self.expires_at = timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("accept_invitation", args=[self.token])

    @property
    def is_usable(self) -> bool:
        return self.state in {self.State.SENT, self.State.OPENED}

    @property
    def state(self) -> str:
        """The Python twin of InvitationQuerySet.with_state (tested against it)."""
        if self.accepted_at:
            return self.State.ACCEPTED
        if self.revoked_at:
            return self.State.REVOKED
        if self.expires_at <= timezone.now():
            return self.State.EXPIRED
        return self.State.OPENED if self.opened_at else self.State.SENT

    def get_state_display(self) -> str:
        return self.State(self.state).label

    @property
    def can_resend(self) -> bool:
        return self.accepted_at is None and self.replaced_by_id is None

    @property
    def can_revoke(self) -> bool:
        return self.is_usable

    def mark_opened(self) -> None:
        """Records the first visit of the link; later visits change nothing."""
        now = timezone.now()
        if Invitation.objects.filter(pk=self.pk, opened_at__isnull=True).update(opened_at=now):
            self.opened_at = now


class JoinRequest(models.Model):
    """A visitor who may not sign up asks to join; the facilitator accepts (an invitation
    is sent, linked here) or declines (with an optional reason, mailed politely)."""

    class State(models.TextChoices):
        PENDING = "pending", _("en attente")
        ACCEPTED = "accepted", _("acceptée")
        DECLINED = "declined", _("refusée")

    name = models.CharField(_("nom"), max_length=150)
    email = models.EmailField(_("adresse e-mail"))
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    role = models.CharField(_("fonction"), max_length=150, blank=True)
    message = models.TextField(_("message"), blank=True)
    state = models.CharField(_("état"), max_length=10, choices=State.choices, default=State.PENDING)
    created_at = models.DateTimeField(_("demandée le"), auto_now_add=True)
    decided_at = models.DateTimeField(_("décidée le"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("décidée par"),
    )
    reason = models.TextField(_("motif du refus"), blank=True)
    invitation = models.OneToOneField(
        Invitation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="join_request",
        verbose_name=_("invitation envoyée"),
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("demande d'adhésion")
        verbose_name_plural = _("demandes d'adhésion")

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"

    @property
    def has_account(self) -> bool:
        return User.objects.filter(email__iexact=self.email).exists()


class JobQuerySet(models.QuerySet):
    def stale(self):
        """Recorded work that never started: never sent to the broker, or lost there."""
        limit = timezone.now() - timedelta(seconds=settings.JOB_REQUEUE_AFTER)
        return self.filter(state=Job.State.PENDING, run_after__lte=timezone.now()).filter(
            models.Q(enqueued_at__isnull=True) | models.Q(enqueued_at__lte=limit)
        )

    def stuck(self):
        """Running, but its heartbeat stopped: the worker died (killed, out of memory, past
        its hard time limit). A live run beats every JOB_HEARTBEAT_INTERVAL seconds."""
        limit = timezone.now() - timedelta(seconds=settings.JOB_STUCK_AFTER)
        return self.filter(state=Job.State.RUNNING).filter(
            models.Q(heartbeat_at__lte=limit)
            | models.Q(heartbeat_at__isnull=True, started_at__lte=limit)
        )


class Job(models.Model):
    """A unit of background work, recorded in the database before Celery sees it.

    The row is the truth; the broker message only says "look at job N". See alliance/jobs.py.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("en attente")
        RUNNING = "running", _("en cours")
        DONE = "done", _("terminé")
        FAILED = "failed", _("échoué")

    name = models.CharField(
        _("nom"), max_length=200, help_text="dotted path of the function to call"
    )
    kwargs = models.JSONField(_("arguments"), default=dict, blank=True)
    state = models.CharField(_("état"), max_length=10, choices=State.choices, default=State.PENDING)
    # Counts runs started; a run's number fences its writes (see jobs.complete).
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    max_attempts = models.PositiveSmallIntegerField(_("tentatives au plus"), default=3)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    run_after = models.DateTimeField(_("à lancer après"), default=timezone.now)
    enqueued_at = models.DateTimeField(_("mise en file le"), null=True, blank=True)
    started_at = models.DateTimeField(_("commencée le"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("dernier signe de vie"), null=True, blank=True)
    finished_at = models.DateTimeField(_("terminée le"), null=True, blank=True)
    # Why it failed, in French for the people who read it (the import page, the job list).
    last_error = models.TextField(_("dernière erreur"), blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["state", "run_after"])]
        verbose_name = _("tâche de fond")
        verbose_name_plural = _("tâches de fond")

    def __str__(self) -> str:
        return f"{self.name} #{self.pk} ({self.state})"

    @property
    def is_stuck(self) -> bool:
        return Job.objects.stuck().filter(pk=self.pk).exists()

    @property
    def can_retry(self) -> bool:
        """Only a failed or stuck job runs again; a finished one would repeat its effect."""
        return self.state == self.State.FAILED or (
            self.state == self.State.RUNNING and self.is_stuck
        )


class SentMail(models.Model):
    """One copy of one message handed to the SMTP server (alliance/mail.py): a mail job
    retried after a failure skips every recipient already recorded here."""

    message_id = models.CharField(_("identifiant du message"), max_length=255, unique=True)
    email = models.EmailField(_("e-mail"))
    sent_at = models.DateTimeField(_("envoyé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("e-mail envoyé")
        verbose_name_plural = _("e-mails envoyés")

    def __str__(self) -> str:
        return f"{self.message_id} → {self.email}"


class Tally(models.Model):
    """A count kept in a row (alliance/tallies.py), recomputed after each change of what it
    counts: a page reads it in one lookup instead of counting thousands of rows."""

    name = models.CharField(_("nom"), max_length=100, primary_key=True)
    value = models.PositiveIntegerField(_("valeur"))

    class Meta:
        verbose_name = _("décompte")
        verbose_name_plural = _("décomptes")

    def __str__(self) -> str:
        return f"{self.name} = {self.value}"
