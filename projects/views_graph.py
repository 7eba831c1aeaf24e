"""The interdependency graph page and its data."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_safe

from projects.filters import GraphFilterForm


@require_GET
def graph(request: HttpRequest) -> HttpResponse:
    form = GraphFilterForm(request.GET)
    graph = form.graph()
    context = {
        "form": form,
        "graph": graph,
        "links": graph.link_rows(),
        "matrix": graph.matrix_rows(),
        "most_connected": graph.most_connected(),
        "isolated": graph.isolated(),
        "groups": graph.groups(),
        "querystring": request.GET.urlencode(),
        "themes_legend": graph.legend(),
    }
    return render(request, "projects/graph.html", context)


@require_safe
def graph_data(request: HttpRequest) -> HttpResponse:
    return JsonResponse(GraphFilterForm(request.GET).graph().cytoscape())
