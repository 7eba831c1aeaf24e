"""The read-only open API: what an anonymous visitor sees on the site, as JSON."""

import hashlib

from django.core.paginator import Paginator as DjangoPaginator
from django.db.models import Count, Max, Prefetch, Q
from django.http import HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, quote_etag
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.views import SpectacularJSONAPIView
from rest_framework import viewsets
from rest_framework.pagination import PageNumberPagination
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from actors.models import Organisation
from alliance.models import Commune, Stake, Theme
from alliance.precompressed import Frozen, fill
from circles.models import Circle, Meeting
from ideas.models import Idea, IdeaSpace
from network.opendata.api import caching, filters, serializers
from network.opendata.api.throttling import ClientThrottle
from projects.models import Link, Need, Offer, Participation, Project
from roadmap.models import Milestone, Objective


class CountedPaginator(DjangoPaginator):
    """A paginator told its count: the list view counts in the same query as its
    Last-Modified (OpenViewSet.list), so the page needs no COUNT(*) of its own."""

    def __init__(self, object_list, per_page, *, count: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.count = count  # shadows the cached_property


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def paginate_queryset(self, queryset, request, view=None):
        count = getattr(view, "row_count", None)
        if count is not None:
            self.django_paginator_class = lambda rows, size: CountedPaginator(
                rows, size, count=count
            )
        return super().paginate_queryset(queryset, request, view)


class OpenViewSet(viewsets.ReadOnlyModelViewSet):
    authentication_classes = []
    permission_classes = []
    throttle_classes = [ClientThrottle]
    renderer_classes = [JSONRenderer]
    pagination_class = Pagination
    filter_backends = [DjangoFilterBackend]
    last_modified = None
    row_count = None
    cacheable = False  # set by list(): a fresh body to keep (caching.py)

    def list(self, request, *args, **kwargs):
        """A cached body when there is one (throttling has already run); else the page,
        counted and dated in one aggregate over the filtered rows."""
        entry = caching.read(request)
        if entry is not None:
            self.last_modified = entry["last_modified"]
            response = HttpResponse(content_type=entry["content_type"])
            response["ETag"] = entry["etag"]
            fill(response, request, entry["body"])  # gzipped when it was kept
            return response
        queryset = self.filter_queryset(self.get_queryset())
        summary = queryset.order_by().aggregate(count=Count("pk"), last=Max("updated_at"))
        self.row_count, self.last_modified = summary["count"], summary["last"]
        self.cacheable = True
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        self.last_modified = instance.updated_at
        return Response(self.get_serializer(instance).data)

    def finalize_response(self, request, response, *args, **kwargs):
        """RateLimit headers on every answer, a 304 too; ETag, Last-Modified and 304 on a
        200, whose body list() may keep."""
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            response = self._conditional(request, response)
        for name, value in getattr(request, "rate_limit", {}).items():
            response[name] = value
        return response

    def _conditional(self, request, response):
        if isinstance(response, Response):  # fresh, not from the cache
            response.render()
            response["ETag"] = quote_etag(hashlib.sha256(response.content).hexdigest()[:32])
            if self.cacheable:
                body = Frozen.of(response.content)
                caching.store(
                    request,
                    body=body,
                    content_type=response["Content-Type"],
                    etag=response["ETag"],
                    last_modified=self.last_modified,
                )
                fill(response, request, body)  # compressed once, for this answer and the next
        moment = self.last_modified.timestamp() if self.last_modified else None
        if moment is not None:
            response["Last-Modified"] = http_date(moment)
        return get_conditional_response(
            request, etag=response["ETag"], last_modified=moment and int(moment), response=response
        )


def _slugs(relation: str, model) -> Prefetch:
    """Related rows the API names by their slug: only their slug is read."""
    return Prefetch(relation, queryset=model.objects.only("pk", "slug"))


class OrganisationViewSet(OpenViewSet):
    """Organisations of the alliance (public fields only; never their people's contacts)."""

    queryset = (
        Organisation.objects.active()
        .select_related("commune")
        .defer("commune__outline")  # a commune is named by its slug: its GeoJSON stays put
        .prefetch_related(_slugs("themes", Theme))
    ).order_by("name", "pk")
    serializer_class = serializers.OrganisationSerializer
    filterset_class = filters.OrganisationFilter
    lookup_field = "slug"


class ProjectViewSet(OpenViewSet):
    """Published projects."""

    queryset = (
        Project.objects.published()
        .select_related("circle")
        .prefetch_related(
            _slugs("themes", Theme),
            _slugs("stakes", Stake),
            _slugs("communes", Commune),
            Prefetch(
                "participations",
                # Only the organisation's slug and name: the whole row (its description,
                # logo...) made the join hash every organisation's wide row.
                queryset=Participation.objects.select_related("organisation")
                .only("project", "role", "organisation__slug", "organisation__name")
                .order_by("role", "organisation__name"),
            ),
        )
        .order_by("title", "pk")
    )
    serializer_class = serializers.ProjectSerializer
    filterset_class = filters.ProjectFilter
    lookup_field = "slug"


class LinkViewSet(OpenViewSet):
    """Interdependency links between published projects."""

    queryset = (
        Link.objects.filter(
            source__state=Project.State.PUBLISHED, target__state=Project.State.PUBLISHED
        )
        .select_related("source", "target")
        .only("kind", "description", "strength", "updated_at", "source__slug", "target__slug")
        .order_by("pk")
    )
    serializer_class = serializers.LinkSerializer
    filterset_class = filters.LinkFilter


class NeedViewSet(OpenViewSet):
    """Open and met needs of published projects and of organisations."""

    queryset = (
        Need.objects.filter(Q(project__isnull=True) | Q(project__state=Project.State.PUBLISHED))
        .select_related("project", "organisation")
        .order_by("-created_at", "pk")
    )
    serializer_class = serializers.NeedSerializer
    filterset_class = filters.NeedFilter


class OfferViewSet(OpenViewSet):
    """What organisations offer to the collaborative economy."""

    queryset = (
        Offer.objects.select_related("organisation")
        .prefetch_related(_slugs("themes", Theme))
        .order_by("-created_at", "pk")
    )
    serializer_class = serializers.OfferSerializer
    filterset_class = filters.OfferFilter


class CircleViewSet(OpenViewSet):
    """The circles that carry the movement."""

    queryset = Circle.objects.prefetch_related(_slugs("themes", Theme)).order_by("name", "pk")
    serializer_class = serializers.CircleSerializer
    filterset_class = filters.CircleFilter
    lookup_field = "slug"


class MeetingViewSet(OpenViewSet):
    """Meetings of the circles, cancelled ones included with their status."""

    queryset = (
        Meeting.objects.select_related("circle", "commune")
        .defer("commune__outline")
        .prefetch_related(_slugs("themes", Theme))
        .order_by("start", "pk")
    )
    serializer_class = serializers.MeetingSerializer
    filterset_class = filters.MeetingFilter


class MilestoneViewSet(OpenViewSet):
    """Milestones of the roadmap."""

    queryset = (
        Milestone.objects.select_related("circle")
        .prefetch_related(_slugs("themes", Theme))
        .order_by("date", "pk")
    )
    serializer_class = serializers.MilestoneSerializer
    filterset_class = filters.MilestoneFilter


class ObjectiveViewSet(OpenViewSet):
    """Objectives per theme with their measured progress."""

    queryset = (
        Objective.objects.with_progress()
        .select_related("theme")
        .prefetch_related(
            "organisations",
            Prefetch(
                "projects",
                queryset=Project.objects.published().order_by("title"),
                to_attr="published_projects",
            ),
        )
        .order_by("theme__order", "theme__name", "deadline", "pk")
    )
    serializer_class = serializers.ObjectiveSerializer
    filterset_class = filters.ObjectiveFilter


class IdeaSpaceViewSet(OpenViewSet):
    """Idea spaces open to visitors."""

    queryset = (
        IdeaSpace.objects.filter(is_public=True)
        .select_related("circle")
        .prefetch_related(_slugs("themes", Theme))
        .order_by("-created_at", "pk")
    )
    serializer_class = serializers.IdeaSpaceSerializer
    filterset_class = filters.IdeaSpaceFilter
    lookup_field = "slug"


class IdeaViewSet(OpenViewSet):
    """Ideas of the public spaces, neither merged nor hidden by moderation."""

    queryset = (
        Idea.objects.listed()
        .filter(space__is_public=True)
        .select_related("space", "organisation")
        .defer("space__description", "organisation__description")
        .prefetch_related(_slugs("themes", Theme))
        .order_by("-created_at", "pk")
    )
    serializer_class = serializers.IdeaSerializer
    filterset_class = filters.IdeaFilter


class SchemaView(SpectacularJSONAPIView):
    """The OpenAPI document, with a plain ASCII file name (the title has a dash that
    headers cannot carry)."""

    def _get_filename(self, request, version) -> str:
        return "alliance-api-openapi.json"
