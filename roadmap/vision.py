"""The figures of /vision/, computed in a fixed number of queries, stored and cached.

`figures()` returns plain data (codes, names, numbers: no translated labels, so one
cached copy serves every language). They are cached under a version (alliance/cache.py)
that roadmap/signals.py bumps when projects, needs, ideas, meetings, objectives,
measurements, links or the taxonomy (themes, stakes, communes) change.

With the cache empty (a restart, a flushed Redis), summing every project again took 140 ms
at 50,000 projects: a job (`refresh`, through alliance.jobs) stores them in the one
`VisionFigures` row after the commit of such a change, once per burst, and beat every ten
minutes. A change bumps the row's `generation` on commit; the stored figures are read only
if they were computed from the current generation, today, less than CACHE_SECONDS ago
(bulk writes send no signal); otherwise the page computes them itself, as before.
"""

from datetime import date as Date
from decimal import Decimal

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils import timezone

from alliance import cache as versions
from alliance import jobs
from alliance.models import Commune, Stake, Theme
from circles.models import Circle, Meeting
from ideas.models import Idea
from projects.models import Link, Need, Project
from roadmap.models import Objective, VisionFigures

VERSION = "roadmap:vision"
CACHE_KEY = "roadmap:vision:figures:{database}:{version}"
# Time alone changes some figures (meetings fall into the past, deadlines pass).
CACHE_SECONDS = 15 * 60
UNLINKED_SHOWN = 30


def _key() -> str:
    # Named after the database: sites (or parallel test workers) sharing one Redis must
    # not read each other's figures.
    database = connection.settings_dict["NAME"]
    return CACHE_KEY.format(database=database, version=versions.version(VERSION))


def invalidate() -> None:
    versions.bump(VERSION)


def figures() -> dict:
    today = timezone.localdate()
    data = cache.get(_key())
    if data is None or data["date"] != today.isoformat():
        data = stored(today) or compute(today)
        cache.set(_key(), data, CACHE_SECONDS)
    return data


def stored(today: Date) -> dict | None:
    """The figures the job stored, if they are of the current data and of today."""
    data = VisionFigures.current(CACHE_SECONDS)
    return data if data and data.get("date") == today.isoformat() else None


def refresh() -> None:
    """The job (alliance/stored.py)."""
    VisionFigures.store(lambda: {"data": compute(timezone.localdate())}, then=jobs.complete)


JOB = "roadmap.vision.refresh"
stale = VisionFigures.stale


def changed(**signal_kwargs) -> None:
    """Connected to the signals of what the figures sum: after the commit, the stored
    figures are stale and a job stores them again (once per transaction, none while one
    waits to start: it will see this change)."""
    if signal_kwargs.get("raw") or not signal_kwargs.get("action", "post_").startswith("post_"):
        return
    jobs.enqueue_once_after_commit(JOB, first=stale)


def _number(value) -> float:
    return float(value or 0)


def _themes(published) -> tuple[list[dict], list[dict]]:
    """Projects per theme and phase (themes without projects left out, "" last for the
    projects without a theme), and every theme with its objectives count."""
    # A project is linked to a theme once (and theme names are unique): a plain count,
    # no COUNT(DISTINCT) and its sort.
    theme_phase = {}
    for row in published.values("themes__name", "phase").annotate(n=Count("id")):
        theme_phase.setdefault(row["themes__name"] or "", {})[row["phase"]] = row["n"]
    themes = list(
        Theme.objects.annotate(objectives_count=Count("objectives"))
        .order_by("order", "name")  # a GROUP BY drops Meta.ordering
        .values("name", "name_en", "objectives_count")
    )
    for theme in themes:
        theme["has_project"] = theme["name"] in theme_phase
    by_theme = [
        {"name": t["name"], "name_en": t["name_en"], "phases": theme_phase.get(t["name"], {})}
        for t in themes
        if t["name"] in theme_phase
    ]
    if "" in theme_phase:
        by_theme.append({"name": "", "phases": theme_phase[""]})
    return by_theme, themes


def _by_stake(published) -> list[dict]:
    stake_counts = {
        row["stakes__name"]: row["n"]
        for row in published.values("stakes__name").annotate(n=Count("id"))
    }
    return [
        {"name": name, "name_en": name_en, "count": stake_counts.get(name, 0)}
        for name, name_en in Stake.objects.values_list("name", "name_en")
    ]


def _communes() -> tuple[list[dict], dict]:
    """Published projects per commune of the metropole, and the GeoJSON of their outlines."""
    communes = list(
        Commune.objects.metropole()
        .annotate(n=Count("projects", filter=Q(projects__state=Project.State.PUBLISHED)))
        .values("insee_code", "name", "outline", "n")
    )
    by_commune = [{"code": c["insee_code"], "name": c["name"], "count": c["n"]} for c in communes]
    outlines = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": c["outline"],
                "properties": {"code": c["insee_code"], "name": c["name"], "count": c["n"]},
            }
            for c in communes
            if c["outline"]
        ],
    }
    return by_commune, outlines


def _impact(published) -> dict:
    impact = published.aggregate(
        projects=Count("id"),
        co2=Sum("co2_avoided"),
        jobs=Sum("jobs"),
        people=Sum("people_reached"),
    )
    return {
        "projects": impact["projects"],
        "co2": _number(impact["co2"] or Decimal(0)),
        "jobs": impact["jobs"] or 0,
        "people": impact["people"] or 0,
    }


def _needs() -> dict:
    """Open needs per kind, of published projects or of no project."""
    return {
        row["kind"]: row["n"]
        for row in Need.objects.filter(status=Need.Status.OPEN)
        .filter(Q(project__isnull=True) | Q(project__state=Project.State.PUBLISHED))
        .values("kind")
        .annotate(n=Count("id"))
    }


def _ideas() -> list[dict]:
    """Ideas of public spaces per theme, merged ideas left out."""
    return [
        {"name": row["themes__name"] or "", "name_en": row["themes__name_en"], "count": row["n"]}
        for row in Idea.objects.filter(space__is_public=True, merged_into__isnull=True)
        .values("themes__name", "themes__name_en")
        .annotate(n=Count("id"))
        .order_by("themes__name")
    ]


def _meetings(today: Date) -> list[dict]:
    """Per circle, this year's meetings not cancelled: held (or past) and scheduled."""
    now = timezone.now()
    this_year = Q(meetings__start__year=today.year) & ~Q(meetings__status=Meeting.Status.CANCELLED)
    held = this_year & (Q(meetings__status=Meeting.Status.HELD) | Q(meetings__end__lt=now))
    return [
        {
            "name": c["name"],
            "held": c["held"],
            "scheduled": c["scheduled"],
            "cadence": c["meetings_per_year"],
        }
        for c in Circle.objects.annotate(
            held=Count("meetings", filter=held), scheduled=Count("meetings", filter=this_year)
        ).values("name", "held", "scheduled", "meetings_per_year")
    ]


def _objectives() -> list[dict]:
    return [
        {
            "pk": objective.pk,
            "title": objective.title,
            "theme": objective.theme.name,
            "theme_en": objective.theme.name_en,
            "unit": objective.unit,
            "baseline": _number(objective.baseline),
            "current": _number(objective.current_value),
            "target": _number(objective.target),
            "deadline": objective.deadline.isoformat(),
            "percent": objective.percent,
            "status": objective.status,
        }
        for objective in Objective.objects.with_progress().select_related("theme")
    ]


def _unlinked(published) -> tuple[int, list[dict]]:
    """Published projects with no interdependency link: how many, and the first few."""
    unlinked = published.filter(
        ~Exists(Link.objects.filter(source=OuterRef("pk"))),
        ~Exists(Link.objects.filter(target=OuterRef("pk"))),
    )
    return unlinked.count(), list(unlinked.values("title", "slug")[:UNLINKED_SHOWN])


def compute(today: Date) -> dict:
    published = Project.objects.published()
    by_theme, themes = _themes(published)
    by_commune, outlines = _communes()
    unlinked_count, unlinked_shown = _unlinked(published)
    return {
        "date": today.isoformat(),
        "by_theme": by_theme,
        "by_stake": _by_stake(published),
        "by_commune": by_commune,
        "outlines": outlines,
        "impact": _impact(published),
        "needs": _needs(),
        "ideas": _ideas(),
        "meetings": _meetings(today),
        "objectives": _objectives(),
        "gaps": {
            "themes": [t["name"] for t in themes if t["objectives_count"] and not t["has_project"]],
            "communes": [c["name"] for c in by_commune if not c["count"]],
            "unlinked_count": unlinked_count,
            "unlinked": unlinked_shown,
        },
    }


# Choropleth classes (projects per commune): lower bound, upper bound (None: and more).
CHOROPLETH_CLASSES = [(0, 0), (1, 1), (2, 4), (5, 9), (10, None)]
