"""The roadmap page (timeline and objectives), its facilitator forms, the document
download, and the /vision/ dashboard with its CSV downloads."""

from functools import partial
from itertools import groupby
from urllib.parse import urlsplit

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)
from django_htmx.http import reswap, retarget

from alliance import documents
from alliance.access import facilitator_required
from alliance.exports import csv_response, open_download
from alliance.maps import VISION_ZOOM, map_config
from alliance.pagecache import public_page
from roadmap import document, tables, vision
from roadmap.access import can_edit_roadmap
from roadmap.forms import MeasurementForm, MilestoneFilter, MilestoneForm, ObjectiveForm
from roadmap.models import Measurement, Milestone, Objective

INDEX = "roadmap/roadmap_index.html"


def _filter_params(request: HttpRequest) -> QueryDict:
    """The page's filters: from the query string, or, after an HTMX POST, from the page URL."""
    if request.method == "GET" or not request.htmx or not request.htmx.current_url:
        return request.GET
    return QueryDict(urlsplit(request.htmx.current_url).query)


def _index_context(request: HttpRequest) -> dict:
    filters = MilestoneFilter(
        _filter_params(request),
        queryset=Milestone.objects.with_details(),
    )
    milestones = list(filters.qs.distinct())
    today = timezone.localdate()
    objectives = Objective.objects.with_details()
    theme = filters.form.cleaned_data.get("theme") if filters.form.is_valid() else None
    if theme:
        objectives = objectives.in_theme(theme)
    can_edit = can_edit_roadmap(request.user)
    objectives = list(objectives)
    if can_edit:
        for objective in objectives:
            objective.measure_form = MeasurementForm(objective=objective)
    return {
        "filters": filters,
        "upcoming": [m for m in milestones if not m.is_past],
        "past": [m for m in reversed(milestones) if m.is_past],
        "objective_groups": [(t, list(objs)) for t, objs in groupby(objectives, lambda o: o.theme)],
        "can_edit": can_edit,
        "today": today,
    }


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    template = INDEX
    if request.htmx:
        template += "#roadmap-content"
    return render(request, template, _index_context(request))


def _section(request: HttpRequest, name: str) -> HttpResponse:
    """After an HTMX change: the refreshed section, swapped in place of the form."""
    response = render(request, f"{INDEX}#{name}", _index_context(request))
    return reswap(retarget(response, f"#{name}"), "outerHTML")


# What differs between the milestone and the objective editors: one table, one view below.
ITEMS = {
    "milestone": {
        "form_class": MilestoneForm,
        "model": Milestone,
        "section": "timeline",
        "titles": (gettext_lazy("Nouveau jalon"), gettext_lazy("Modifier le jalon")),
        "saved": (
            gettext_lazy("Le jalon a été ajouté."),
            gettext_lazy("Le jalon a été enregistré."),
        ),
        "submit": gettext_lazy("Enregistrer le jalon"),
    },
    "objective": {
        "form_class": ObjectiveForm,
        "model": Objective,
        "section": "objectives",
        "titles": (gettext_lazy("Nouvel objectif"), gettext_lazy("Modifier l'objectif")),
        "saved": (
            gettext_lazy("L'objectif a été ajouté."),
            gettext_lazy("L'objectif a été enregistré."),
        ),
        "submit": gettext_lazy("Enregistrer l'objectif"),
    },
}


def _edit(request: HttpRequest, kind: str, pk: int | None = None) -> HttpResponse:
    """The one create (no pk) and edit view of milestones and objectives (`kind`)."""
    item = ITEMS[kind]
    instance = get_object_or_404(item["model"], pk=pk) if pk else None
    form = item["form_class"](request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():  # the row, its many-to-many links and its history row
            form.save()
        if request.htmx:
            return _section(request, item["section"])
        messages.success(request, item["saved"][bool(instance)])
        return redirect(form.instance.get_absolute_url())
    template = "roadmap/item_form.html#item-form" if request.htmx else "roadmap/item_form.html"
    action = reverse(f"roadmap:{kind}_edit", args=[pk]) if pk else reverse(f"roadmap:{kind}_create")
    context = {"form": form, "object": instance, "kind": kind, "action": action}
    context.update(title=item["titles"][bool(instance)], submit=item["submit"])
    return render(request, template, context)


@facilitator_required
@require_http_methods(["GET", "POST"])
def milestone_create(request: HttpRequest) -> HttpResponse:
    return _edit(request, "milestone")


@facilitator_required
@require_http_methods(["GET", "POST"])
def milestone_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _edit(request, "milestone", pk)


@facilitator_required
@require_POST
def milestone_delete(request: HttpRequest, pk: int) -> HttpResponse:
    get_object_or_404(Milestone, pk=pk).delete()
    if request.htmx:
        return _section(request, "timeline")
    messages.success(request, _("Le jalon a été supprimé."))
    return redirect("roadmap:index")


@facilitator_required
@require_http_methods(["GET", "POST"])
def objective_create(request: HttpRequest) -> HttpResponse:
    return _edit(request, "objective")


@facilitator_required
@require_http_methods(["GET", "POST"])
def objective_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _edit(request, "objective", pk)


@facilitator_required
@require_POST
def objective_delete(request: HttpRequest, pk: int) -> HttpResponse:
    get_object_or_404(Objective, pk=pk).delete()
    if request.htmx:
        return _section(request, "objectives")
    messages.success(request, _("L'objectif a été supprimé."))
    return redirect("roadmap:index")


def _objective_card(request: HttpRequest, objective: Objective, form=None) -> HttpResponse:
    objective = Objective.objects.with_details().get(pk=objective.pk)
    objective.measure_form = form or MeasurementForm(objective=objective)
    return render(
        request, "roadmap/_objective_card.html", {"objective": objective, "can_edit": True}
    )


def _measure(request: HttpRequest, objective: Objective, measurement: Measurement | None):
    form = MeasurementForm(request.POST or None, instance=measurement, objective=objective)
    if request.method == "POST" and form.is_valid():
        if form.instance.recorded_by_id is None:
            form.instance.recorded_by = request.user
        with transaction.atomic():  # the measurement and its history row
            form.save()
        if request.htmx:
            return _objective_card(request, objective)
        messages.success(request, _("La mesure a été enregistrée."))
        return redirect(objective.get_absolute_url())
    if request.method == "POST" and request.htmx:
        return _objective_card(request, objective, form)
    context = {"form": form, "objective": objective, "object": measurement}
    return render(request, "roadmap/measurement_form.html", context)


@facilitator_required
@require_http_methods(["GET", "POST"])
def measurement_create(request: HttpRequest, pk: int) -> HttpResponse:
    return _measure(request, get_object_or_404(Objective, pk=pk), None)


@facilitator_required
@require_http_methods(["GET", "POST"])
def measurement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    measurement = get_object_or_404(Measurement.objects.select_related("objective"), pk=pk)
    return _measure(request, measurement.objective, measurement)


@facilitator_required
@require_POST
def measurement_delete(request: HttpRequest, pk: int) -> HttpResponse:
    measurement = get_object_or_404(Measurement.objects.select_related("objective"), pk=pk)
    objective = measurement.objective
    measurement.delete()
    if request.htmx:
        return _objective_card(request, objective)
    messages.success(request, _("La mesure a été supprimée."))
    return redirect(objective.get_absolute_url())


@open_download
def download(request: HttpRequest, kind: str) -> HttpResponse:
    """The roadmap of the day as PDF or DOCX (`kind` comes from the URL)."""
    return documents.download(partial(document.roadmap, timezone.localdate()), kind)


@require_safe
@public_page
def vision_page(request: HttpRequest) -> HttpResponse:
    data = vision.figures()
    charts = tables.build(data)
    context = {
        "data": data,
        "tables": charts,
        "chart_data": {slug: t.chart_data() for slug, t in charts.items() if t.chart},
        "legend": vision.CHOROPLETH_CLASSES,
        "map_config": map_config(zoom=VISION_ZOOM, classes=vision.CHOROPLETH_CLASSES),
    }
    return render(request, "roadmap/vision.html", context)


@require_safe
def vision_csv(request: HttpRequest, chart: str) -> HttpResponse:
    table = tables.build(vision.figures()).get(chart)
    if table is None:
        raise Http404
    today = timezone.localdate()
    return csv_response(f"vision-{chart}-{today:%Y-%m-%d}.csv", table.header, table.rows)
