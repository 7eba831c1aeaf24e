"""The interdependency graph page and its data."""

import gzip
import json

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
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
GROUP_MEMBERS = 8


@require_GET
@public_page
def graph(request: HttpRequest) -> HttpResponse:
    form = GraphFilterForm(request.GET).with_default_theme()
    graph = form.graph()
    links, groups, isolated = graph.link_rows(), graph.groups(), graph.isolated()
    context = {
        "form": form,
        "graph": graph,
        "links": links[:TABLE_ROWS],
        "links_count": len(links),
        "matrix": graph.matrix_rows(),
        "most_connected": graph.most_connected(),
        "isolated": isolated[:TABLE_ROWS],
        "isolated_count": len(isolated),
        "groups": [(len(g), g[:GROUP_MEMBERS]) for g in groups[:20]],
        "groups_count": len(groups),
        "querystring": urlencode({key: value for key, value in form.data.items() if value}),
        "themes_legend": graph.legend(),
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
        data = GraphFilterForm(request.GET).graph().cytoscape()
        raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
        body = gzip.compress(raw, compresslevel=6)
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
