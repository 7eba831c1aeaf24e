"""The catalogue of open data: every public file with its format, licence, schema and an
example of use, described as a Frictionless Data Package (/donnees/datapackage.json).

Each CSV has a Table Schema: the projects and the collectivités follow the public schema
"projets de collectivités" of schema.data.gouv.fr (copies in `projects/data/`), the
organisations follow ours, written here."""

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.cache import cache as django_cache
from django.http import HttpRequest, QueryDict
from django.urls import resolve, reverse
from django.utils.http import parse_http_date_safe
from django.utils.translation import gettext_lazy as _

SCHEMAS = Path(settings.BASE_DIR) / "projects" / "data" / "schema-projets-collectivites"
LICENCE = {
    "name": "etalab-2.0",
    "title": "Licence Ouverte / Open Licence version 2.0 (Etalab)",
    "path": "https://www.etalab.gouv.fr/licence-ouverte-open-licence",
}
PUBLIC_SCHEMA_URL = (
    "https://schema.data.gouv.fr/betagouv/schema-projet-collectivites-transition-ecologique/"
)


def _field(name: str, kind: str, description: str, **extra) -> dict:
    return {"name": name, "type": kind, "description": description, **extra}


ORGANISATIONS_SCHEMA = {
    "fields": [
        _field(
            "id",
            "integer",
            "Identifiant stable de l'organisation sur la plateforme.",
            constraints={"required": True, "unique": True},
        ),
        _field("nom", "string", "Nom de l'organisation.", constraints={"required": True}),
        _field(
            "type", "string", "Nature de l'organisation (association, entreprise, collectivité…)."
        ),
        _field("taille", "string", "Tranche d'effectif déclarée."),
        _field(
            "siren",
            "string",
            "Numéro SIREN (9 chiffres), s'il est connu.",
            constraints={"pattern": r"^\d{9}$"},
        ),
        _field("site_web", "string", "Adresse du site web.", format="uri"),
        _field("adresse", "string", "Adresse postale de l'organisation."),
        _field("commune", "string", "Nom de la commune du siège."),
        _field(
            "code_insee",
            "string",
            "Code INSEE de la commune (pas le code postal).",
            constraints={"pattern": r"^\d[0-9AB]\d{3}$"},
        ),
        _field("themes", "string", "Thèmes de l'organisation, séparés par « , »."),
        _field("adhesion", "date", "Date d'adhésion à l'Alliance."),
        _field("latitude", "number", "Latitude WGS 84, 5 décimales."),
        _field("longitude", "number", "Longitude WGS 84, 5 décimales."),
        _field(
            "url",
            "string",
            "Page de l'organisation sur la plateforme.",
            format="uri",
            constraints={"required": True},
        ),
        _field(
            "mis_a_jour",
            "datetime",
            "Date et heure de la dernière mise à jour (ISO 8601).",
            constraints={"required": True},
        ),
    ],
    "primaryKey": ["id"],
    "missingValues": [""],
}


@cache
def public_schema(name: str) -> dict:
    """The shipped copy of a schema.data.gouv.fr Table Schema ("projets-territoire" or
    "collectivites"), never fetched at run time."""
    return json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class OpenFile:
    name: str
    url_name: str
    title: str
    format: str
    mediatype: str
    description: str = ""
    schema: dict | None = None
    foreign_keys: list = field(default_factory=list)
    example: str = ""

    @property
    def path(self) -> str:
        return reverse(self.url_name)

    @property
    def url(self) -> str:
        return settings.SITE_URL + self.path


def _tables(site: str) -> list[OpenFile]:
    """The CSV tables, each with its Table Schema."""
    return [
        OpenFile(
            "projets",
            "projects:export_csv",
            _("Projets (schéma des projets de collectivités)"),
            "csv",
            "text/csv",
            _(
                "Projets publiés, dans les colonnes du schéma national « projets de collectivités »."
            ),
            schema=public_schema("projets-territoire"),
            foreign_keys=[
                {
                    "fields": ["collectiviteIds"],
                    "reference": {"resource": "collectivites", "fields": ["id"]},
                }
            ],
            example=f'pandas.read_csv("{site}/projets.csv")',
        ),
        OpenFile(
            "collectivites",
            "network:collectivites_csv",
            _("Collectivités des projets"),
            "csv",
            "text/csv",
            _("Les communes auxquelles renvoie la colonne collectiviteIds des projets."),
            schema=public_schema("collectivites"),
            example=f'pandas.read_csv("{site}/donnees/collectivites.csv")',
        ),
        OpenFile(
            "acteurs",
            "actors:export_csv",
            _("Annuaire des organisations"),
            "csv",
            "text/csv",
            _("Organisations de l'Alliance : champs publics seulement."),
            schema=ORGANISATIONS_SCHEMA,
            example=f'pandas.read_csv("{site}/acteurs.csv")',
        ),
    ]


def _maps(site: str) -> list[OpenFile]:
    """The GeoJSON maps (RFC 7946)."""
    return [
        OpenFile(
            "projets-carte",
            "projects:export_geojson",
            _("Carte des projets"),
            "geojson",
            "application/geo+json",
            _("Projets publiés avec leur point (RFC 7946)."),
            example=f"ogr2ogr projets.gpkg {site}/projets.geojson",
        ),
        OpenFile(
            "acteurs-carte",
            "actors:export_geojson",
            _("Carte des organisations"),
            "geojson",
            "application/geo+json",
            _("Organisations avec leur point (RFC 7946)."),
            example=_("uMap : Importer des données › URL › %(url)s")
            % {"url": f"{site}/acteurs.geojson"},
        ),
        OpenFile(
            "communes",
            "network:communes_geojson",
            _("Contours des communes"),
            "geojson",
            "application/geo+json",
            _("Les 37 communes de Toulouse Métropole (IGN Admin Express, Licence Ouverte)."),
            example=_("QGIS : Couche › Ajouter une couche vecteur › Protocole HTTP › %(url)s")
            % {"url": f"{site}/donnees/communes.geojson"},
        ),
        OpenFile(
            "reunions-carte",
            "network:meetings_geojson",
            _("Réunions avec un lieu"),
            "geojson",
            "application/geo+json",
            _("Réunions des cercles situées dans une commune, placées à sa mairie."),
            example=f"curl -O {site}/donnees/reunions.geojson",
        ),
    ]


def _graphs(site: str) -> list[OpenFile]:
    """The graph of interdependencies, in three formats."""
    return [
        OpenFile(
            "interdependances-graphml",
            "projects:export_graphml",
            _("Graphe des interdépendances (GraphML)"),
            "graphml",
            "application/graphml+xml",
            _("Projets et liens entre eux, pour Gephi, Cytoscape ou networkx."),
            example=f'networkx.read_graphml("{site}/projets/interdependances.graphml")',
        ),
        OpenFile(
            "interdependances-gexf",
            "projects:export_gexf",
            _("Graphe des interdépendances (GEXF)"),
            "gexf",
            "application/gexf+xml",
            _("Le même graphe au format de Gephi."),
            example=_("Gephi : Fichier › Ouvrir › interdependances.gexf"),
        ),
        OpenFile(
            "interdependances-kumu",
            "projects:export_kumu",
            _("Graphe des interdépendances (Kumu)"),
            "json",
            "application/json",
            _("Le même graphe en blueprint Kumu."),
            example=_("Kumu : Import › JSON"),
        ),
    ]


def _workbooks(site: str) -> list[OpenFile]:
    """The typed workbooks."""
    return [
        OpenFile(
            "idees",
            "network:ideas_xlsx",
            _("Idées des espaces publics"),
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            _("Idées publiées, dates et nombres typés, sans auteur."),
            example=f'pandas.read_excel("{site}/donnees/idees.xlsx")',
        ),
    ]


def _files() -> list[OpenFile]:
    site = settings.SITE_URL
    return [*_tables(site), *_maps(site), *_graphs(site), *_workbooks(site)]


def _request() -> HttpRequest:
    request = HttpRequest()
    request.method = "GET"
    request.GET = QueryDict()
    request.META = {"SERVER_NAME": "localhost", "SERVER_PORT": "80"}
    return request


def measure(item: OpenFile) -> dict:
    """Size in bytes and last update of a file, by rendering it (cached five minutes)."""
    key = f"opendata:measure:{item.name}"
    found = django_cache.get(key)
    if found is None:
        response = resolve(item.path).func(_request())
        found = {
            "bytes": len(response.content),
            "last_modified": parse_http_date_safe(response.get("Last-Modified", "")),
        }
        django_cache.set(key, found, 300)
    return found


def catalogue() -> list[dict]:
    entries = [{"file": item, **measure(item)} for item in _files()]
    for entry in entries:
        stamp = entry["last_modified"]
        entry["updated"] = datetime.fromtimestamp(stamp, UTC) if stamp else None
    return entries


def datapackage() -> dict:
    def iso(timestamp):
        return datetime.fromtimestamp(timestamp, UTC).isoformat() if timestamp else None

    entries = catalogue()
    resources = []
    for entry in entries:
        item = entry["file"]
        resource = {
            "name": item.name,
            "title": str(item.title),
            "description": str(item.description),
            "path": item.url,
            "format": item.format,
            "mediatype": item.mediatype,
            "encoding": "utf-8",
            "bytes": entry["bytes"],
            "lastModified": iso(entry["last_modified"]),
            "licenses": [LICENCE],
        }
        if item.schema is not None:
            resource["profile"] = "tabular-data-resource"
            resource["dialect"] = {"delimiter": ",", "header": True}
            schema = {**item.schema, "foreignKeys": item.foreign_keys}
            if isinstance(schema.get("primaryKey"), str):
                schema["primaryKey"] = [schema["primaryKey"]]  # the list form, v2 strict
            resource["schema"] = {k: v for k, v in schema.items() if v != []}
        resources.append(resource)
    stamps = [entry["last_modified"] for entry in entries if entry["last_modified"]]
    return {
        "profile": "data-package",
        "name": "alliance-transformation-durable",
        "title": "Alliance pour la transformation durable du territoire — données ouvertes",
        "description": "Organisations, projets, interdépendances, réunions et idées publiés par "
        "la plateforme. CSV : UTF-8, séparateur « , », point décimal, dates ISO 8601 ; "
        "une variante pour Excel en français (?variante=excel) est proposée à côté.",
        "homepage": settings.SITE_URL + reverse("open_data"),
        "licenses": [LICENCE],
        "sources": [{"title": "Schéma « projets de collectivités »", "path": PUBLIC_SCHEMA_URL}],
        "lastModified": iso(max(stamps)) if stamps else None,
        "resources": resources,
    }
