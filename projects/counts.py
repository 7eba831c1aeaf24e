"""How many published projects the catalogue holds, in all and for each single filter
(a theme, a stake, a commune, a phase, a status, a circle), kept in tallies
(alliance/tallies.py): the list, the map page and the home page read their count in one
lookup, even with an empty cache. Other combinations of filters are counted as before."""

from django.db.models import Count

from alliance import tallies
from projects.models import Project

PREFIX = "projects:"
PUBLISHED = f"{PREFIX}published"
# Filter name -> (through model of the relation, its column), for the multi-valued ones.
RELATIONS = {
    "theme": (Project.themes.through, "theme_id"),
    "stake": (Project.stakes.through, "stake_id"),
    "commune": (Project.communes.through, "commune_id"),
}
# Filter name -> column of the project, for the single-valued ones.
COLUMNS = {"phase": "phase", "status": "phase_status", "circle": "circle_id"}
IGNORED = {"tri"}  # the order changes no count


def compute() -> dict[str, int]:
    """Every tally of the catalogue, in seven grouped queries."""
    published = Project.objects.published().order_by()
    values = {PUBLISHED: published.count()}
    for name, (through, column) in RELATIONS.items():
        rows = through.objects.filter(project__state=Project.State.PUBLISHED)
        for key, n in rows.values_list(column).annotate(n=Count("pk")).order_by():
            values[f"{PREFIX}{name}:{key}"] = n
    for name, column in COLUMNS.items():
        for key, n in published.values_list(column).annotate(n=Count("pk")).order_by():
            if key is not None:
                values[f"{PREFIX}{name}:{key}"] = n
    return values


def _name(filters) -> str | None:
    """The tally counting what `filters` (a valid ProjectFilter) select, if one does."""
    chosen = {
        key: value
        for key, value in filters.form.cleaned_data.items()
        if key not in IGNORED and value not in (None, "")
    }
    if not chosen:
        return PUBLISHED
    if len(chosen) > 1:
        return None
    (key, value), *_ = chosen.items()
    if key not in RELATIONS and key not in COLUMNS:
        return None
    # A facet with no published project has no tally: it counts 0.
    return f"{PREFIX}{key}:{getattr(value, 'pk', value)}"


def stored_count(filters) -> int | None:
    """The number of projects `filters` select, when a tally holds it (None: count them)."""
    if not filters.is_valid():
        return None
    name = _name(filters)
    if name is None:
        return None
    found = tallies.read(PUBLISHED, name)
    if PUBLISHED not in found:  # never computed (a bulk-filled database): count instead
        return None
    return found.get(name, 0)


def published_count(stored: dict[str, int] | None = None) -> int:
    """From its tally (in `stored`, when the caller read several at once), or counted."""
    stored = tallies.read(PUBLISHED) if stored is None else stored
    return Project.objects.published().count() if PUBLISHED not in stored else stored[PUBLISHED]


def connect() -> None:
    relations = [through for through, _ in RELATIONS.values()]
    tallies.keep(PREFIX, compute, models=[Project], m2m=relations)
