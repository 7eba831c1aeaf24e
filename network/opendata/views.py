"""The open-data page and the files that belong to no single app: the data package, the
commune outlines and their collectivités table, the meetings' map, the ideas workbook;
and the open API's documentation page."""

import json
from datetime import datetime

from django.conf import settings
from django.db.models import Max
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from alliance import geo
from alliance.exports import (
    open_csv_response,
    open_download,
    stamp,
    wants_excel,
    xlsx_sheet_response,
)
from alliance.models import Commune
from circles.models import Circle, Meeting
from ideas import exports as idea_exports
from ideas.models import IdeaSpace
from network.opendata import catalogue, feeds
from network.opendata.api import docs as api_docs_module
from projects.exports import commune_uuid
from projects.models import Project

# Toulouse Métropole's department and region (COG), and the Métropole's SIREN as EPCI.
DEPARTMENT, REGION, METROPOLE_EPCI = "31", "76", "243100518"


@require_safe
def open_data(request: HttpRequest) -> HttpResponse:
    """Every public file with its last update, size, licence, schema and an example."""
    context = {
        "files": catalogue.catalogue(),
        "feeds": feeds.FEEDS,
        "circles": Circle.objects.order_by("name").only("name", "slug"),
        "spaces": IdeaSpace.objects.filter(is_public=True).order_by("name").only("name", "slug"),
    }
    return render(request, "network/open_data.html", context)


@open_download
def datapackage(request: HttpRequest) -> JsonResponse:
    package = catalogue.datapackage()
    response = JsonResponse(package, json_dumps_params={"ensure_ascii": False, "indent": 1})
    stamps = [r["lastModified"] for r in package["resources"] if r["lastModified"]]
    return stamp(response, datetime.fromisoformat(max(stamps)) if stamps else None)


def _communes():
    return Commune.objects.filter(in_metropole=True).order_by("insee_code")


@open_download
def communes_geojson(request: HttpRequest) -> HttpResponse:
    features = [
        geo.feature(
            commune_uuid(c.insee_code),
            geo.oriented(c.outline),
            name=c.name,
            insee_code=c.insee_code,
            siren=c.siren,
            population=c.population,
            postal_codes=c.postal_codes.split() if c.postal_codes else [],
        )
        for c in _communes()
    ]
    body = json.dumps(geo.collection(features), ensure_ascii=False)
    response = HttpResponse(body, content_type="application/geo+json")
    response["Content-Disposition"] = 'attachment; filename="communes.geojson"'
    return stamp(response, _communes().aggregate(last=Max("updated_at"))["last"])


COLLECTIVITES_COLUMNS = [
    "id",
    "nom",
    "type",
    "codeInsee",
    "codeDepartements",
    "codeRegions",
    "codeEpci",
    "siren",
    "createdAt",
    "updatedAt",
]


@open_download
def collectivites_csv(request: HttpRequest) -> HttpResponse:
    """The table that the projects' `collectiviteIds` point to: every commune a project
    names, with the Métropole's. Dated by the vintage of their INSEE code."""
    named = Project.communes.through.objects.values("commune_id")
    communes = Commune.objects.filter(in_metropole=True) | Commune.objects.filter(pk__in=named)
    rows = []
    for c in communes.distinct().order_by("insee_code"):
        vintage = f"{c.vintage}-01-01T00:00:00.000Z"
        rows.append(
            [
                commune_uuid(c.insee_code),
                c.name,
                "Commune",
                c.insee_code,
                json.dumps([c.insee_code[:2]]),
                json.dumps([REGION] if c.insee_code.startswith(DEPARTMENT) else []),
                METROPOLE_EPCI if c.in_metropole else "",
                c.siren,
                vintage,
                vintage,
            ]
        )
    response = open_csv_response(
        "collectivites.csv", COLLECTIVITES_COLUMNS, rows, excel=wants_excel(request)
    )
    return stamp(response, communes.aggregate(last=Max("updated_at"))["last"])


def _meeting_feature(m: Meeting) -> dict:
    return geo.feature(
        m.pk,
        geo.point(m.commune.longitude, m.commune.latitude),
        name=m.title,
        description=m.topic,
        circle=m.circle.name,
        start=m.start.isoformat(),
        end=m.end.isoformat(),
        place=m.place,
        commune=m.commune.name,
        insee_code=m.commune.insee_code,
        status=m.get_status_display(),
        url=settings.SITE_URL + m.get_absolute_url(),
        updated_at=m.updated_at.isoformat(),
    )


@open_download
def meetings_geojson(request: HttpRequest) -> HttpResponse:
    """Meetings held in a commune, placed at its town hall (the place's text says where)."""
    meetings = (
        Meeting.objects.exclude(commune=None)
        .select_related("circle", "commune")
        .order_by("start", "pk")
    )
    features = [_meeting_feature(m) for m in meetings]
    body = json.dumps(geo.collection(features), ensure_ascii=False)
    response = HttpResponse(body, content_type="application/geo+json")
    response["Content-Disposition"] = 'attachment; filename="reunions.geojson"'
    return stamp(response, meetings.aggregate(last=Max("updated_at"))["last"])


@open_download
def ideas_xlsx(request: HttpRequest) -> HttpResponse:
    """The ideas of the public spaces, as a typed workbook (what visitors see, no author)."""
    rows = idea_exports.public_rows(idea_exports.public_ideas())
    last = idea_exports.last_change()
    response = xlsx_sheet_response(
        "idees.xlsx", "Idées", idea_exports.PUBLIC_HEADER, rows, modified=last
    )
    return stamp(response, last)


@require_safe
def api_docs(request: HttpRequest) -> HttpResponse:
    """The API's documentation, drawn from its OpenAPI schema (no CDN, no script)."""
    return render(request, "network/api_docs.html", {"endpoints": api_docs_module.endpoints()})
