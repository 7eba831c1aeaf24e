"""Projects with a positive social and environmental impact: who carries them, where,
at which phase, with what impact; the interdependency links between them; and the
needs and offers shared across the collaborative economy."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from alliance.text import unique_slug


class ProjectQuerySet(models.QuerySet):
    def published(self):
        return self.filter(state=Project.State.PUBLISHED)

    def visible_to(self, user):
        """Published projects, plus the drafts a carrier or the facilitator may see."""
        from alliance import access

        if access.is_facilitator(user):
            return self.all()
        if access.is_member(user):
            return self.filter(
                Q(state=Project.State.PUBLISHED)
                | Q(proposed_by=user)
                | Q(
                    participations__organisation__representations__person__user=user,
                    participations__role=Participation.Role.CARRIER,
                )
            ).distinct()
        return self.published()


class Project(models.Model):
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

    title = models.CharField(_("titre"), max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
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
        "actors.Organisation", through="Participation", related_name="projects", blank=True
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
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
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
    indicator_value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
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
    )
    is_demo = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("projet")

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Project, self.title)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("projects:detail", args=[self.slug])


class Participation(models.Model):
    class Role(models.TextChoices):
        CARRIER = "porteur", _("Porteur")
        PARTNER = "partenaire", _("Partenaire")
        FUNDER = "financeur", _("Financeur")
        SUPPORTER = "soutien", _("Soutien")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="participations")
    organisation = models.ForeignKey(
        "actors.Organisation", on_delete=models.CASCADE, related_name="participations"
    )
    role = models.CharField(_("rôle"), max_length=12, choices=Role.choices, default=Role.CARRIER)

    class Meta:
        verbose_name = _("participation")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "organisation", "role"], name="participation_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_role_display()}) — {self.project}"


class Link(models.Model):
    class Kind(models.TextChoices):
        DEPENDS_ON = "depend", _("dépend de")
        FEEDS = "alimente", _("alimente")
        POOLS = "mutualise", _("mutualise avec")
        SYNERGY = "synergie", _("en synergie avec")
        TENSION = "tension", _("en tension avec")

    source = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="links_out")
    target = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="links_in")
    kind = models.CharField(_("nature du lien"), max_length=10, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)
    strength = models.PositiveSmallIntegerField(
        _("intensité"), default=2, choices=[(1, "1"), (2, "2"), (3, "3")]
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lien d'interdépendance")
        verbose_name_plural = _("liens d'interdépendance")
        constraints = [
            models.UniqueConstraint(fields=["source", "target", "kind"], name="link_unique"),
            models.CheckConstraint(condition=~Q(source=models.F("target")), name="link_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.get_kind_display()} {self.target}"


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


class Need(models.Model):
    class Status(models.TextChoices):
        OPEN = "ouvert", _("Ouvert")
        MET = "satisfait", _("Satisfait")

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, null=True, blank=True, related_name="needs"
    )
    organisation = models.ForeignKey(
        "actors.Organisation", on_delete=models.CASCADE, null=True, blank=True, related_name="needs"
    )
    kind = models.CharField(_("nature"), max_length=12, choices=Kinds.choices)
    description = models.TextField(_("description"))
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("besoin")
        constraints = [
            models.CheckConstraint(
                condition=Q(project__isnull=False) | Q(organisation__isnull=False),
                name="need_has_carrier",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.description[:60]}"


class Offer(models.Model):
    organisation = models.ForeignKey(
        "actors.Organisation", on_delete=models.CASCADE, related_name="offers"
    )
    kind = models.CharField(_("nature"), max_length=12, choices=Kinds.choices)
    description = models.TextField(_("description"))
    themes = models.ManyToManyField("alliance.Theme", blank=True, verbose_name=_("thèmes"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("offre")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.organisation}"
