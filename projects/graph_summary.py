"""The interdependency page's summary (Graph.summary) for the filters a visitor lands on,
stored by a job (alliance/stored.py), so that a visit with an empty cache reads one row
instead of the whole graph (0.6 s at 50,000 projects and 100,000 links).

Stale after the commit of any change to what the summary shows: projects (titles, slugs,
state, main theme), links, themes, and the graph's groups (the communities job). The job
runs once per burst of changes, and beat has it run every ten minutes (bulk writes send no
signal). Other filters, and the default ones while the row is stale, are computed by the
page as before. The row holds the page script's data for the same filters too, in each
language, gzipped (1.7 MB at 50,000 projects): its view sends it instead of building it
(0.8 s).
"""

from django.conf import settings
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import QueryDict
from django.utils import translation
from django.utils.http import urlencode

from alliance import jobs
from alliance.models import Theme
from projects.filters import GraphFilterForm
from projects.graph_json import data_body
from projects.models import GraphSummary, Link, Project

JOB = "projects.graph_summary.refresh"
# The languages whose data the row holds (settings.LANGUAGES).
BODY_FIELDS = [f"body_{code}" for code, _name in settings.LANGUAGES]
# The page stays small at any size: the table and lists show this many rows at most.
TABLE_ROWS = 100
GROUPS = 20
GROUP_MEMBERS = 8


def filters_key(form: GraphFilterForm) -> str:
    """The filters a form chose, as the cache keys and the stored row name them."""
    return urlencode(sorted((key, value) for key, value in form.data.items() if value))


def compute(form: GraphFilterForm) -> dict:
    return form.graph().summary(rows=TABLE_ROWS, groups=GROUPS, members=GROUP_MEMBERS)


def stored(filters: str) -> dict | None:
    """The summary the job stored for these filters, if current; its themes read again."""
    data = GraphSummary.current_default()
    if not data or data.get("filters") != filters:
        return None
    summary = data["summary"]
    themes = Theme.objects.in_bulk(summary["legend"] + [pk for pk, _row in summary["matrix"]])
    return {
        **summary,
        "legend": [themes[pk] for pk in summary["legend"] if pk in themes],
        "matrix": [(themes[pk], row) for pk, row in summary["matrix"] if pk in themes],
    }


def stored_body(params) -> bytes | None:
    """The gzipped data the job stored for these query parameters, in the active language,
    if current."""
    field = f"body_{translation.get_language()}"
    chosen = {key for key, value in params.items() if value}
    if field not in BODY_FIELDS or chosen != {"theme"}:  # the default filters: a theme alone
        return None
    found = GraphSummary.current_default("body_filters", field)
    filters = urlencode(sorted((key, value) for key, value in params.items() if value))
    if not found or found[0] != filters or found[1] is None:
        return None
    return bytes(found[1])


def _fields() -> dict:
    form = GraphFilterForm(QueryDict()).with_default_theme()
    bodies = {}
    for field in BODY_FIELDS:
        with translation.override(field.removeprefix("body_")):
            bodies[field] = data_body(form)
    return {"data": _plain(form), "body_filters": filters_key(form), **bodies}


def _plain(form: GraphFilterForm) -> dict:
    summary = compute(form)
    return {
        "filters": filters_key(form),
        "theme": form.data.get("theme", ""),  # the default theme (GraphFilterForm)
        "summary": {
            **summary,
            "legend": [theme.pk for theme in summary["legend"]],
            "matrix": [(theme.pk, row) for theme, row in summary["matrix"]],
        },
    }


def refresh() -> None:
    """The job."""
    GraphSummary.store(_fields, then=jobs.complete)


def changed(sender=None, raw=False, action="post_", **kwargs) -> None:
    """Connected to the signals of what the summary shows; the communities job calls it
    when it stored new groups."""
    if raw or not action.startswith("post_"):
        return
    jobs.enqueue_once_after_commit(JOB, first=GraphSummary.stale)


def connect() -> None:
    uid = "projects-graph-summary"
    for model in (Project, Link, Theme):
        label = model._meta.label
        post_save.connect(changed, sender=model, dispatch_uid=f"{uid}-{label}-save")
        post_delete.connect(changed, sender=model, dispatch_uid=f"{uid}-{label}-delete")
    m2m_changed.connect(changed, sender=Project.themes.through, dispatch_uid=f"{uid}-themes")
