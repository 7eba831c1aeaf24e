"""The actor register: organisations (companies, local authorities, universities,
associations, business clubs) that carry the movement, the people who represent them,
and the representations that tie one to the other, with or without a mandate."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from alliance.text import unique_slug


class OrganisationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Organisation.Status.ACTIVE)


class Organisation(models.Model):
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
    slug = models.SlugField(max_length=220, unique=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    size = models.CharField(_("taille"), max_length=5, choices=Size.choices, blank=True)
    siren = models.CharField(_("SIREN"), max_length=9, blank=True, null=True, unique=True)
    siret = models.CharField(_("SIRET"), max_length=14, blank=True)
    website = models.URLField(_("site web"), blank=True)
    description = models.TextField(_("description"), blank=True)
    logo = models.ImageField(_("logo"), upload_to="logos/", blank=True)
    address = models.CharField(_("adresse"), max_length=255, blank=True)
    commune = models.ForeignKey(
        "alliance.Commune",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("commune"),
    )
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    themes = models.ManyToManyField("alliance.Theme", blank=True, verbose_name=_("thèmes"))
    joined_on = models.DateField(_("adhésion à la charte le"), null=True, blank=True)
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    is_demo = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Organisation, self.name)
        if self.siren == "":
            self.siren = None
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("actors:detail", args=[self.slug])


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
    )
    organisations = models.ManyToManyField(
        Organisation, through="Representation", related_name="people", blank=True
    )
    is_demo = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("personne")

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip() or _("ancien membre")


class Representation(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="representations")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="representations"
    )
    role = models.CharField(_("rôle"), max_length=150, blank=True)
    has_mandate = models.BooleanField(
        _("mandat"), default=False, help_text=_("Peut engager l'organisation")
    )
    start = models.DateField(_("depuis le"), null=True, blank=True)
    end = models.DateField(_("jusqu'au"), null=True, blank=True)

    class Meta:
        verbose_name = _("représentation")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "organisation"], name="representation_person_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.organisation}"
