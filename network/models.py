"""How the platform stays in relation: what each member follows (themes, communes,
circles, projects, idea spaces) and how they hear about it (notification page, weekly
digest). Search and the open API read the other apps' models and own no table."""

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# kind -> (field on Follow, "app.Model"). The one place that lists what can be followed.
FOLLOWABLE = {
    "theme": "alliance.Theme",
    "commune": "alliance.Commune",
    "circle": "circles.Circle",
    "project": "projects.Project",
    "space": "ideas.IdeaSpace",
}


def kind_of(obj) -> str | None:
    label = obj._meta.label
    return next((kind for kind, model in FOLLOWABLE.items() if model == label), None)


class FollowQuerySet(models.QuerySet):
    def of(self, user):
        return self.filter(user=user)

    def targets(self, user) -> dict[str, set[int]]:
        """{"theme": {ids}, "commune": {...}, ...} for one member, in one query."""
        found = {kind: set() for kind in FOLLOWABLE}
        rows = self.filter(user=user).values_list(*(f"{kind}_id" for kind in FOLLOWABLE))
        for row in rows:
            for kind, value in zip(FOLLOWABLE, row, strict=True):
                if value is not None:
                    found[kind].add(value)
        return found


class Follow(models.Model):
    """A member follows exactly one thing: one nullable foreign key per kind."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="follows",
        verbose_name=_("utilisateur"),
    )
    theme = models.ForeignKey(
        "alliance.Theme",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("thème"),
    )
    commune = models.ForeignKey(
        "alliance.Commune",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("commune"),
    )
    circle = models.ForeignKey(
        "circles.Circle",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cercle"),
    )
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("projet"),
    )
    space = models.ForeignKey(
        "ideas.IdeaSpace",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("espace d'idées"),
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    objects = FollowQuerySet.as_manager()

    class Meta:
        verbose_name = _("abonnement")
        verbose_name_plural = _("abonnements")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(theme__isnull=False, commune=None, circle=None, project=None, space=None)
                    | Q(theme=None, commune__isnull=False, circle=None, project=None, space=None)
                    | Q(theme=None, commune=None, circle__isnull=False, project=None, space=None)
                    | Q(theme=None, commune=None, circle=None, project__isnull=False, space=None)
                    | Q(theme=None, commune=None, circle=None, project=None, space__isnull=False)
                ),
                name="follow_exactly_one_target",
            ),
            *(
                models.UniqueConstraint(
                    fields=["user", kind],
                    condition=Q(**{f"{kind}__isnull": False}),
                    name=f"follow_unique_{kind}",
                )
                for kind in FOLLOWABLE
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.target}"

    @property
    def kind(self) -> str:
        return next(kind for kind in FOLLOWABLE if getattr(self, f"{kind}_id") is not None)

    @property
    def target(self):
        return getattr(self, self.kind)


class Subscriber(models.Model):
    """A member's reading state: digest wanted or not, when they last looked."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="subscriber",
        verbose_name=_("utilisateur"),
    )
    weekly_digest = models.BooleanField(_("recevoir le résumé hebdomadaire"), default=True)
    notifications_seen_at = models.DateTimeField(_("notifications vues le"), null=True, blank=True)
    digest_sent_at = models.DateTimeField(_("dernier résumé envoyé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("abonné")
        verbose_name_plural = _("abonnés")

    def __str__(self) -> str:
        return str(self.user)

    @classmethod
    def of(cls, user) -> "Subscriber":
        subscriber, _created = cls.objects.get_or_create(user=user)
        return subscriber

    @classmethod
    def read(cls, user) -> "Subscriber":
        """The member's reading state for a GET: the saved row, or the defaults unsaved
        (the row is created by the first POST, through `of`)."""
        return cls.objects.filter(user=user).first() or cls(user=user)

    def mark_seen(self, when=None) -> None:
        self.notifications_seen_at = when or timezone.now()
        self.save(update_fields=["notifications_seen_at"])

    def unsubscribe(self) -> None:
        if self.weekly_digest:
            self.weekly_digest = False
            self.save(update_fields=["weekly_digest"])


SEARCH_KINDS = ("organisations", "projects", "ideas", "circles", "meetings", "milestones")


class SearchEntry(models.Model):
    """PostgreSQL only: each searchable row's weighted, unaccented French tsvector, stored
    and GIN-indexed so a search over tens of thousands of rows stays fast. Kept up to date
    by signals (network.search.index); `manage.py rebuild_search_index` rebuilds it all."""

    kind = models.CharField(_("type"), max_length=20)
    object_id = models.BigIntegerField(_("identifiant de l'objet"))
    vector = SearchVectorField(null=True, verbose_name=_("vecteur de recherche"))

    class Meta:
        verbose_name = _("entrée de l'index de recherche")
        verbose_name_plural = _("entrées de l'index de recherche")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_unique")
        ]
        # One GIN index per kind (network.search.kinds.KINDS, a test keeps them in step):
        # a word of middling frequency is looked up among one kind's entries, not in a
        # bitmap of every kind's matches intersected with the kind's.
        indexes = [
            GinIndex(fields=["vector"], condition=Q(kind=kind), name=f"search_entry_{kind}")
            for kind in SEARCH_KINDS
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.object_id}"


class SearchWord(models.Model):
    """The vocabulary of the index: every folded word of the searched titles and names and
    of the themes, stakes and communes. "Vouliez-vous dire …" picks its nearest word to a
    typo (pg_trgm's similarity on PostgreSQL, difflib elsewhere: network.search.vocabulary)."""

    word = models.CharField(_("mot"), max_length=60, unique=True)
    # As written, lower-cased ("mobilité"): what "Vouliez-vous dire …" shows.
    display = models.CharField(_("forme affichée"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("mot de l'index de recherche")
        verbose_name_plural = _("mots de l'index de recherche")

    def __str__(self) -> str:
        return self.word
