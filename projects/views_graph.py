"""The interdependency graph page and its data."""

import gzip
from hashlib import md5

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.http import urlencode
from django.views.decorators.http import require_safe

from alliance.pagecache import public_page
from projects import cache as projects_cache
from projects import graph_summary
from projects.filters import GRAPH_PARAMS, GraphFilterForm, known
from projects.graph_json import data_body
from projects.models import Link


def _summary(form: GraphFilterForm, filters: str, version: int) -> dict:
    """What the page shows of the graph these filters select (Graph.summary), cached on the
    projects version, else the one its job stored (projects/graph_summary.py), else
    computed: it takes the whole graph."""
    key = f"graph-page:{version}:{md5(filters.encode()).hexdigest()}"
    summary = cache.get(key)
    if summary is None:
        summary = graph_summary.stored(filters) or graph_summary.compute(form)
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


@require_safe
@public_page
def graph(request: HttpRequest) -> HttpResponse:
    form = GraphFilterForm(known(request.GET, GRAPH_PARAMS)).with_default_theme()
    filters = {key: value for key, value in form.data.items() if value}
    querystring = urlencode(filters)
    key, version = graph_summary.filters_key(form), projects_cache.version()
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
    and the language (its link kinds and theme names are translated), and kept by this
    process as the map data is (projects/cache.py)."""
    params = known(request.GET, GRAPH_PARAMS)
    digest = projects_cache.graph_digest(params, translation.get_language())
    key, body = projects_cache.data_body("graph", digest)
    if body is None:
        body = graph_summary.stored_body(params) or data_body(GraphFilterForm(params))
        projects_cache.store_data_body(key, body)
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
