"""Projects with a positive social and environmental impact: who carries them, where,
at which phase, with what impact; the interdependency links between them; and the
needs and offers shared across the collaborative economy."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from actors.models import Representation
from alliance.access import is_facilitator, is_member
from alliance.models import ChoiceLabelsMixin, Commune
from alliance.text import unique_slug
from projects.indexes import PUBLISHED_FIGURES
from projects.places import MapQuerySet

# Paths under /projets/ that a project slug must never shadow.
RESERVED_SLUGS = {"carte", "proposer", "moderation", "interdependances"}
# The colour of a project whose theme has none, on the map and the graph (the site's
# muted ink, --muted in static/css/site.css).
DEFAULT_COLOR = "#4a5a55"


class ProjectQuerySet(MapQuerySet):
    def published(self):
        return self.filter(state=Project.State.PUBLISHED)

    def visible_to(self, user):
        """Published projects, plus those the facilitator, their proposer or a carrier may see.
        The one visibility rule: `projects.access` asks this QuerySet too."""
        if is_facilitator(user):
            return self.all()
        if is_member(user):
            # A subquery rather than a join: no duplicates, so no DISTINCT to paginate.
            carried = Participation.objects.carrier_for(user).values("project_id")
            return self.filter(
                Q(state=Project.State.PUBLISHED) | Q(proposed_by=user) | Q(pk__in=carried)
            )
        return self.published()

    def in_moderation(self):
        return self.filter(state__in=Project.IN_MODERATION)

    def in_theme(self, theme):
        # `pk IN (subquery)` rather than a join: rows never repeat, so no DISTINCT.
        through = Project.themes.through.objects.filter(theme=theme)
        return self.filter(pk__in=through.values("project_id"))

    def for_cards(self):
        """What a project card shows, fetched in a fixed number of queries."""
        # A card names its communes and carriers: only their names are read.
        communes = Commune.objects.only("name", "slug")
        carriers = (
            Participation.objects.filter(role=Participation.Role.CARRIER)
            .select_related("organisation")
            .only("project", "role", "organisation__name", "organisation__slug")
            .order_by("organisation__name")
        )
        carried = models.Prefetch("participations", carriers, to_attr="carrier_participations")
        return self.prefetch_related("themes", models.Prefetch("communes", communes), carried)


class Project(ChoiceLabelsMixin, models.Model):
    class Phase(models.TextChoices):
        IDEA = "idee", _("Idée")
        STUDY = "etude", _("Étude")
        OPERATION = "operation", _("Opération")

    class PhaseStatus(models.TextChoices):
        ONGOING = "en_cours", _("En cours")
        LATE = "en_retard", _("En retard")
        PAUSED = "en_pause", _("En pause")
        BLOCKED = "bloque", _("Bloqué")
        ABANDONED = "abandonne", _("Abandonné")
        DONE = "termine", _("Terminé")

    class State(models.TextChoices):
        DRAFT = "brouillon", _("Brouillon")
        SUBMITTED = "soumis", _("Soumis")
        PUBLISHED = "publie", _("Publié")
        ARCHIVED = "archive", _("Archivé")

    # Sent to the facilitator, or sent back to the proposer: the moderation queue, and
    # the states in which the proposer may still change their project.
    IN_MODERATION = (State.SUBMITTED, State.DRAFT)

    title = models.CharField(_("titre"), max_length=200)
    slug = models.SlugField(_("identifiant d'URL"), max_length=220, unique=True)
    summary = models.CharField(_("résumé"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    phase = models.CharField(_("phase"), max_length=10, choices=Phase.choices, default=Phase.IDEA)
    phase_status = models.CharField(
        _("statut de la phase"),
        max_length=10,
        choices=PhaseStatus.choices,
        default=PhaseStatus.ONGOING,
    )
    themes = models.ManyToManyField("alliance.Theme", blank=True, verbose_name=_("thèmes"))
    stakes = models.ManyToManyField("alliance.Stake", blank=True, verbose_name=_("enjeux"))
    organisations = models.ManyToManyField(
        "actors.Organisation",
        through="Participation",
        related_name="projects",
        blank=True,
        verbose_name=_("organisations"),
    )
    referent = models.ForeignKey(
        "actors.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referent_of",
        verbose_name=_("référent"),
    )
    communes = models.ManyToManyField(
        "alliance.Commune", blank=True, related_name="projects", verbose_name=_("communes")
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    # The map's point for a project without its own (projects/places.py), stored on the row.
    town_hall_latitude = models.FloatField(
        _("latitude de la mairie de la commune"), null=True, blank=True, editable=False
    )
    town_hall_longitude = models.FloatField(
        _("longitude de la mairie de la commune"), null=True, blank=True, editable=False
    )
    start_date = models.DateField(_("début"), null=True, blank=True)
    end_date = models.DateField(_("fin"), null=True, blank=True)
    budget = models.DecimalField(
        _("budget (€)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    co2_avoided = models.DecimalField(
        _("CO₂ évité (t/an)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    jobs = models.PositiveIntegerField(_("emplois créés ou maintenus"), null=True, blank=True)
    people_reached = models.PositiveIntegerField(_("personnes touchées"), null=True, blank=True)
    indicator_label = models.CharField(_("autre indicateur"), max_length=150, blank=True)
    indicator_value = models.DecimalField(
        _("valeur de l'indicateur"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
    )
    indicator_unit = models.CharField(_("unité"), max_length=40, blank=True)
    circle = models.ForeignKey(
        "circles.Circle",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("cercle"),
    )
    idea = models.ForeignKey(
        "ideas.Idea",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("idée d'origine"),
    )
    state = models.CharField(
        _("publication"), max_length=10, choices=State.choices, default=State.DRAFT
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposed_projects",
        verbose_name=_("proposé par"),
    )
    moderation_comment = models.TextField(_("commentaire de modération"), blank=True)
    submitted_at = models.DateTimeField(_("soumis le"), null=True, blank=True)
    published_at = models.DateTimeField(_("publié le"), null=True, blank=True)
    is_demo = models.BooleanField(_("donnée de démonstration"), default=False, editable=False)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    # Its group on the interdependency graph (projects/communities.py), stored by a job.
    graph_community = models.PositiveIntegerField(
        _("groupe sur le graphe"), null=True, blank=True, editable=False
    )

    history = HistoricalRecords(
        excluded_fields=[
            "updated_at",
            "town_hall_latitude",
            "town_hall_longitude",
            "graph_community",
        ]
    )
    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("projet")
        verbose_name_plural = _("projets")
        indexes = [models.Index(fields=["state", "title"]), PUBLISHED_FIGURES]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Project, self.title)
            if self.slug in RESERVED_SLUGS:
                self.slug = unique_slug(Project, f"{self.title} projet")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("projects:detail", args=[self.slug])

    def clean(self):
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("La date de fin doit être postérieure à la date de début.")
        if self.budget is not None and self.budget < 0:
            errors["budget"] = _("Le budget ne peut pas être négatif.")
        if self.co2_avoided is not None and self.co2_avoided < 0:
            errors["co2_avoided"] = _("Le CO₂ évité ne peut pas être négatif.")
        if (self.latitude is None) != (self.longitude is None):
            errors["longitude"] = _("Indiquez la latitude et la longitude, ou aucune des deux.")
        if self.latitude is not None and not -90 <= self.latitude <= 90:
            errors["latitude"] = _("La latitude doit être comprise entre -90 et 90.")
        if self.longitude is not None and not -180 <= self.longitude <= 180:
            errors["longitude"] = _("La longitude doit être comprise entre -180 et 180.")
        if self.indicator_value is not None and not self.indicator_label:
            errors["indicator_label"] = _("Nommez l'indicateur dont vous donnez la valeur.")
        if errors:
            raise ValidationError(errors)

    @property
    def map_point(self) -> tuple[float, float] | None:
        """(latitude, longitude) on the map: its own point, or else its commune's town hall."""
        if self.latitude is not None and self.longitude is not None:
            return self.latitude, self.longitude
        if self.town_hall_latitude is not None and self.town_hall_longitude is not None:
            return self.town_hall_latitude, self.town_hall_longitude
        return None

    def place_at_town_hall(self) -> None:
        """Stores the town hall of its first commune (by name) as its fallback point, here
        and in the row, without a history record (it follows the communes, already recorded)."""
        communes = self.communes.filter(latitude__isnull=False, longitude__isnull=False)
        first = communes.order_by("name").values_list("latitude", "longitude").first()
        self.town_hall_latitude, self.town_hall_longitude = first or (None, None)
        Project.objects.filter(pk=self.pk).update(
            town_hall_latitude=self.town_hall_latitude,
            town_hall_longitude=self.town_hall_longitude,
        )

    @property
    def is_published(self) -> bool:
        return self.state == self.State.PUBLISHED

    def submit(self) -> None:
        self.state = self.State.SUBMITTED
        self.submitted_at = timezone.now()
        self.save(update_fields=["state", "submitted_at", "updated_at"])

    def publish(self) -> None:
        self.state = self.State.PUBLISHED
        self.published_at = timezone.now()
        self.moderation_comment = ""
        self.save(update_fields=["state", "published_at", "moderation_comment", "updated_at"])

    def send_back(self, comment: str) -> None:
        """Back to the proposer as a draft, with what to change."""
        self.state = self.State.DRAFT
        self.moderation_comment = comment
        self.save(update_fields=["state", "moderation_comment", "updated_at"])

    def archive(self) -> None:
        self.state = self.State.ARCHIVED
        self.save(update_fields=["state", "updated_at"])


class ParticipationQuerySet(models.QuerySet):
    def carrier_for(self, user):
        """Carrier participations of the organisations `user` currently represents."""
        represented = Representation.objects.current().filter(person__user=user)
        return self.filter(
            role=Participation.Role.CARRIER,
            organisation__in=represented.values("organisation_id"),
        )


class Participation(ChoiceLabelsMixin, models.Model):
    class Role(models.TextChoices):
        CARRIER = "porteur", _("Porteur")
        PARTNER = "partenaire", _("Partenaire")
        FUNDER = "financeur", _("Financeur")
        SUPPORTER = "soutien", _("Soutien")

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="participations", verbose_name=_("projet")
    )
    organisation = models.ForeignKey(
        "actors.Organisation",
        on_delete=models.CASCADE,
        related_name="participations",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("rôle"), max_length=12, choices=Role.choices, default=Role.CARRIER)

    objects = ParticipationQuerySet.as_manager()

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "organisation", "role"], name="participation_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_role_display()}) — {self.project}"


class LinkQuerySet(models.QuerySet):
    def published(self):
        """Links between two published projects."""
        return self.filter(
            source__state=Project.State.PUBLISHED, target__state=Project.State.PUBLISHED
        )


class Link(models.Model):
    class Kind(models.TextChoices):
        DEPENDS_ON = "depend", _("dépend de")
        FEEDS = "alimente", _("alimente")
        POOLS = "mutualise", _("mutualise avec")
        SYNERGY = "synergie", _("en synergie avec")
        TENSION = "tension", _("en tension avec")

    source = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="links_out", verbose_name=_("projet source")
    )
    target = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="links_in", verbose_name=_("projet cible")
    )
    kind = models.CharField(_("nature du lien"), max_length=10, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)
    strength = models.PositiveSmallIntegerField(
        _("intensité"), default=2, choices=[(1, "1"), (2, "2"), (3, "3")]
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = LinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("lien d'interdépendance")
        verbose_name_plural = _("liens d'interdépendance")
        constraints = [
            models.UniqueConstraint(fields=["source", "target", "kind"], name="link_unique"),
            models.CheckConstraint(condition=~Q(source=models.F("target")), name="link_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.get_kind_display()} {self.target}"

    @property
    def verb(self) -> str:
        """The kind as a verb that reads from source to target ("Ce projet alimente …")."""
        return LINK_VERBS[self.kind]

    @property
    def strength_label(self) -> str:
        return LINK_STRENGTHS[self.strength]

    def clean(self):
        if self.source_id and self.source_id == self.target_id:
            raise ValidationError({"target": _("Un projet ne peut pas être lié à lui-même.")})
        duplicate = Link.objects.filter(
            source_id=self.source_id, target_id=self.target_id, kind=self.kind
        ).exclude(pk=self.pk)
        if self.source_id and self.target_id and duplicate.exists():
            raise ValidationError({"target": _("Ce lien existe déjà.")})


LINK_VERBS = {
    Link.Kind.DEPENDS_ON: _("dépend de"),
    Link.Kind.FEEDS: _("alimente"),
    Link.Kind.POOLS: _("met des ressources en commun avec"),
    Link.Kind.SYNERGY: _("agit en synergie avec"),
    Link.Kind.TENSION: _("est en tension avec"),
}
LINK_STRENGTHS = {1: _("lien faible"), 2: _("lien moyen"), 3: _("lien fort")}


class Kinds(models.TextChoices):
    """What a need asks for and an offer gives."""

    FUNDING = "financement", _("Financement")
    SKILLS = "competences", _("Compétences")
    LAND = "foncier", _("Foncier")
    PREMISES = "locaux", _("Locaux")
    EQUIPMENT = "equipement", _("Équipement")
    PARTNERS = "partenaires", _("Partenaires")
    DATA = "donnees", _("Données")
    VOLUNTEERS = "benevolat", _("Bénévolat")


class NeedQuerySet(models.QuerySet):
    def public(self):
        """Needs of published projects, or of organisations."""
        return self.filter(Q(project__state=Project.State.PUBLISHED) | Q(project__isnull=True))

    def open(self):
        return self.filter(status=Need.Status.OPEN)


class Need(ChoiceLabelsMixin, models.Model):
    class Status(models.TextChoices):
        OPEN = "ouvert", _("Ouvert")
        MET = "satisfait", _("Satisfait")

    project = models.ForeignKey(
        Project,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="needs",
        verbose_name=_("projet"),
    )
    organisation = models.ForeignKey(
        "actors.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="needs",
        verbose_name=_("organisation"),
    )
    kind = models.CharField(_("nature"), max_length=12, choices=Kinds.choices)
    description = models.TextField(_("description"))
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = NeedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("besoin")
        verbose_name_plural = _("besoins")
        constraints = [
            models.CheckConstraint(
                condition=Q(project__isnull=False) | Q(organisation__isnull=False),
                name="need_has_carrier",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.description[:60]}"

    def clean(self):
        # A need of the project form is checked before its (new) project is saved.
        has_project = self.project_id is not None or Need.project.is_cached(self)
        if not has_project and self.organisation_id is None:
            raise ValidationError(_("Un besoin est porté par un projet ou une organisation."))

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class Offer(models.Model):
    organisation = models.ForeignKey(
        "actors.Organisation",
        on_delete=models.CASCADE,
        related_name="offers",
        verbose_name=_("organisation"),
    )
    kind = models.CharField(_("nature"), max_length=12, choices=Kinds.choices)
    description = models.TextField(_("description"))
    themes = models.ManyToManyField("alliance.Theme", blank=True, verbose_name=_("thèmes"))
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("offre")
        verbose_name_plural = _("offres")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.organisation}"


from projects.stored import GraphSummary  # noqa: E402, F401  (registered with the app)
