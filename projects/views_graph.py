"""The interdependency graph page and its data."""

import gc
import gzip
import json
import zlib
from contextlib import contextmanager
from functools import partial
from hashlib import md5
from itertools import islice
from types import GeneratorType

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
from projects.filters import GraphFilterForm
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
    form = GraphFilterForm(request.GET).with_default_theme()
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
    digest = projects_cache.graph_digest(request.GET, translation.get_language())
    key, body = projects_cache.data_body("graph", digest)
    if body is None:
        with _without_cyclic_gc():
            body = gzipped_json(GraphFilterForm(request.GET).cytoscape())
        projects_cache.store_data_body(key, body)
    return body


@contextmanager
def _without_cyclic_gc():
    """No cyclic garbage collection while a graph's rows are built: its passes, triggered by
    every few hundred new rows and scanning all the rows so far, took a third of the time
    at 50,000 projects. The rows hold no cycle; reference counting frees them."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# Rows of a list written to JSON at a time.
CHUNK_ROWS = 2000


def gzipped_json(data: dict) -> bytes:
    """`data` as compact JSON, gzipped as it is written: a value that is a list or a
    generator of rows goes CHUNK_ROWS at a time, so the whole text (8 MB at 50,000
    projects, as str then bytes) is never held, nor a generator's rows."""
    dumps = partial(json.dumps, ensure_ascii=False, separators=(",", ":"))
    deflate = zlib.compressobj(4, zlib.DEFLATED, 31)  # gzip; 3 % larger than 6, twice as fast
    parts = []

    def write(text: str) -> None:
        parts.append(deflate.compress(text.encode()))

    for i, (key, value) in enumerate(data.items()):
        write(("{" if i == 0 else ",") + dumps(key) + ":")
        if not isinstance(value, list | GeneratorType):
            write(dumps(value))
            continue
        rows, first = iter(value), True
        write("[")
        while chunk := list(islice(rows, CHUNK_ROWS)):
            write(("" if first else ",") + dumps(chunk)[1:-1])
            first = False
        write("]")
    write("}" if data else "{}")
    parts.append(deflate.flush())
    return b"".join(parts)


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
