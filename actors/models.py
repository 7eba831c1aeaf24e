"""The actor register: organisations (companies, local authorities, universities,
associations, business clubs) that carry the movement, the people who represent them,
and the representations that tie one to the other, with or without a mandate."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from actors.validators import (
    validate_logo,
    validate_siren,
    validate_siret,
    validate_siret_of_siren,
)
from alliance.models import ChoiceLabelsMixin
from alliance.text import fold, unique_slug

# Legal forms dropped when comparing names: "Énergies Solidaires SAS" == "ENERGIES SOLIDAIRES".
LEGAL_FORMS = {
    "sa",
    "sas",
    "sasu",
    "sarl",
    "eurl",
    "sci",
    "scic",
    "scop",
    "snc",
    "sca",
    "sem",
    "spl",
    "gie",
    "selarl",
    "association",
    "asso",
    "assoc",
    "ei",
    "eirl",
    "micro",
}


# Paths under /acteurs/ that are not organisations.
RESERVED_SLUGS = {"carte"}


def normalise_name(name: str) -> str:
    """The comparison key of a name: folded, punctuation and legal forms removed."""
    words = re.sub(r"[^a-z0-9]+", " ", fold(name).replace("'", " ")).split()
    kept = [word for word in words if word not in LEGAL_FORMS]
    return " ".join(kept or words)


class OrganisationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Organisation.Status.ACTIVE)

    def search(self, text: str):
        text = (text or "").strip()
        if not text:
            return self
        return self.filter(
            Q(name__icontains=text)
            | Q(name_key__contains=normalise_name(text))
            | Q(description__icontains=text)
            | Q(commune__name__icontains=text)
        )

    def located(self):
        return self.filter(latitude__isnull=False, longitude__isnull=False)

    def for_directory(self):
        # A card names its commune: the outline (GeoJSON, large) stays in the database.
        return self.select_related("commune").defer("commune__outline").prefetch_related("themes")

    def possible_duplicates(self):
        """Organisations sharing a company number (a SIREN, or the SIREN inside a SIRET)
        or a name once accents, case and legal forms are set aside."""
        groups: dict[tuple[str, str], set[int]] = {}
        for pk, siren, siret, key in Organisation.objects.values_list(
            "pk", "siren", "siret", "name_key"
        ):
            numbers = {siren or "", (siret or "")[:9]} - {""}
            for number in numbers:
                groups.setdefault(("number", number), set()).add(pk)
            if key:
                groups.setdefault(("name", key), set()).add(pk)
        ids = set().union(*(pks for pks in groups.values() if len(pks) > 1))
        return self.filter(pk__in=ids)


class Organisation(ChoiceLabelsMixin, models.Model):
    class Kind(models.TextChoices):
        COMPANY = "entreprise", _("Entreprise")
        AUTHORITY = "collectivite", _("Collectivité")
        INSTITUTION = "institution", _("Institution publique")
        UNIVERSITY = "universite", _("Université / recherche")
        ASSOCIATION = "association", _("Association")
        CLUB = "club", _("Club ou réseau d'entreprises")

    class Size(models.TextChoices):
        TPE = "tpe", _("TPE")
        PME = "pme", _("PME")
        ETI = "eti", _("ETI")
        LARGE = "ge", _("Grand compte")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        LEFT = "left", _("A quitté l'alliance")

    name = models.CharField(_("nom"), max_length=200)
    name_key = models.CharField(
        _("nom normalisé"), max_length=200, blank=True, editable=False, db_index=True
    )
    # Blank until save() derives it from the name (imports and forms leave it out).
    slug = models.SlugField(_("identifiant d'URL"), max_length=220, unique=True, blank=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    size = models.CharField(
        _("taille"),
        max_length=5,
        choices=Size.choices,
        blank=True,
        help_text=_("Pour les entreprises."),
    )
    siren = models.CharField(
        _("SIREN"),
        max_length=9,
        blank=True,
        null=True,
        unique=True,
        validators=[validate_siren],
        help_text=_("9 chiffres."),
    )
    siret = models.CharField(
        _("SIRET"),
        max_length=14,
        blank=True,
        validators=[validate_siret],
        help_text=_("14 chiffres."),
    )
    website = models.URLField(_("site web"), blank=True)
    description = models.TextField(
        _("description"), blank=True, help_text=_("Markdown : **gras**, listes, liens.")
    )
    logo = models.ImageField(
        _("logo"),
        upload_to="logos/",
        blank=True,
        validators=[validate_logo],
        help_text=_("PNG, JPEG ou WebP, 2 Mo au plus."),
    )
    address = models.CharField(_("adresse"), max_length=255, blank=True)
    commune = models.ForeignKey(
        "alliance.Commune",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("commune"),
    )
    latitude = models.FloatField(
        _("latitude"),
        null=True,
        blank=True,
        help_text=_("Vide : la mairie de la commune."),
    )
    longitude = models.FloatField(
        _("longitude"),
        null=True,
        blank=True,
        help_text=_("Vide : la mairie de la commune."),
    )
    themes = models.ManyToManyField("alliance.Theme", blank=True, verbose_name=_("thèmes"))
    joined_on = models.DateField(_("adhésion à la charte le"), null=True, blank=True)
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    is_demo = models.BooleanField(_("donnée de démonstration"), default=False, editable=False)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    # Themes are part of the profile: their changes are kept too.
    history = HistoricalRecords(m2m_fields=[themes])
    objects = OrganisationQuerySet.as_manager()

    class Meta:
        # The folded name sorts "Énergie" among the E's.
        ordering = ["name_key", "name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Organisation, self.name)
            if self.slug in RESERVED_SLUGS:  # /acteurs/carte/ is the map
                self.slug = unique_slug(Organisation, f"{self.name} organisation")
        if self.siren == "":
            self.siren = None
        self.name_key = normalise_name(self.name)
        if self.latitude is None and self.longitude is None:
            self.place_at_town_hall()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "name_key"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("actors:detail", args=[self.slug])

    def clean(self):
        validate_siret_of_siren(self.siren, self.siret)
        if self.latitude is not None and not -90 <= self.latitude <= 90:
            raise ValidationError(
                {"latitude": _("La latitude doit être comprise entre -90 et 90.")}
            )
        if self.longitude is not None and not -180 <= self.longitude <= 180:
            raise ValidationError(
                {"longitude": _("La longitude doit être comprise entre -180 et 180.")}
            )
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(_("Indiquez la latitude et la longitude, ou aucune des deux."))

    def unique_error_message(self, model_class, unique_check):
        if tuple(unique_check) == ("siren",):
            other = Organisation.objects.filter(siren=self.siren).exclude(pk=self.pk).first()
            return ValidationError(
                _("Ce SIREN est déjà celui de l'organisation « %(name)s »."),
                code="unique",
                params={"name": other.name if other else self.siren},
            )
        return super().unique_error_message(model_class, unique_check)

    def place_at_town_hall(self) -> None:
        """Without a point of its own, an organisation sits at its commune's town hall."""
        if self.commune_id and self.commune.latitude is not None:
            self.latitude = self.commune.latitude
            self.longitude = self.commune.longitude


class PersonQuerySet(models.QuerySet):
    def for_member(self, user) -> "Person":
        """The person behind a member's login, made from the account when it has none.

        Sign-up gives every member a person; accounts made in the admin, by
        `createsuperuser` or a command do not have one until they log in (see
        actors.apps) or post their first contribution. Never called on GET.
        """
        person, _created = self.get_or_create(
            user=user,
            defaults={
                "first_name": user.first_name[:100],
                "last_name": user.last_name[:100],
                "email": user.email,
            },
        )
        return person


class Person(models.Model):
    first_name = models.CharField(_("prénom"), max_length=100)
    last_name = models.CharField(_("nom"), max_length=100)
    title = models.CharField(_("fonction"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    share_contact = models.BooleanField(
        _("j'accepte que les membres voient mes coordonnées"), default=False
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("compte"),
    )
    organisations = models.ManyToManyField(
        Organisation,
        through="Representation",
        related_name="people",
        blank=True,
        verbose_name=_("organisations"),
    )
    is_demo = models.BooleanField(_("donnée de démonstration"), default=False, editable=False)
    erased_at = models.DateTimeField(_("effacée le"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    history = HistoricalRecords()
    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("personne")
        verbose_name_plural = _("personnes")

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip() or str(_("ancien membre"))

    # What a member fills in to be reachable: (field, the page where it is filled in).
    PROFILE_FIELDS = [
        ("first_name", "profile"),
        ("last_name", "profile"),
        ("title", "actors:contact"),
        ("email", "actors:contact"),
        ("phone", "actors:contact"),
    ]

    def missing_profile_fields(self) -> list[dict]:
        """The profile fields still empty, each with its label and where to fill it in."""
        return [
            {"name": name, "label": self._meta.get_field(name).verbose_name, "url": reverse(url)}
            for name, url in self.PROFILE_FIELDS
            if not getattr(self, name)
        ]


class RepresentationQuerySet(models.QuerySet):
    def current(self):
        """Representations without an end date, or ending today or later."""
        return self.filter(Q(end__isnull=True) | Q(end__gte=timezone.localdate()))

    def mandated(self):
        """Current representations with the mandate to commit the organisation."""
        return self.current().filter(has_mandate=True)


class Representation(models.Model):
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="representations", verbose_name=_("personne")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="representations",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("rôle"), max_length=150, blank=True)
    has_mandate = models.BooleanField(
        _("mandat"), default=False, help_text=_("Peut engager l'organisation")
    )
    start = models.DateField(_("depuis le"), null=True, blank=True)
    end = models.DateField(_("jusqu'au"), null=True, blank=True)

    objects = RepresentationQuerySet.as_manager()

    class Meta:
        verbose_name = _("représentation")
        verbose_name_plural = _("représentations")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "organisation"], name="representation_person_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.organisation}"


class RepresentationRequestQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(state=RepresentationRequest.State.PENDING)


class RepresentationRequest(models.Model):
    """A member asks to be attached to an organisation; a facilitator accepts (a
    representation, without mandate) or declines."""

    class State(models.TextChoices):
        PENDING = "en_attente", _("En attente")
        ACCEPTED = "acceptee", _("Acceptée")
        DECLINED = "refusee", _("Refusée")

    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        related_name="representation_requests",
        verbose_name=_("personne"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="representation_requests",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("rôle"), max_length=150, blank=True)
    state = models.CharField(_("état"), max_length=12, choices=State.choices, default=State.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("traitée par"),
    )
    decided_at = models.DateTimeField(_("traitée le"), null=True, blank=True)
    created_at = models.DateTimeField(_("demandée le"), auto_now_add=True)

    objects = RepresentationRequestQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("demande de rattachement")
        verbose_name_plural = _("demandes de rattachement")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "organisation"],
                condition=Q(state="en_attente"),
                name="representation_request_one_pending",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} → {self.organisation}"
