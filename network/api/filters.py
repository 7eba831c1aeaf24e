"""Filters of the open API: the same criteria as the site's lists, by slug."""

import django_filters as filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

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


class OrganisationFilter(filters.FilterSet):
    q = SearchTextFilter("name", "description")
    theme = _slug("themes__slug", _("thème (slug)"))
    commune = _slug("commune__slug", _("commune (slug)"))

    class Meta:
        model = Organisation
        fields = ["kind", "size"]


class ProjectFilter(filters.FilterSet):
    q = SearchTextFilter("title", "summary", "description")
    theme = _slug("themes__slug", _("thème (slug)"))
    stake = _slug("stakes__slug", _("enjeu (slug)"))
    commune = _slug("communes__slug", _("commune (slug)"))
    organisation = _slug("organisations__slug", _("organisation (slug)"))
    circle = _slug("circle__slug", _("cercle (slug)"))

    class Meta:
        model = Project
        fields = ["phase", "phase_status"]


class LinkFilter(filters.FilterSet):
    project = filters.CharFilter(
        method="filter_project", label=_("projet (slug), d'un côté ou de l'autre")
    )

    class Meta:
        model = Link
        fields = ["kind"]

    def filter_project(self, qs, name, value):
        return qs.filter(Q(source__slug=value) | Q(target__slug=value))


class NeedFilter(filters.FilterSet):
    kind = filters.ChoiceFilter(choices=Kinds.choices)
    project = _slug("project__slug", _("projet (slug)"))
    organisation = _slug("organisation__slug", _("organisation (slug)"))

    class Meta:
        model = Need
        fields = ["kind", "status"]


class OfferFilter(filters.FilterSet):
    kind = filters.ChoiceFilter(choices=Kinds.choices)
    organisation = _slug("organisation__slug", _("organisation (slug)"))
    theme = _slug("themes__slug", _("thème (slug)"))

    class Meta:
        model = Offer
        fields = ["kind"]


class CircleFilter(filters.FilterSet):
    theme = _slug("themes__slug", _("thème (slug)"))

    class Meta:
        model = Circle
        fields = ["kind"]


class MeetingFilter(filters.FilterSet):
    circle = _slug("circle__slug", _("cercle (slug)"))
    theme = _slug("themes__slug", _("thème (slug)"))
    commune = _slug("commune__slug", _("commune (slug)"))
    after = filters.DateFilter(field_name="start", lookup_expr="date__gte", label=_("à partir du"))
    before = filters.DateFilter(field_name="start", lookup_expr="date__lte", label=_("jusqu'au"))

    class Meta:
        model = Meeting
        fields = ["status"]


class MilestoneFilter(filters.FilterSet):
    circle = _slug("circle__slug", _("cercle (slug)"))
    theme = _slug("themes__slug", _("thème (slug)"))
    after = filters.DateFilter(field_name="date", lookup_expr="gte", label=_("à partir du"))
    before = filters.DateFilter(field_name="date", lookup_expr="lte", label=_("jusqu'au"))

    class Meta:
        model = Milestone
        fields = ["kind", "status"]


class ObjectiveFilter(filters.FilterSet):
    theme = _slug("theme__slug", _("thème (slug)"))

    class Meta:
        model = Objective
        fields = []


class IdeaSpaceFilter(filters.FilterSet):
    theme = _slug("themes__slug", _("thème (slug)"))
    circle = _slug("circle__slug", _("cercle (slug)"))

    class Meta:
        model = IdeaSpace
        fields = ["is_open"]


class IdeaFilter(filters.FilterSet):
    q = SearchTextFilter("title", "body")
    space = _slug("space__slug", _("espace d'idées (slug)"))
    theme = _slug("themes__slug", _("thème (slug)"))

    class Meta:
        model = Idea
        fields = ["status"]
