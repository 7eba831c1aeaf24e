"""Open data of the projects: GeoJSON (RFC 7946), CSV in the columns of the public schema
"projets de collectivités" (schema.data.gouv.fr, betagouv; a copy of the schema is in
`projects/data/`), and the interdependency graph as Kumu JSON, GraphML and GEXF."""

import io
import json
import uuid

import networkx as nx
from django.conf import settings
from django.db.models import Max, Prefetch
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse

from alliance import geo as geojson
from alliance.exports import open_csv_response, open_download, stamp, wants_excel
from projects import geo
from projects.filters import GraphFilterForm, ProjectFilter
from projects.graph import Graph, kind_label, phase_label
from projects.models import Link, Participation, Project

# https://schema.data.gouv.fr/betagouv/schema-projet-collectivites-transition-ecologique
# ("projets-territoire", v0.1.0). Contact columns (e-mail, telephone) stay empty: contact
# details are never published, and the referent is named only with their consent.
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


def last_change(queryset):
    return queryset.order_by().aggregate(last=Max("updated_at"))["last"]


def _page(slug: str) -> str:
    return settings.SITE_URL + reverse("projects:detail", args=[slug])


def open_features(queryset) -> dict:
    """Projects as features: `name` and `description` for generic viewers, then phase,
    themes, communes (INSEE codes) and the page's address."""
    queryset = geo.with_point(queryset).order_by("pk")
    rows = list(
        queryset.values("id", "title", "summary", "slug", "phase", "updated_at", "lat", "lng")
    )
    themes, communes = {}, {}
    themes_through = Project.themes.through.objects.filter(project__in=queryset.values("pk"))
    for pk, name in themes_through.order_by("theme__order", "theme__name").values_list(
        "project_id", "theme__name"
    ):
        themes.setdefault(pk, []).append(name)
    communes_through = Project.communes.through.objects.filter(project__in=queryset.values("pk"))
    for pk, code in communes_through.order_by("commune__insee_code").values_list(
        "project_id", "commune__insee_code"
    ):
        communes.setdefault(pk, []).append(code)
    return geojson.collection(
        [
            geojson.feature(
                row["id"],
                geojson.point(row["lng"], row["lat"]),
                name=row["title"],
                description=row["summary"],
                phase=phase_label(row["phase"]),
                themes=themes.get(row["id"], []),
                insee_codes=communes.get(row["id"], []),
                url=_page(row["slug"]),
                updated_at=row["updated_at"].isoformat(),
            )
            for row in rows
        ]
    )


@open_download
def export_geojson(request: HttpRequest) -> HttpResponse:
    projects = _published(request)
    body = json.dumps(open_features(projects), ensure_ascii=False)
    response = HttpResponse(body, content_type="application/geo+json")
    response["Content-Disposition"] = 'attachment; filename="projets.geojson"'
    return stamp(response, last_change(projects))


def _referent(project: Project) -> tuple[str, str, str]:
    """First name, last name and function, only where the referent agreed to show their
    contact details; otherwise the carrying organisation stands alone."""
    person = project.referent
    if person is None or not person.share_contact or person.erased_at:
        return "", "", ""
    return person.first_name, person.last_name, person.title


def schema_rows(queryset):
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
        first_name, last_name, function = _referent(p)
        yield [
            project_uuid(p.pk),
            _iso(p.created_at),
            _iso(p.updated_at),
            p.title,
            p.summary + ("\n\n" + p.description if p.description else ""),
            int(p.budget) if p.budget is not None else "",
            p.start_date.isoformat() if p.start_date else "",
            str(p.get_phase_display()),
            str(p.get_phase_status_display()),
            PROGRAMME,
            sirets[0] if sirets else "",
            "",
            "",
            first_name,
            last_name,
            function,
            "",
            "",
            "",
            "",
            "",
            json.dumps([commune_uuid(c.insee_code) for c in p.communes.all()]),
        ]


@open_download
def export_csv(request: HttpRequest) -> HttpResponse:
    projects = _published(request)
    rows = list(schema_rows(projects))  # the whole query runs before the first byte
    response = open_csv_response(
        "projets-alliance.csv", SCHEMA_COLUMNS, rows, excel=wants_excel(request)
    )
    return stamp(response, last_change(projects))


def _graph(request: HttpRequest) -> Graph:
    return GraphFilterForm(request.GET).graph(detail=True)


def _graph_stamp(response: HttpResponse) -> HttpResponse:
    changes = [last_change(Project.objects.published()), last_change(Link.objects.all())]
    return stamp(response, max((c for c in changes if c), default=None))


@open_download
def export_kumu(request: HttpRequest) -> JsonResponse:
    response = JsonResponse(
        _graph(request).kumu(settings.SITE_URL), json_dumps_params={"ensure_ascii": False}
    )
    response["Content-Disposition"] = 'attachment; filename="alliance-interdependances.kumu.json"'
    return _graph_stamp(response)


def to_networkx(graph: Graph) -> nx.MultiDiGraph:
    """Projects as nodes (keyed by slug), links as directed, typed edges. GraphML and GEXF
    take scalar attributes only: no None, lists joined."""
    result = nx.MultiDiGraph(name="Alliance — interdépendances entre projets")
    slugs = {}
    for node in graph.nodes.values():
        slugs[node["id"]] = node["slug"]
        theme = graph.themes.get(node["theme_id"])
        result.add_node(
            node["slug"],
            label=node["title"],
            description=node["summary"],
            phase=phase_label(node["phase"]),
            theme=theme.name if theme else "",
            color=graph.color(node),
            url=_page(node["slug"]),
        )
    for link in graph.links:
        result.add_edge(
            slugs[link["source_id"]],
            slugs[link["target_id"]],
            key=link["id"],
            id=str(link["id"]),
            kind=link["kind"],
            label=kind_label(link["kind"]),
            weight=link["strength"],
            description=link["description"],
        )
    return result


def _graph_file(request: HttpRequest, extension: str, write, content_type: str) -> HttpResponse:
    buffer = io.BytesIO()
    write(to_networkx(_graph(request)), buffer)
    response = HttpResponse(buffer.getvalue(), content_type=content_type)
    filename = f"alliance-interdependances.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return _graph_stamp(response)


@open_download
def export_graphml(request: HttpRequest) -> HttpResponse:
    return _graph_file(request, "graphml", nx.write_graphml, "application/graphml+xml")


@open_download
def export_gexf(request: HttpRequest) -> HttpResponse:
    return _graph_file(request, "gexf", nx.write_gexf, "application/gexf+xml")
