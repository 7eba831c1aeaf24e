"""The filters shared by the list, the map, the map data and the open-data exports; those
of the graph and of the needs board."""

import django_filters
from django import forms
from django.core.cache import cache
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from actors.models import Organisation
from alliance.choices import ListedChoiceFilter, QuickSelect
from alliance.models import Commune, Stake, Theme
from circles.models import Circle
from projects import cache as projects_cache
from projects.graph import Graph, build_graph, cytoscape
from projects.matching import matches_for, offer_profile
from projects.models import GraphSummary, Kinds, Link, Need, Offer, Participation, Project

SORTS = [
    ("nom", _("Nom")),
    ("recent", _("Les plus récents")),
    ("maj", _("Mis à jour récemment")),
    ("liens", _("Les plus reliés")),
]


def known(params, names) -> QueryDict:
    """The query parameters among `names` (the ones a filter reads), without the others: a
    link carrying utm_source or fbclid shows the same page, so the cached fragments and
    data of that page, named after its parameters, serve it too."""
    kept = QueryDict(mutable=True)
    for key, values in params.lists():
        if key in names:
            kept.setlist(key, values)
    return kept


def _link_count(field: str):
    links = Link.objects.filter(**{field: OuterRef("pk")}).order_by()
    counted = links.values(field).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def sort_projects(queryset, value: str):
    """The catalogue's order: by title unless `?tri=` asks otherwise; "liens" counts each
    project's interdependency links (both directions) in the same query."""
    if value == "recent":
        return queryset.order_by("-created_at", "title")
    if value == "maj":
        return queryset.order_by("-updated_at", "title")
    if value == "liens":
        queryset = queryset.annotate(link_count=_link_count("source") + _link_count("target"))
        return queryset.order_by("-link_count", "title")
    return queryset.order_by("title")


class ProjectFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Texte"), method="search", max_length=200)
    theme = ListedChoiceFilter(
        label=_("Thème"),
        field_name="themes",
        to_field_name="slug",
        queryset=Theme.objects.all(),
        empty_label=_("Tous les thèmes"),
        method="by_theme",
    )
    stake = ListedChoiceFilter(
        label=_("Enjeu"),
        field_name="stakes",
        to_field_name="slug",
        queryset=Stake.objects.all(),
        empty_label=_("Tous les enjeux"),
        method="by_stake",
    )
    phase = django_filters.ChoiceFilter(
        widget=QuickSelect,
        label=_("Phase"),
        choices=Project.Phase.choices,
        empty_label=_("Toutes les phases"),
    )
    status = django_filters.ChoiceFilter(
        widget=QuickSelect,
        label=_("Statut"),
        field_name="phase_status",
        choices=Project.PhaseStatus.choices,
        empty_label=_("Tous les statuts"),
    )
    commune = ListedChoiceFilter(
        label=_("Commune"),
        field_name="communes",
        to_field_name="slug",
        # The outline (GeoJSON, the largest column) is not needed for a choice.
        queryset=Commune.objects.defer("outline"),
        empty_label=_("Toutes les communes"),
        method="by_commune",
    )
    # Two thousand organisations: a text field with suggestions (static/js/autocomplete.js,
    # fed by actors:organisations_json), never a <select> of every one. Slug or exact name.
    organisation = django_filters.CharFilter(
        label=_("Organisation"),
        method="by_organisation",
        max_length=220,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "autocomplete": "off",
                "data-autocomplete": "/acteurs/organisations.json",
                "placeholder": _("Toutes les organisations"),
            }
        ),
    )
    circle = ListedChoiceFilter(
        label=_("Cercle"),
        to_field_name="slug",
        queryset=Circle.objects.all(),
        empty_label=_("Tous les cercles"),
    )

    tri = django_filters.ChoiceFilter(
        widget=QuickSelect,
        label=_("Trier par"),
        choices=SORTS,
        empty_label=None,
        method="sort",
    )

    class Meta:
        model = Project
        fields = ["q", "theme", "stake", "phase", "status", "commune", "organisation", "circle"]

    def sort(self, queryset, name, value):
        return sort_projects(queryset, value)

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(title__icontains=value)
            | Q(summary__icontains=value)
            | Q(description__icontains=value)
        )

    # Multi-valued relations are filtered through `pk IN (subquery)`: rows never repeat,
    # so no DISTINCT is needed and the pagination count stays cheap.
    def by_organisation(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        organisations = Organisation.objects.filter(Q(slug=value) | Q(name__iexact=value))
        participations = Participation.objects.filter(organisation__in=organisations)
        return queryset.filter(pk__in=participations.values("project_id"))

    def by_theme(self, queryset, name, value):
        return queryset.in_theme(value)

    def by_stake(self, queryset, name, value):
        through = Project.stakes.through.objects.filter(stake=value)
        return queryset.filter(pk__in=through.values("project_id"))

    def by_commune(self, queryset, name, value):
        through = Project.communes.through.objects.filter(commune=value)
        return queryset.filter(pk__in=through.values("project_id"))


class GraphFilterForm(forms.Form):
    theme = forms.ModelChoiceField(
        label=_("Thème"),
        queryset=Theme.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("Tous les thèmes"),
    )
    kind = forms.ChoiceField(
        label=_("Nature du lien"),
        choices=[("", _("Toutes les natures"))] + list(Link.Kind.choices),
        required=False,
    )
    projet = forms.ModelChoiceField(
        label=_("Autour du projet"),
        queryset=Project.objects.published(),
        to_field_name="slug",
        required=False,
        widget=forms.HiddenInput,
    )

    def _chosen(self) -> dict:
        """The filters as build_graph's arguments; invalid filters select the whole graph."""
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "theme": data.get("theme"),
            "kind": data.get("kind") or "",
            "project": data.get("projet"),
        }

    def graph(self, *, detail: bool = False) -> Graph:
        """The graph these filters select."""
        return build_graph(**self._chosen(), detail=detail)

    def cytoscape(self) -> dict:
        """The page script's data of the graph these filters select (graph.cytoscape)."""
        return cytoscape(**self._chosen())

    def with_default_theme(self) -> "GraphFilterForm":
        """These filters, or, when they choose neither a theme nor a project (and `tout` is
        not asked), the first theme that has published projects: the page never draws
        everything by default."""
        if self.data.get("theme") or self.data.get("projet") or self.data.get("tout"):
            return self
        key = f"graph-default-theme:{projects_cache.version()}"
        slug = cache.get(key)
        stored = GraphSummary.current_default() if slug is None else None
        if stored and "theme" in stored:  # its job chose it from the current data
            slug = stored["theme"]
            cache.set(key, slug, projects_cache.FRAGMENT_SECONDS)
        if slug is None:
            # A semi-join (EXISTS): a third cheaper than IN (every published project's themes)
            published = Project.themes.through.objects.filter(
                theme=OuterRef("pk"), project__state=Project.State.PUBLISHED
            )
            theme = Theme.objects.filter(Exists(published)).order_by("order", "name").first()
            slug = theme.slug if theme else ""
            cache.set(key, slug, projects_cache.FRAGMENT_SECONDS)
        if not slug:
            return self
        return GraphFilterForm({**self.data.dict(), "theme": slug})


# The parameters the graph page and its data read: the form's fields, and `tout` (the whole
# graph rather than the default theme, see with_default_theme).
GRAPH_PARAMS = (*GraphFilterForm.base_fields, "tout")


class NeedFilterForm(forms.Form):
    kind = forms.ChoiceField(choices=Kinds.choices, required=False)

    @property
    def chosen_kind(self) -> str:
        """The kind asked for; an unknown kind asks for none in particular."""
        return self.cleaned_data["kind"] if self.is_valid() else ""

    def board(self) -> list[dict]:
        """Open public needs, each beside the offers that meet it (projects.matching), in a
        fixed number of queries."""
        needs = Need.objects.open().public().select_related("project", "organisation__commune")
        needs = needs.prefetch_related("project__themes", "project__communes")
        offers = Offer.objects.select_related("organisation__commune").prefetch_related("themes")
        if kind := self.chosen_kind:
            needs, offers = needs.filter(kind=kind), offers.filter(kind=kind)
        offers = list(offers)
        for offer in offers:
            offer.profile = offer_profile(offer)
        return [{"need": need, "matches": matches_for(need, offers)} for need in needs]
