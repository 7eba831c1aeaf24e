"""Filters of the open API: the same criteria as the site's lists, by slug."""

from datetime import UTC, timedelta

import django_filters as filters
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_filters.fields import IsoDateTimeField

from actors.models import Organisation
from circles.models import Circle, Meeting
from ideas.models import Idea, IdeaSpace
from projects.models import Kinds, Link, Need, Offer, Project
from roadmap.models import Milestone, Objective


def _slug(field: str, label) -> filters.CharFilter:
    return filters.CharFilter(field_name=field, label=label, distinct=True)


class SearchTextFilter(filters.CharFilter):
    """Case- and accent-insensitive enough for the API: icontains on the given fields."""

    def __init__(self, *fields, **kwargs):
        self.fields = fields
        super().__init__(label=_("texte recherché"), **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        condition = Q()
        for name in self.fields:
            condition |= Q(**{f"{name}__icontains": value})
        return qs.filter(condition)


class SinceField(IsoDateTimeField):
    """An ISO 8601 moment, in UTC before it reaches the database: a time-zone offset
    outside ±14 h (which PostgreSQL refuses) is a French 400, not a 500."""

    def to_python(self, value):
        moment = super().to_python(value)
        if moment is None or moment.tzinfo is None:
            return moment
        offset = moment.utcoffset()
        try:
            if offset is None or abs(offset) > timedelta(hours=14):
                raise ValueError
            return moment.astimezone(UTC)
        except (ValueError, OverflowError):
            raise ValidationError(
                _("Décalage horaire invalide : entre -14:00 et +14:00."), code="invalid"
            ) from None


class SinceFilter(filters.IsoDateTimeFilter):
    field_class = SinceField


class OpenFilterSet(filters.FilterSet):
    """Every list takes `updated_since` (what changed since a harvester's last visit)."""

    updated_since = SinceFilter(
        field_name="updated_at",
        lookup_expr="gte",
        label=_("modifiés depuis (date et heure ISO 8601, par exemple 2025-01-31T00:00:00Z)"),
    )


class StableOrderingFilter(filters.OrderingFilter):
    """Ties broken by the primary key, so that pages never repeat or skip a row."""

    def filter(self, qs, value):
        qs = super().filter(qs, value)
        return qs.order_by(*qs.query.order_by, "pk") if value else qs


def _ordering(*fields: str) -> filters.OrderingFilter:
    """`?ordering=` on the given fields; `-field` for descending; several joined by commas."""
    names = ", ".join(fields)
    return StableOrderingFilter(
        fields=[(f, f) for f in fields],
        label=_("tri : %(fields)s ; préfixez d'un « - » pour l'ordre décroissant")
        % {"fields": names},
    )


class OrganisationFilter(OpenFilterSet):
    ordering = _ordering("name", "joined_on", "updated_at")
    q = SearchTextFilter("name", "description")
    theme = _slug("themes__slug", _("thème (slug)"))
    commune = _slug("commune__slug", _("commune (slug)"))

    class Meta:
        model = Organisation
        fields = ["kind", "size"]


class ProjectFilter(OpenFilterSet):
    ordering = _ordering("title", "start_date", "budget", "created_at", "updated_at")
    q = SearchTextFilter("title", "summary", "description")
    theme = _slug("themes__slug", _("thème (slug)"))
    stake = _slug("stakes__slug", _("enjeu (slug)"))
    commune = _slug("communes__slug", _("commune (slug)"))
    organisation = _slug("organisations__slug", _("organisation (slug)"))
    circle = _slug("circle__slug", _("cercle (slug)"))

    class Meta:
        model = Project
        fields = ["phase", "phase_status"]


class LinkFilter(OpenFilterSet):
    ordering = _ordering("id", "strength", "updated_at")
    project = filters.CharFilter(
        method="filter_project", label=_("projet (slug), d'un côté ou de l'autre")
    )

    class Meta:
        model = Link
        fields = ["kind"]

    def filter_project(self, qs, name, value):
        return qs.filter(Q(source__slug=value) | Q(target__slug=value))


class NeedFilter(OpenFilterSet):
    ordering = _ordering("created_at", "updated_at")
    kind = filters.ChoiceFilter(choices=Kinds.choices)
    project = _slug("project__slug", _("projet (slug)"))
    organisation = _slug("organisation__slug", _("organisation (slug)"))

    class Meta:
        model = Need
        fields = ["kind", "status"]


class OfferFilter(OpenFilterSet):
    ordering = _ordering("created_at", "updated_at")
    kind = filters.ChoiceFilter(choices=Kinds.choices)
    organisation = _slug("organisation__slug", _("organisation (slug)"))
    theme = _slug("themes__slug", _("thème (slug)"))

    class Meta:
        model = Offer
        fields = ["kind"]


class CircleFilter(OpenFilterSet):
    ordering = _ordering("name", "updated_at")
    theme = _slug("themes__slug", _("thème (slug)"))

    class Meta:
        model = Circle
        fields = ["kind"]


class MeetingFilter(OpenFilterSet):
    ordering = _ordering("start", "updated_at")
    circle = _slug("circle__slug", _("cercle (slug)"))
    theme = _slug("themes__slug", _("thème (slug)"))
    commune = _slug("commune__slug", _("commune (slug)"))
    after = filters.DateFilter(field_name="start", lookup_expr="date__gte", label=_("à partir du"))
    before = filters.DateFilter(field_name="start", lookup_expr="date__lte", label=_("jusqu'au"))

    class Meta:
        model = Meeting
        fields = ["status"]


class MilestoneFilter(OpenFilterSet):
    ordering = _ordering("date", "updated_at")
    circle = _slug("circle__slug", _("cercle (slug)"))
    theme = _slug("themes__slug", _("thème (slug)"))
    after = filters.DateFilter(field_name="date", lookup_expr="gte", label=_("à partir du"))
    before = filters.DateFilter(field_name="date", lookup_expr="lte", label=_("jusqu'au"))

    class Meta:
        model = Milestone
        fields = ["kind", "status"]


class ObjectiveFilter(OpenFilterSet):
    ordering = _ordering("deadline", "title", "updated_at")
    theme = _slug("theme__slug", _("thème (slug)"))

    class Meta:
        model = Objective
        fields = []


class IdeaSpaceFilter(OpenFilterSet):
    ordering = _ordering("name", "created_at", "updated_at")
    theme = _slug("themes__slug", _("thème (slug)"))
    circle = _slug("circle__slug", _("cercle (slug)"))

    class Meta:
        model = IdeaSpace
        fields = ["is_open"]


class IdeaFilter(OpenFilterSet):
    ordering = _ordering("created_at", "title", "updated_at")
    q = SearchTextFilter("title", "body")
    space = _slug("space__slug", _("espace d'idées (slug)"))
    theme = _slug("themes__slug", _("thème (slug)"))

    class Meta:
        model = Idea
        fields = ["status"]
