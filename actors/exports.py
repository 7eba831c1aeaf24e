"""Open data of the directory: the organisations as CSV and GeoJSON (RFC 7946). Public
fields only: no person, no contact detail, the same rows as the directory's filters."""

import json

from django.conf import settings
from django.db.models import Max
from django.http import HttpRequest, HttpResponse

from actors.filters import OrganisationFilter
from actors.models import Organisation
from alliance import geo
from alliance.exports import open_csv_response, open_download, stamp, wants_excel

# The CSV's columns, in the order of the published Table Schema (/donnees/datapackage.json).
CSV_COLUMNS = [
    "id",
    "nom",
    "type",
    "taille",
    "siren",
    "site_web",
    "adresse",
    "commune",
    "code_insee",
    "themes",
    "adhesion",
    "latitude",
    "longitude",
    "url",
    "mis_a_jour",
]


def _public_rows(request: HttpRequest):
    filters = OrganisationFilter(request.GET or None, queryset=Organisation.objects.active())
    return (
        filters.qs.select_related("commune").prefetch_related("themes").order_by("name_key", "pk")
    )


def _last_change(queryset):
    return queryset.order_by().aggregate(last=Max("updated_at"))["last"]


def _row(o: Organisation) -> dict:
    point = geo.point(o.longitude, o.latitude)
    return {
        "id": o.pk,
        "nom": o.name,
        "type": o.get_kind_display(),
        "taille": o.get_size_display(),
        "siren": o.siren or "",
        "site_web": o.website,
        "adresse": o.address,
        "commune": o.commune.name if o.commune else "",
        "code_insee": o.commune.insee_code if o.commune else "",
        "themes": ", ".join(theme.name for theme in o.themes.all()),
        "adhesion": o.joined_on.isoformat() if o.joined_on else "",
        "latitude": point["coordinates"][1] if point else "",
        "longitude": point["coordinates"][0] if point else "",
        "url": settings.SITE_URL + o.get_absolute_url(),
        "mis_a_jour": o.updated_at.isoformat(timespec="seconds"),
    }


@open_download
def export_csv(request: HttpRequest) -> HttpResponse:
    organisations = _public_rows(request)
    rows = [[_row(o)[name] for name in CSV_COLUMNS] for o in organisations.iterator(chunk_size=500)]
    response = open_csv_response("acteurs.csv", CSV_COLUMNS, rows, excel=wants_excel(request))
    return stamp(response, _last_change(organisations))


def _feature(o: Organisation) -> dict:
    return geo.feature(
        o.pk,
        geo.point(o.longitude, o.latitude),
        name=o.name,
        description=o.description,
        kind=o.get_kind_display(),
        size=o.get_size_display(),
        siren=o.siren or "",
        website=o.website,
        address=o.address,
        commune=o.commune.name if o.commune else "",
        insee_code=o.commune.insee_code if o.commune else "",
        themes=[theme.name for theme in o.themes.all()],
        joined_on=o.joined_on.isoformat() if o.joined_on else "",
        url=settings.SITE_URL + o.get_absolute_url(),
        updated_at=o.updated_at.isoformat(),
    )


@open_download
def export_geojson(request: HttpRequest) -> HttpResponse:
    organisations = _public_rows(request)
    data = geo.collection([_feature(o) for o in organisations.iterator(chunk_size=500)])
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False), content_type="application/geo+json"
    )
    response["Content-Disposition"] = 'attachment; filename="acteurs.geojson"'
    return stamp(response, _last_change(organisations))
