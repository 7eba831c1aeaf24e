"""GeoJSON for the map, built by hand from `.values()` rows:
10,000 projects must come out fast and light."""

import json

from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from alliance.geo import feature, oriented
from alliance.models import Commune, Theme
from projects.models import DEFAULT_COLOR, Project


def _commune_coordinate(name: str):
    through = Project.communes.through.objects.filter(project_id=OuterRef("pk")).order_by(
        "commune__name"
    )
    return Subquery(through.values(f"commune__{name}")[:1])


def with_point(queryset):
    """A project's own point, or else its (first) commune's town hall."""
    return queryset.annotate(
        lat=Coalesce("latitude", _commune_coordinate("latitude")),
        lng=Coalesce("longitude", _commune_coordinate("longitude")),
    )


def map_geojson(queryset) -> str:
    """The map's GeoJSON text: per project only its point, id and colour (the title and
    the rest come with the popup, fetched when it opens). Written as text, not dicts then
    json.dumps: at 10,000 projects that halves the time."""
    colors = {pk: color or DEFAULT_COLOR for pk, color in Theme.objects.values_list("pk", "color")}
    as_json = {pk: json.dumps(color) for pk, color in colors.items()}
    default = json.dumps(DEFAULT_COLOR)
    queryset = queryset.order_by()
    main = queryset.main_themes(list(colors))
    rows = list(
        queryset.filter(latitude__isnull=False, longitude__isnull=False).values_list(
            "id", "latitude", "longitude"
        )
    )
    # Projects without a point of their own sit on their commune's town hall.
    rows += [
        row
        for row in with_point(queryset.filter(Q(latitude=None) | Q(longitude=None))).values_list(
            "id", "lat", "lng"
        )
        if row[1] is not None and row[2] is not None
    ]
    features = ",".join(
        f'{{"type":"Feature","id":{pk},"geometry":{{"type":"Point","coordinates":'
        f"[{round(lng, 5)!r},{round(lat, 5)!r}]}},"
        f'"properties":{{"color":{as_json.get(main.get(pk), default)}}}}}'
        for pk, lat, lng in rows
    )
    return '{"type":"FeatureCollection","features":[' + features + "]}"


_outline_cache: dict[str, str] = {}


def metropole_outline() -> str:
    """The 37 communes of Toulouse Métropole as one FeatureCollection (JSON text)."""
    if "json" not in _outline_cache:
        features = [
            feature(insee, oriented(outline), name=name, insee_code=insee)
            for insee, name, outline in Commune.objects.metropole()
            .exclude(outline=None)
            .values_list("insee_code", "name", "outline")
        ]
        text = json.dumps({"type": "FeatureCollection", "features": features})
        if not features:
            return text  # not loaded yet: try again next time
        _outline_cache["json"] = text
    return _outline_cache["json"]
