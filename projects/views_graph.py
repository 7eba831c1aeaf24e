"""The interdependency graph page and its data."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_safe

from projects.filters import GraphFilterForm
from projects.graph import build_graph
from projects.models import Link


def _graph(request: HttpRequest):
    form = GraphFilterForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    return form, build_graph(theme=data.get("theme"), kind=data.get("kind") or "")


@require_GET
def graph(request: HttpRequest) -> HttpResponse:
    form, graph = _graph(request)
    matrix_themes, matrix_rows = graph.matrix()
    kinds = dict(Link.Kind.choices)
    links = [
        {
            **link,
            "source": graph.nodes[link["source_id"]],
            "target": graph.nodes[link["target_id"]],
            "kind_label": kinds[link["kind"]],
        }
        for link in graph.links
    ]
    return render(
        request,
        "projects/graph.html",
        {
            "form": form,
            "graph": graph,
            "links": links,
            "matrix": list(zip(matrix_themes, matrix_rows, strict=True)),
            "matrix_themes": matrix_themes,
            "most_connected": graph.most_connected(),
            "isolated": graph.isolated(),
            "groups": graph.groups(),
            "querystring": request.GET.urlencode(),
            "themes_legend": sorted(
                {graph.themes[n["theme_id"]] for n in graph.nodes.values() if n["theme_id"]},
                key=lambda t: (t.order, t.name),
            ),
        },
    )


@require_safe
def graph_data(request: HttpRequest) -> HttpResponse:
    _, graph = _graph(request)
    return JsonResponse(graph.cytoscape())
