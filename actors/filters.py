import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from actors.models import Organisation
from alliance.choices import ListedChoiceFilter, QuickSelect
from alliance.models import Commune, Theme

SORTS = [
    ("nom", _("Nom")),
    ("recent", _("Les plus récentes")),
    ("maj", _("Mises à jour récemment")),
]


class OrganisationFilter(django_filters.FilterSet):
    """The directory's filters; the map, the CSV and the GeoJSON share them."""

    q = django_filters.CharFilter(
        label=_("Rechercher"),
        method="search",
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    kind = django_filters.ChoiceFilter(
        widget=QuickSelect,
        label=_("Type"),
        choices=Organisation.Kind.choices,
        empty_label=_("Tous les types"),
    )
    size = django_filters.ChoiceFilter(
        widget=QuickSelect,
        label=_("Taille"),
        choices=Organisation.Size.choices,
        empty_label=_("Toutes les tailles"),
    )
    theme = ListedChoiceFilter(
        label=_("Thème"),
        field_name="themes",
        queryset=Theme.objects.all(),
        to_field_name="slug",
        empty_label=_("Tous les thèmes"),
    )
    commune = ListedChoiceFilter(
        label=_("Commune"),
        queryset=Commune.objects.defer("outline").order_by("name"),
        to_field_name="slug",
        empty_label=_("Toutes les communes"),
    )

    tri = django_filters.ChoiceFilter(
        widget=QuickSelect, label=_("Trier par"), choices=SORTS, empty_label=None, method="sort"
    )

    class Meta:
        model = Organisation
        fields = ["q", "kind", "size", "theme", "commune"]

    def sort(self, queryset, name, value):
        """By name (the default order) unless `?tri=` asks for the newest or the latest
        updated."""
        if value == "recent":
            return queryset.order_by("-created_at", "name_key")
        if value == "maj":
            return queryset.order_by("-updated_at", "name_key")
        return queryset

    def search(self, queryset, name, value):
        return queryset.search(value)
