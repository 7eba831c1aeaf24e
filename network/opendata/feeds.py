"""RSS 2.0 and Atom feeds (Django's syndication framework) of what is new: projects,
ideas, meetings and roadmap milestones, each filterable by `?theme=` and `?commune=`
(slugs, as in the API). Every feed answers HEAD, carries ETag and Last-Modified and
honours conditional requests, like the other open-data files."""

from datetime import UTC, datetime, time

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext_lazy as _

from alliance.exports import open_download, stamp
from alliance.models import Commune, Theme
from circles.models import Meeting
from ideas.models import Idea
from projects.models import Project
from roadmap.models import Milestone

ITEMS = 50
# An empty feed's date: Django would put "now", which changes the body (and its ETag)
# at every request.
EMPTY_FEED_DATE = datetime(2025, 1, 1, tzinfo=UTC)


class _StableDate:
    def latest_post_date(self):
        return super().latest_post_date() if self.items else EMPTY_FEED_DATE


class AtomFeed(_StableDate, Atom1Feed):
    pass


class RssFeed(_StableDate, Rss201rev2Feed):
    pass


class _NewsFeed(Feed):
    """Shared by the four feeds: filters from the query string, absolute links from
    SITE_URL, the newest ITEMS first."""

    kind = ""
    title_text = ""
    theme_path = "themes"
    commune_path = ""

    def __init__(self, feed_type):
        self.feed_type = feed_type
        super().__init__()

    def get_object(self, request: HttpRequest, *args, **kwargs) -> dict:
        filters = {}
        unknown = {"theme": _("Aucun thème « %s »."), "commune": _("Aucune commune « %s ».")}
        for name, model in (("theme", Theme), ("commune", Commune)):
            slug = request.GET.get(name, "")
            if slug:
                found = model.objects.filter(slug=slug).first()
                if found is None:
                    raise Http404(unknown[name] % slug)
                filters[name] = found
        return filters

    def filtered(self, queryset, filters: dict):
        if "theme" in filters:
            queryset = queryset.filter(**{self.theme_path: filters["theme"]})
        if "commune" in filters:
            queryset = queryset.filter(self.commune_condition(filters["commune"]))
        return queryset.distinct()

    def commune_condition(self, commune) -> Q:
        return Q(**{self.commune_path: commune})

    def title(self, filters: dict) -> str:
        parts = [str(self.title_text)] + [str(f) for f in filters.values()]
        return " — ".join(parts) + " · Alliance"

    def link(self, filters: dict) -> str:
        return settings.SITE_URL + reverse("open_data")

    def feed_url(self, filters: dict) -> str:
        return settings.SITE_URL + reverse(f"network:feed_{self.format_name}", args=[self.kind])

    def feed_guid(self, filters: dict) -> str:
        return self.feed_url(filters)

    @property
    def format_name(self) -> str:
        return "atom" if self.feed_type is AtomFeed else "rss"

    def description(self, filters: dict) -> str:
        return str(_("Les nouveautés de la plateforme, sous Licence Ouverte 2.0."))

    def item_link(self, item) -> str:
        return settings.SITE_URL + item.get_absolute_url()

    def item_guid(self, item) -> str:
        return self.item_link(item)

    def item_title(self, item) -> str:
        return item.title

    latest = None

    def item_updateddate(self, item):
        # Called once per item while the feed is written: keeps the newest for Last-Modified.
        if self.latest is None or item.updated_at > self.latest:
            self.latest = item.updated_at
        return item.updated_at

    def item_categories(self, item):
        return [theme.label for theme in item.themes.all()]


class ProjectFeed(_NewsFeed):
    kind, title_text, commune_path = "projets", _("Nouveaux projets"), "communes"

    def items(self, filters):
        projects = self.filtered(Project.objects.published(), filters)
        return projects.prefetch_related("themes").order_by("-published_at", "-pk")[:ITEMS]

    def item_description(self, item) -> str:
        return item.summary

    def item_pubdate(self, item):
        return item.published_at or item.created_at


class IdeaFeed(_NewsFeed):
    kind, title_text, commune_path = "idees", _("Nouvelles idées"), "organisation__commune"

    def items(self, filters):
        ideas = self.filtered(Idea.objects.listed().filter(space__is_public=True), filters)
        return ideas.prefetch_related("themes").order_by("-created_at", "-pk")[:ITEMS]

    def item_description(self, item) -> str:
        return item.body

    def item_pubdate(self, item):
        return item.created_at


class MeetingFeed(_NewsFeed):
    kind, title_text, commune_path = "reunions", _("Nouvelles réunions"), "commune"

    def items(self, filters):
        meetings = self.filtered(Meeting.objects.all(), filters)
        return (
            meetings.select_related("circle", "commune")
            .prefetch_related("themes")
            .order_by("-created_at", "-pk")[:ITEMS]
        )

    def item_description(self, item) -> str:
        when = timezone.localtime(item.start).strftime("%d/%m/%Y %H:%M")
        where = ", ".join(part for part in (item.place, str(item.commune or "")) if part)
        return f"{item.circle.name} — {when}" + (f" — {where}" if where else "")

    def item_pubdate(self, item):
        return item.created_at


class MilestoneFeed(_NewsFeed):
    kind, title_text, commune_path = "jalons", _("Jalons de la feuille de route"), ""

    def commune_condition(self, commune) -> Q:
        # A milestone has no place of its own: that of its meeting, when it has one.
        return Q(meeting__commune=commune)

    def items(self, filters):
        milestones = self.filtered(Milestone.objects.all(), filters)
        return milestones.prefetch_related("themes").order_by("-date", "-pk")[:ITEMS]

    def item_description(self, item) -> str:
        return item.description

    def item_pubdate(self, item):
        return timezone.make_aware(datetime.combine(item.date, time(9)))


FEEDS = {feed.kind: feed for feed in (ProjectFeed, IdeaFeed, MeetingFeed, MilestoneFeed)}
FEED_TITLES = {kind: feed.title_text for kind, feed in FEEDS.items()}


def _respond(request: HttpRequest, kind: str, feed_type) -> HttpResponse:
    feed_class = FEEDS.get(kind)
    if feed_class is None:
        raise Http404(_("Ce flux n'existe pas."))
    feed = feed_class(feed_type)
    response = feed(request)
    return stamp(response, feed.latest)


@open_download
def rss(request: HttpRequest, kind: str) -> HttpResponse:
    return _respond(request, kind, RssFeed)


@open_download
def atom(request: HttpRequest, kind: str) -> HttpResponse:
    return _respond(request, kind, AtomFeed)
