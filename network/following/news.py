"""What is new in what a member follows.

`news_for` answers in a fixed number of queries (one for the follows, one per kind of
news) whatever the number of follows: the notification page and each digest use it.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from circles.models import Meeting
from ideas.models import Idea
from network.models import Follow
from projects.models import Project
from roadmap.models import Milestone

NEWS_PER_KIND = 20


@dataclass
class NewsGroup:
    key: str
    label: str
    items: list = field(default_factory=list)


def _any(conditions: list[Q]) -> Q | None:
    found = [c for c in conditions if c is not None]
    if not found:
        return None
    combined = found[0]
    for more in found[1:]:
        combined |= more
    return combined


def _in(lookup: str, ids: set[int]) -> Q | None:
    return Q(**{f"{lookup}__in": sorted(ids)}) if ids else None


def _projects(t: dict, since: datetime, limit: int) -> NewsGroup | None:
    condition = _any(
        [
            _in("pk", t["project"]),
            _in("themes", t["theme"]),
            _in("communes", t["commune"]),
            _in("circle", t["circle"]),
        ]
    )
    if condition is None:
        return None
    projects = (
        Project.objects.published()
        .filter(condition, updated_at__gt=since)
        .distinct()
        .order_by("-updated_at", "pk")[:limit]
    )
    return NewsGroup("projects", _("Projets créés ou mis à jour"), list(projects))


def _meetings(t: dict, since: datetime, limit: int) -> NewsGroup | None:
    condition = _any(
        [
            _in("circle", t["circle"]),
            _in("themes", t["theme"]),
            _in("commune", t["commune"]),
            _in("projects", t["project"]),
        ]
    )
    if condition is None:
        return None
    meetings = (
        Meeting.objects.filter(condition, updated_at__gt=since)
        .select_related("circle")
        .distinct()
        .order_by("start", "pk")[:limit]
    )
    return NewsGroup("meetings", _("Réunions annoncées ou modifiées"), list(meetings))


def _ideas(t: dict, since: datetime, limit: int) -> NewsGroup | None:
    condition = _any([_in("space", t["space"]), _in("themes", t["theme"])])
    if condition is None:
        return None
    ideas = (
        Idea.objects.listed()
        .filter(condition, created_at__gt=since)
        .select_related("space")
        .distinct()
        .order_by("-created_at", "pk")[:limit]
    )
    return NewsGroup("ideas", _("Nouvelles idées"), list(ideas))


def _milestones(t: dict, since: datetime, limit: int) -> NewsGroup | None:
    condition = _any([_in("circle", t["circle"]), _in("themes", t["theme"])])
    if condition is None:
        return None
    # Milestones carry no timestamp: the news is the ones coming up in the next weeks.
    today = timezone.localdate()
    milestones = (
        Milestone.objects.filter(condition, date__gte=today, date__lte=today + timedelta(30))
        .exclude(status=Milestone.Status.CANCELLED)
        .distinct()
        .order_by("date", "pk")[:limit]
    )
    return NewsGroup("milestones", _("Jalons à venir"), list(milestones))


def news_for(user, since: datetime, *, limit: int = NEWS_PER_KIND) -> list[NewsGroup]:
    """What changed since `since` in what `user` follows, grouped by kind, newest first."""
    targets = Follow.objects.targets(user)
    if not any(targets.values()):
        return []
    groups = [news(targets, since, limit) for news in (_projects, _meetings, _ideas, _milestones)]
    return [group for group in groups if group is not None and group.items]
