"""The one configuration of every Leaflet map (static/js/map.js reads it from a json_script):
tiles from settings, the metropole's centre, and the zoom levels named once."""

from django.conf import settings

METROPOLE_ZOOM = 11  # the whole of Toulouse Métropole: projects and actors maps
VISION_ZOOM = 10  # the communes choropleth, before it fits its outlines
PLACE_ZOOM = 13  # one project's location
MEETING_ZOOM = 14  # a meeting's commune, close enough to read the streets
MAX_ZOOM = 19  # the tile servers' deepest level


def map_config(*, zoom: int = METROPOLE_ZOOM, place_zoom: int = PLACE_ZOOM, **extra) -> dict:
    return {
        "tileUrl": settings.MAP_TILE_URL,
        "attribution": settings.MAP_TILE_ATTRIBUTION,
        "center": list(settings.MAP_CENTER),
        "zoom": zoom,
        "placeZoom": place_zoom,
        "maxZoom": MAX_ZOOM,
        **extra,
    }
