"""What the open API shows: public fields only. No person's contact detail, no draft."""

from django.conf import settings
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from actors.models import Organisation
from circles.models import Circle, Meeting
from ideas.models import Idea, IdeaSpace
from projects.models import Link, Need, Offer, Participation, Project
from roadmap.models import Milestone, Objective


def _slugs(**kwargs) -> serializers.SlugRelatedField:
    return serializers.SlugRelatedField(slug_field="slug", read_only=True, **kwargs)


def _slug_or_null() -> serializers.SlugRelatedField:
    return _slugs(allow_null=True)


class PageUrlMixin(serializers.Serializer):
    page_url = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_page_url(self, obj) -> str:
        # From SITE_URL, as in every open-data file: the same address whatever host asked.
        return settings.SITE_URL + obj.get_absolute_url()


class OrganisationSerializer(PageUrlMixin, serializers.ModelSerializer):
    themes = _slugs(many=True)
    commune = _slug_or_null()

    class Meta:
        model = Organisation
        fields = [
            "slug",
            "name",
            "kind",
            "size",
            "siren",
            "website",
            "description",
            "address",
            "commune",
            "latitude",
            "longitude",
            "themes",
            "joined_on",
            "status",
            "updated_at",
            "page_url",
        ]


class ParticipationSerializer(serializers.ModelSerializer):
    organisation = _slugs()
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)

    class Meta:
        model = Participation
        fields = ["organisation", "organisation_name", "role"]


class ProjectSerializer(PageUrlMixin, serializers.ModelSerializer):
    themes = _slugs(many=True)
    stakes = _slugs(many=True)
    communes = _slugs(many=True)
    circle = _slug_or_null()
    participations = ParticipationSerializer(many=True, read_only=True)

    class Meta:
        model = Project
        fields = [
            "slug",
            "title",
            "summary",
            "description",
            "phase",
            "phase_status",
            "themes",
            "stakes",
            "communes",
            "participations",
            "circle",
            "latitude",
            "longitude",
            "start_date",
            "end_date",
            "budget",
            "co2_avoided",
            "jobs",
            "people_reached",
            "indicator_label",
            "indicator_value",
            "indicator_unit",
            "created_at",
            "updated_at",
            "page_url",
        ]


class LinkSerializer(serializers.ModelSerializer):
    source = _slugs()
    target = _slugs()

    class Meta:
        model = Link
        fields = ["id", "source", "target", "kind", "description", "strength", "updated_at"]


class NeedSerializer(serializers.ModelSerializer):
    project = _slug_or_null()
    organisation = _slug_or_null()

    class Meta:
        model = Need
        fields = [
            "id",
            "kind",
            "description",
            "status",
            "project",
            "organisation",
            "created_at",
            "updated_at",
        ]


class OfferSerializer(serializers.ModelSerializer):
    organisation = _slugs()
    themes = _slugs(many=True)

    class Meta:
        model = Offer
        fields = ["id", "kind", "description", "organisation", "themes", "created_at", "updated_at"]


class CircleSerializer(PageUrlMixin, serializers.ModelSerializer):
    themes = _slugs(many=True)

    class Meta:
        model = Circle
        fields = [
            "slug",
            "name",
            "kind",
            "purpose",
            "themes",
            "cadence",
            "meetings_per_year",
            "open_to_join",
            "updated_at",
            "page_url",
        ]


class MeetingSerializer(PageUrlMixin, serializers.ModelSerializer):
    circle = _slug_or_null()
    commune = _slug_or_null()
    themes = _slugs(many=True)

    class Meta:
        model = Meeting
        fields = [
            "id",
            "circle",
            "title",
            "topic",
            "themes",
            "start",
            "end",
            "place",
            "commune",
            "status",
            "is_open",
            "updated_at",
            "page_url",
        ]


class MilestoneSerializer(PageUrlMixin, serializers.ModelSerializer):
    circle = _slug_or_null()
    themes = _slugs(many=True)

    class Meta:
        model = Milestone
        fields = [
            "id",
            "title",
            "kind",
            "status",
            "date",
            "end_date",
            "themes",
            "circle",
            "meeting",
            "description",
            "outcome",
            "updated_at",
            "page_url",
        ]


class ObjectiveSerializer(PageUrlMixin, serializers.ModelSerializer):
    theme = _slugs()
    organisations = _slugs(many=True)
    projects = serializers.SerializerMethodField()
    current_value = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)
    percent = serializers.IntegerField(read_only=True)
    status = serializers.CharField(read_only=True)

    class Meta:
        model = Objective
        fields = [
            "id",
            "theme",
            "title",
            "description",
            "indicator",
            "unit",
            "baseline",
            "baseline_date",
            "target",
            "deadline",
            "current_value",
            "percent",
            "status",
            "organisations",
            "projects",
            "updated_at",
            "page_url",
        ]

    def get_projects(self, obj) -> list[str]:
        # Drafts are filtered in the prefetch; the API never names one.
        return [project.slug for project in obj.published_projects]


class IdeaSpaceSerializer(PageUrlMixin, serializers.ModelSerializer):
    themes = _slugs(many=True)
    circle = _slug_or_null()

    class Meta:
        model = IdeaSpace
        fields = [
            "slug",
            "name",
            "description",
            "themes",
            "circle",
            "is_open",
            "page_url",
            "updated_at",
        ]


class IdeaSerializer(PageUrlMixin, serializers.ModelSerializer):
    space = _slugs()
    themes = _slugs(many=True)
    organisation = _slug_or_null()

    class Meta:
        model = Idea
        fields = [
            "id",
            "space",
            "title",
            "body",
            "organisation",
            "themes",
            "status",
            "answer",
            "created_at",
            "updated_at",
            "page_url",
        ]
