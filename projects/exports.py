"""Open data: GeoJSON (RFC 7946), CSV in the columns of the public schema "projets de
transition écologique" (schema.data.gouv.fr, betagouv), and a Kumu blueprint."""

import csv
import json
import uuid

from django.conf import settings
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.views.decorators.http import require_GET

from alliance.text import csv_safe
from projects import geo
from projects.filters import GraphFilterForm, ProjectFilter
from projects.graph import build_graph
from projects.models import Participation, Project

# https://schema.data.gouv.fr/betagouv/schema-projet-collectivites-transition-ecologique
# ("projets-transition-ecologique", v0.1.1). Contact columns (e-mail, telephone) stay
# empty: contact details are never published.
SCHEMA_COLUMNS = [
    "id",
    "createdAt",
    "updatedAt",
    "nom",
    "description",
    "budgetPrevisionnel",
    "dateDebutPrevisionnelle",
    "phase",
    "phaseStatut",
    "programme",
    "porteurCodeSiret",
    "porteurReferentEmail",
    "porteurReferentTelephone",
    "porteurReferentPrenom",
    "porteurReferentNom",
    "porteurReferentFonction",
    "competences",
    "leviers",
    "mecId",
    "tetId",
    "recocoId",
    "collectiviteIds",
]
PROGRAMME = "Alliance pour la transformation durable du territoire"


def project_uuid(project_id: int) -> str:
    """A stable UUID for a project, derived from its address on the site."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"{settings.SITE_URL}/projets/{project_id}"))


def commune_uuid(insee_code: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"https://geo.api.gouv.fr/communes/{insee_code}"))


def _iso(moment) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.000Z") if moment else ""


def _published(request: HttpRequest):
    return ProjectFilter(request.GET, queryset=Project.objects.published()).qs


@require_GET
def export_geojson(request: HttpRequest) -> HttpResponse:
    data = geo.open_features(_published(request), settings.SITE_URL)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False), content_type="application/geo+json"
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


def schema_rows(queryset):
    phases, statuses = dict(Project.Phase.choices), dict(Project.PhaseStatus.choices)
    carriers = Participation.objects.filter(role=Participation.Role.CARRIER).select_related(
        "organisation"
    )
    queryset = (
        queryset.select_related("referent")
        .prefetch_related(
            Prefetch("participations", queryset=carriers, to_attr="carriers"), "communes"
        )
        .order_by("pk")
    )
    for p in queryset:
        sirets = [c.organisation.siret for c in p.carriers if c.organisation.siret]
        referent = p.referent
        yield [
            project_uuid(p.pk),
            _iso(p.created_at),
            _iso(p.updated_at),
            p.title,
            p.summary + ("\n\n" + p.description if p.description else ""),
            int(p.budget) if p.budget is not None else "",
            p.start_date.isoformat() if p.start_date else "",
            str(phases[p.phase]),
            str(statuses[p.phase_status]),
            PROGRAMME,
            sirets[0] if sirets else "",
            "",
            "",
            referent.first_name if referent else "",
            referent.last_name if referent else "",
            referent.title if referent else "",
            "",
            "",
            "",
            "",
            "",
            json.dumps([commune_uuid(c.insee_code) for c in p.communes.all()]),
        ]


class _Echo:
    def write(self, value):
        return value


@require_GET
def export_csv(request: HttpRequest) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())
    rows = schema_rows(_published(request))

    def lines():
        yield writer.writerow(SCHEMA_COLUMNS)
        for row in rows:
            yield writer.writerow([csv_safe(value) for value in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="projets-alliance.csv"'
    return response


@require_GET
def export_kumu(request: HttpRequest) -> JsonResponse:
    form = GraphFilterForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    graph = build_graph(theme=data.get("theme"), kind=data.get("kind") or "")
    response = JsonResponse(
        graph.kumu(settings.SITE_URL), json_dumps_params={"ensure_ascii": False}
    )
    response["Content-Disposition"] = 'attachment; filename="alliance-interdependances.kumu.json"'
    return response
