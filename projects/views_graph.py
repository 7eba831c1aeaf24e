"""The interdependency graph page and its data."""

import gzip
import json
from hashlib import md5

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_safe

from alliance.pagecache import public_page
from projects import cache as projects_cache
from projects.filters import GraphFilterForm
from projects.models import Link

# The page stays small at any size: the table and lists show this many rows at most.
TABLE_ROWS = 100
GROUPS = 20
GROUP_MEMBERS = 8


def _summary(form: GraphFilterForm, filters: str, version: int) -> dict:
    """What the page shows of the graph these filters select (Graph.summary), cached on the
    projects version: its groups take the whole graph's communities to compute."""
    key = f"graph-page:{version}:{md5(filters.encode()).hexdigest()}"
    summary = cache.get(key)
    if summary is None:
        summary = form.graph().summary(rows=TABLE_ROWS, groups=GROUPS, members=GROUP_MEMBERS)
        cache.set(key, summary, projects_cache.FRAGMENT_SECONDS)
    return summary


def _with_urls(summary: dict) -> None:
    """Each project shown gets its page's address: one reverse() for them all."""
    marker = "--slug--"
    prefix = reverse("projects:detail", args=[marker]).replace(marker + "/", "")
    shown = [n for link in summary["links"] for n in (link["source"], link["target"])]
    shown += summary["isolated"] + [n for _size, group in summary["groups"] for n in group]
    shown += [n for n, _degree in summary["most_connected"]]
    for node in shown:
        node["url"] = f"{prefix}{node['slug']}/"


@require_GET
@public_page
def graph(request: HttpRequest) -> HttpResponse:
    form = GraphFilterForm(request.GET).with_default_theme()
    filters = {key: value for key, value in form.data.items() if value}
    querystring = urlencode(filters)
    key, version = urlencode(sorted(filters.items())), projects_cache.version()
    summary = _summary(form, key, version)
    _with_urls(summary)
    kinds = dict(Link.Kind.choices)
    for link in summary["links"]:
        link["kind_label"] = kinds[link["kind"]]
    context = {
        **summary,
        "form": form,
        "querystring": querystring,
        # the side lists and the tables are rendered once per version, filters and language
        "cache_seconds": projects_cache.FRAGMENT_SECONDS,
        "cache_version": version,
        "filters": key,
        "themes_legend": summary["legend"],
        "link_kinds": Link.Kind.choices,
    }
    return render(request, "projects/graph.html", context)


def _graph_bytes(request: HttpRequest) -> bytes:
    """The gzipped JSON of the graph these filters select, cached on the projects version
    and the language (its link kinds and theme names are translated)."""
    language = translation.get_language()
    key = f"graph-data:{projects_cache.version()}:{language}:{request.GET.urlencode()}"
    body = cache.get(key)
    if body is None:
        data = GraphFilterForm(request.GET).cytoscape()
        raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
        body = gzip.compress(raw, compresslevel=4)  # 3 % larger than 6, twice as fast
        cache.set(key, body, projects_cache.FRAGMENT_SECONDS)
    return body


@require_safe
def graph_data(request: HttpRequest) -> HttpResponse:
    body = _graph_bytes(request)
    response = HttpResponse(content_type="application/json")
    if "gzip" in request.headers.get("Accept-Encoding", ""):
        response.content = body
        response["Content-Encoding"] = "gzip"
    else:
        response.content = gzip.decompress(body)
    patch_vary_headers(response, ["Accept-Encoding"])
    return response
