"""Reference data and the demo world's taxonomy: themes, stakes, the 37 communes."""

import csv
import json
from pathlib import Path

from django.utils.text import slugify

from alliance.models import Commune, Stake, Theme

DATA = Path(__file__).parent / "data"
COMMUNES_VINTAGE = 2024

THEMES = [
    ("Santé", "Health", "#c0392b", "heart"),
    ("Énergie", "Energy", "#e67e22", "bolt"),
    ("Eau", "Water", "#2e86c1", "droplet"),
    ("Déchets", "Waste", "#7d6608", "recycle"),
    ("Mobilité", "Mobility", "#8e44ad", "bus"),
    ("Logement", "Housing", "#a04000", "home"),
    ("Alimentation", "Food", "#5b8c1a", "wheat"),
    ("Biodiversité", "Biodiversity", "#1e8449", "leaf"),
    ("Organisation du travail", "Work organisation", "#34495e", "briefcase"),
    ("Tiers-lieux", "Third places", "#b03a2e", "users"),
    ("Consommation responsable", "Responsible consumption", "#117864", "cart"),
    ("Numérique", "Digital", "#2c3e50", "chip"),
    ("Industrie et filières", "Industry and supply chains", "#566573", "factory"),
    ("Tourisme", "Tourism", "#1f618d", "map"),
]

STAKES = [
    ("Emploi", "Employment", "socio"),
    ("Réindustrialisation", "Reindustrialisation", "socio"),
    ("Cohésion sociale", "Social cohesion", "socio"),
    ("Souveraineté", "Sovereignty", "socio"),
    ("Économie de l'usage", "Functional economy", "socio"),
    ("Décarbonation", "Decarbonisation", "eco"),
    ("Biodiversité", "Biodiversity", "eco"),
    ("Ressources", "Resources", "eco"),
    ("Adaptation au climat", "Climate adaptation", "eco"),
]


def load_themes() -> None:
    for order, (name, name_en, color, icon) in enumerate(THEMES):
        Theme.objects.update_or_create(
            slug=slugify(name),
            defaults={
                "name": name,
                "name_en": name_en,
                "color": color,
                "icon": icon,
                "order": order,
            },
        )
    for name, name_en, family in STAKES:
        Stake.objects.update_or_create(
            slug=slugify(name), defaults={"name": name, "name_en": name_en, "family": family}
        )


def load_communes() -> None:
    outlines = {
        feature["properties"]["code"]: feature["geometry"]
        for feature in json.loads((DATA / "toulouse-metropole-communes.geojson").read_text())[
            "features"
        ]
    }
    with (DATA / "toulouse-metropole-communes.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            Commune.objects.update_or_create(
                insee_code=row["code_insee"],
                vintage=COMMUNES_VINTAGE,
                defaults={
                    "name": row["nom"],
                    "slug": slugify(row["nom"]),
                    "siren": row["siren"],
                    "postal_codes": row["codes_postaux"],
                    "population": int(row["population"] or 0) or None,
                    "latitude": float(row["lat_mairie"]),
                    "longitude": float(row["lon_mairie"]),
                    "outline": outlines.get(row["code_insee"]),
                    "in_metropole": True,
                },
            )


def load(purge: bool = False) -> None:
    # Themes, stakes and communes are reference data: never purged.
    if purge:
        return
    load_themes()
    load_communes()
