"""GeoJSON as RFC 7946 wants it, for every open-data file: `[lon, lat]` rounded to 5
decimals (about a metre), outer rings counter-clockwise and holes clockwise, no `crs`."""

PRECISION = 5


def point(longitude, latitude) -> dict | None:
    if longitude is None or latitude is None:
        return None
    return {
        "type": "Point",
        "coordinates": [round(float(longitude), PRECISION), round(float(latitude), PRECISION)],
    }


def _signed_area(ring: list) -> float:
    """Shoelace formula: positive when the ring turns counter-clockwise."""
    return sum(
        x1 * y2 - x2 * y1 for (x1, y1, *_), (x2, y2, *_) in zip(ring, ring[1:], strict=False)
    )


def _ring(ring: list, *, outer: bool) -> list:
    ring = [[round(c, PRECISION) for c in position[:2]] for position in ring]
    counter_clockwise = _signed_area(ring) > 0
    return ring if counter_clockwise == outer else ring[::-1]


def _polygon(rings: list) -> list:
    return [_ring(ring, outer=i == 0) for i, ring in enumerate(rings)]


def oriented(geometry: dict | None) -> dict | None:
    """A Polygon or MultiPolygon with RFC 7946 winding and rounded coordinates."""
    if not geometry:
        return None
    kind = geometry.get("type")
    if kind == "Polygon":
        return {"type": kind, "coordinates": _polygon(geometry["coordinates"])}
    if kind == "MultiPolygon":
        return {"type": kind, "coordinates": [_polygon(p) for p in geometry["coordinates"]]}
    return geometry


def feature(pk, geometry: dict | None, *, name: str, description: str = "", **properties) -> dict:
    """One feature in the shared naming: `id`, `name`, `description` (what uMap and QGIS
    label by), then the file's own properties; empty values are null."""
    values = {"id": pk, "name": name, "description": description, **properties}
    return {
        "type": "Feature",
        "id": pk,
        "geometry": geometry,
        "properties": {k: (None if v in ("", None) else v) for k, v in values.items()},
    }


def collection(features: list[dict]) -> dict:
    return {"type": "FeatureCollection", "features": features}
