"""The agenda's filters, read from the address bar: the month shown, a circle, a theme."""

from datetime import date

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alliance.models import Theme
from circles.models import Circle, Meeting


def month_from(value: str | None) -> date:
    today = timezone.localdate()
    try:
        year, month = (int(x) for x in (value or "").split("-")[:2])
        return date(year, month, 1)
    except (ValueError, TypeError):
        return today.replace(day=1)


class AgendaFilter(django_filters.FilterSet):
    circle = django_filters.ModelChoiceFilter(
        queryset=Circle.objects.all(), label=_("Cercle"), empty_label=_("Tous les cercles")
    )
    theme = django_filters.ModelChoiceFilter(
        queryset=Theme.objects.all(),
        label=_("Thème"),
        empty_label=_("Tous les thèmes"),
        method="filter_theme",
    )

    class Meta:
        model = Meeting
        fields = ["circle", "theme"]

    def filter_theme(self, queryset, name, value):
        return queryset.in_theme(value) if value else queryset
