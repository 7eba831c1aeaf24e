"""The filters shared by the list, the map, the map data and the open-data exports; those
of the graph and of the needs board."""

from collections import defaultdict

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from actors.models import Organisation
from alliance.models import Commune, Stake, Theme
from circles.models import Circle
from projects.graph import Graph, build_graph
from projects.models import Kinds, Link, Need, Offer, Project


class ProjectFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Texte"), method="search", max_length=200)
    theme = django_filters.ModelChoiceFilter(
        label=_("Thème"),
        field_name="themes",
        to_field_name="slug",
        queryset=Theme.objects.all(),
        empty_label=_("Tous les thèmes"),
        method="by_theme",
    )
    stake = django_filters.ModelChoiceFilter(
        label=_("Enjeu"),
        field_name="stakes",
        to_field_name="slug",
        queryset=Stake.objects.all(),
        empty_label=_("Tous les enjeux"),
        method="by_stake",
    )
    phase = django_filters.ChoiceFilter(
        label=_("Phase"), choices=Project.Phase.choices, empty_label=_("Toutes les phases")
    )
    status = django_filters.ChoiceFilter(
        label=_("Statut"),
        field_name="phase_status",
        choices=Project.PhaseStatus.choices,
        empty_label=_("Tous les statuts"),
    )
    commune = django_filters.ModelChoiceFilter(
        label=_("Commune"),
        field_name="communes",
        to_field_name="slug",
        queryset=Commune.objects.all(),
        empty_label=_("Toutes les communes"),
        method="by_commune",
    )
    organisation = django_filters.ModelChoiceFilter(
        label=_("Organisation"),
        field_name="organisations",
        to_field_name="slug",
        queryset=Organisation.objects.all(),
        empty_label=_("Toutes les organisations"),
        method="by_organisation",
    )
    circle = django_filters.ModelChoiceFilter(
        label=_("Cercle"),
        to_field_name="slug",
        queryset=Circle.objects.all(),
        empty_label=_("Tous les cercles"),
    )

    class Meta:
        model = Project
        fields = ["q", "theme", "stake", "phase", "status", "commune", "organisation", "circle"]

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
        return queryset.filter(pk__in=value.participations.values("project_id"))

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

    def graph(self) -> Graph:
        """The graph these filters select; invalid filters select the whole graph."""
        data = self.cleaned_data if self.is_valid() else {}
        return build_graph(
            theme=data.get("theme"), kind=data.get("kind") or "", project=data.get("projet")
        )

    def with_default_theme(self) -> "GraphFilterForm":
        """These filters, or, when they choose neither a theme nor a project (and `tout` is
        not asked), the first theme that has published projects: the page never draws
        everything by default."""
        if self.data.get("theme") or self.data.get("projet") or self.data.get("tout"):
            return self
        used = Project.objects.published().values("themes")
        theme = Theme.objects.filter(pk__in=used).order_by("order", "name").first()
        if theme is None:
            return self
        return GraphFilterForm({**self.data.dict(), "theme": theme.slug})


class NeedFilterForm(forms.Form):
    kind = forms.ChoiceField(choices=Kinds.choices, required=False)

    @property
    def chosen_kind(self) -> str:
        """The kind asked for; an unknown kind asks for none in particular."""
        return self.cleaned_data["kind"] if self.is_valid() else ""

    def board(self) -> list[dict]:
        """Open public needs, each beside the offers of its kind (those sharing a theme with
        its project first), in a fixed number of queries."""
        needs = Need.objects.open().public().select_related("project", "organisation")
        needs = needs.prefetch_related("project__themes")
        offers = Offer.objects.select_related("organisation").prefetch_related("themes")
        if kind := self.chosen_kind:
            needs, offers = needs.filter(kind=kind), offers.filter(kind=kind)
        return _with_offers(needs, offers)


def _with_offers(needs, offers) -> list[dict]:
    by_kind = defaultdict(list)
    for offer in offers:
        offer.theme_ids = {t.pk for t in offer.themes.all()}
        by_kind[offer.kind].append(offer)
    rows = []
    for need in needs:
        theme_ids = {t.pk for t in need.project.themes.all()} if need.project else set()
        matches = sorted(
            by_kind[need.kind], key=lambda o: (-len(o.theme_ids & theme_ids), o.organisation.name)
        )
        rows.append({"need": need, "offers": [(o, bool(o.theme_ids & theme_ids)) for o in matches]})
    return rows
