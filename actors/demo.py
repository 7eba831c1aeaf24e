"""Demo organisations of the Toulouse area and their representatives (all fictional).

Idempotent: organisations are keyed by slug, people by e-mail. `purge` deletes only
records flagged `is_demo`.
"""

import hashlib
from datetime import date, timedelta

from stdnum import luhn

from actors.models import Organisation, Person, Representation
from alliance.demo import load_communes
from alliance.models import Commune, Theme

K = Organisation.Kind
S = Organisation.Size

# name, kind, size, commune slug, themes, description
ORGANISATIONS = [
    (
        "Énergies Solidaires Occitanie SAS",
        K.COMPANY,
        S.PME,
        "toulouse",
        ["Énergie"],
        "Coopérative de production d'énergie renouvelable citoyenne : toitures solaires, "
        "autoconsommation collective et accompagnement des communes.",
    ),
    (
        "ENERGIES SOLIDAIRES OCCITANIE",
        K.COMPANY,
        S.PME,
        "toulouse",
        ["Énergie"],
        "Doublon saisi lors d'un import : à fusionner avec la fiche principale.",
    ),
    (
        "Garonne Mobilités Douces",
        K.COMPANY,
        S.TPE,
        "toulouse",
        ["Mobilité"],
        "Atelier de vélos cargos et logistique urbaine du dernier kilomètre.",
    ),
    (
        "AéroComposites du Sud-Ouest",
        K.COMPANY,
        S.ETI,
        "blagnac",
        ["Industrie et filières", "Énergie"],
        "Sous-traitant aéronautique engagé dans le recyclage des composites carbone.",
    ),
    (
        "Groupe Occitan d'Ingénierie Durable",
        K.COMPANY,
        S.LARGE,
        "toulouse",
        ["Industrie et filières", "Numérique"],
        "Ingénierie des infrastructures bas carbone, 2 000 salariés dans la région.",
    ),
    (
        "Les Jardins du Touch",
        K.ASSOCIATION,
        "",
        "tournefeuille",
        ["Alimentation", "Biodiversité"],
        "Jardins partagés et maraîchage d'insertion le long du Touch.",
    ),
    (
        "Recyclerie de Colomiers",
        K.ASSOCIATION,
        "",
        "colomiers",
        ["Déchets", "Consommation responsable"],
        "Collecte, réparation et revente d'objets du quotidien ; ateliers de réparation.",
    ),
    (
        "Mairie de Balma",
        K.AUTHORITY,
        "",
        "balma",
        ["Mobilité", "Logement"],
        "Commune engagée dans un plan de rénovation énergétique des écoles.",
    ),
    (
        "Ville de Cugnaux",
        K.AUTHORITY,
        "",
        "cugnaux",
        ["Eau", "Biodiversité"],
        "Désimperméabilisation des cours d'école et gestion des eaux pluviales.",
    ),
    (
        "Université Toulouse Garonne (fictive)",
        K.UNIVERSITY,
        "",
        "toulouse",
        ["Numérique", "Santé"],
        "Laboratoires en santé environnementale et en sobriété numérique.",
    ),
    (
        "Institut Agro-Écologie de Castanet (fictif)",
        K.UNIVERSITY,
        "",
        "toulouse",
        ["Alimentation", "Biodiversité"],
        "Recherche appliquée sur les sols vivants et les filières courtes.",
    ),
    (
        "Agence Territoriale de l'Eau du Sud-Ouest",
        K.INSTITUTION,
        "",
        "toulouse",
        ["Eau"],
        "Établissement public accompagnant les projets de sobriété hydrique.",
    ),
    (
        "Chambre des Métiers Durables 31",
        K.INSTITUTION,
        "",
        "toulouse",
        ["Organisation du travail", "Industrie et filières"],
        "Accompagnement des artisans vers des pratiques durables.",
    ),
    (
        "Club Entreprises Nord Toulousain",
        K.CLUB,
        "",
        "l-union",
        ["Organisation du travail"],
        "Réseau de 80 dirigeants de PME du nord de la métropole.",
    ),
    (
        "Réseau des Dirigeants Engagés d'Occitanie",
        K.CLUB,
        "",
        "toulouse",
        ["Consommation responsable", "Organisation du travail"],
        "Club de dirigeants signataires de la charte, échanges de pratiques RSE.",
    ),
    (
        "Boulangerie Le Four Partagé",
        K.COMPANY,
        S.TPE,
        "saint-orens-de-gameville",
        ["Alimentation"],
        "Boulangerie au levain, farines locales et livraisons à vélo.",
    ),
    (
        "Data Sobre",
        K.COMPANY,
        S.TPE,
        "montrabe",
        ["Numérique"],
        "Conseil en sobriété numérique et écoconception de services.",
    ),
    (
        "Scop Bâtir Autrement",
        K.COMPANY,
        S.PME,
        "blagnac",
        ["Logement", "Énergie"],
        "Rénovation énergétique globale en matériaux biosourcés.",
    ),
    (
        "Transports Lauragais Électriques",
        K.COMPANY,
        S.PME,
        "quint-fonsegrives",
        ["Mobilité"],
        "Transport de voyageurs en autocars électriques et rétrofit.",
    ),
    (
        "Clinique du Parc Vert",
        K.COMPANY,
        S.ETI,
        "toulouse",
        ["Santé"],
        "Établissement de santé engagé dans la réduction des déchets de soins.",
    ),
    (
        "Tiers-Lieu La Fabrique d'Aussonne",
        K.ASSOCIATION,
        "",
        "aussonne",
        ["Tiers-lieux", "Organisation du travail"],
        "Espace de coworking rural, atelier partagé et café associatif.",
    ),
    (
        "Compost Collectif Toulousain",
        K.ASSOCIATION,
        "",
        "toulouse",
        ["Déchets", "Alimentation"],
        "Compostage de quartier et formation de guides composteurs.",
    ),
    (
        "Hôtel Les Berges de Garonne",
        K.COMPANY,
        S.PME,
        "toulouse",
        ["Tourisme"],
        "Hôtellerie éco-labellisée, partenaire des circuits touristiques bas carbone.",
    ),
    (
        "Maraîchers de Pibrac",
        K.COMPANY,
        S.TPE,
        "pibrac",
        ["Alimentation"],
        "Maraîchage biologique et paniers hebdomadaires.",
    ),
    (
        "Laboratoire Pharmacie Verte",
        K.COMPANY,
        S.ETI,
        "toulouse",
        ["Santé", "Industrie et filières"],
        "Production pharmaceutique, plan de décarbonation de ses sites.",
    ),
    (
        "Commune de Saint-Jean",
        K.AUTHORITY,
        "",
        "saint-jean",
        ["Biodiversité", "Mobilité"],
        "Trame verte et bleue, réseau cyclable intercommunal.",
    ),
    (
        "Mairie de Villeneuve-Tolosane",
        K.AUTHORITY,
        "",
        "villeneuve-tolosane",
        ["Énergie"],
        "Chaufferie bois et ombrières photovoltaïques municipales.",
    ),
    (
        "Association Mobil'Inclusion",
        K.ASSOCIATION,
        "",
        "colomiers",
        ["Mobilité", "Santé"],
        "Aide à la mobilité des personnes en insertion : prêts de vélos, auto-école sociale.",
    ),
    (
        "Réparali",
        K.COMPANY,
        S.TPE,
        "fenouillet",
        ["Consommation responsable", "Déchets"],
        "Réparation d'électroménager et vente de pièces reconditionnées.",
    ),
    (
        "Logis Coopératif Toulousain",
        K.COMPANY,
        S.PME,
        "toulouse",
        ["Logement"],
        "Habitat participatif et bail réel solidaire.",
    ),
    (
        "Aéro Club Énergie Propre",
        K.CLUB,
        "",
        "cornebarrieu",
        ["Industrie et filières", "Énergie"],
        "Groupement d'industriels autour de l'hydrogène bas carbone.",
    ),
    (
        "Institut Régional de la Biodiversité (fictif)",
        K.INSTITUTION,
        "",
        "toulouse",
        ["Biodiversité"],
        "Observatoire des espèces et appui aux collectivités.",
    ),
    (
        "Cuisine Centrale de Blagnac",
        K.INSTITUTION,
        "",
        "blagnac",
        ["Alimentation", "Santé"],
        "Restauration collective : 40 % de produits locaux et bio.",
    ),
    (
        "Numérique Responsable Occitanie",
        K.CLUB,
        "",
        "toulouse",
        ["Numérique"],
        "Collectif d'entreprises du numérique engagées dans la sobriété.",
    ),
]

FIRST_NAMES = [
    "Camille",
    "Louis",
    "Inès",
    "Hugo",
    "Léa",
    "Mathieu",
    "Nadia",
    "Julien",
    "Sophie",
    "Karim",
    "Élodie",
    "Thomas",
    "Manon",
    "Rémi",
    "Chloé",
    "Bastien",
]
LAST_NAMES = [
    "Marty",
    "Garcia",
    "Fabre",
    "Roux",
    "Bousquet",
    "Azéma",
    "Vidal",
    "Lacombe",
    "Cazeneuve",
    "Ribes",
    "Delmas",
    "Soula",
    "Carrère",
    "Pujol",
    "Bessière",
    "Castex",
]
ROLES = [
    "Directrice générale",
    "Responsable RSE",
    "Chargé de mission transition",
    "Présidente",
    "Élu délégué à la transition",
    "Directeur technique",
]


def demo_siren(seed: str) -> str:
    """A valid (Luhn) but fictional SIREN, stable for a given seed."""
    digits = str(int(hashlib.sha256(seed.encode()).hexdigest(), 16))[:8]
    return digits + luhn.calc_check_digit(digits)


def _communes() -> dict:
    communes = {c.slug: c for c in Commune.objects.metropole()}
    if not communes:
        load_communes()
        communes = {c.slug: c for c in Commune.objects.metropole()}
    return communes


def _purge() -> None:
    Representation.objects.filter(person__is_demo=True, organisation__is_demo=True).delete()
    Person.objects.filter(is_demo=True).delete()
    Organisation.objects.filter(is_demo=True).delete()


def _siren(index: int, name: str, kind: str) -> str | None:
    if index == 0:
        return demo_siren("Énergies Solidaires Occitanie")
    if kind == K.COMPANY and index != 1:
        return demo_siren(name)
    return None  # the near-duplicate has no SIREN: found by its name


def _organisation(index: int, row: tuple, commune, themes: dict) -> Organisation:
    name, kind, size, _commune_slug, theme_names, description = row
    slug = f"demo-{index + 1:02d}"
    organisation, _ = Organisation.objects.update_or_create(
        slug=slug,
        defaults={
            "name": name,
            "kind": kind,
            "size": size,
            "siren": _siren(index, name, kind),
            "commune": commune,
            "description": description,
            "website": f"https://{slug}.example.org",
            "joined_on": date(2023, 1, 16) + timedelta(days=23 * index),
            "status": Organisation.Status.ACTIVE,
            "is_demo": True,
            # Spread around the town hall so markers do not pile up.
            "latitude": (commune.latitude + (index % 5 - 2) * 0.004) if commune else None,
            "longitude": (commune.longitude + (index % 7 - 3) * 0.004) if commune else None,
        },
    )
    organisation.themes.set([themes[t] for t in theme_names if t in themes])
    return organisation


def _representatives(index: int, organisation: Organisation) -> None:
    """One or two people per organisation; the first holds the mandate."""
    for n in range(1 + index % 2):
        k = index * 2 + n
        first, last = FIRST_NAMES[k % len(FIRST_NAMES)], LAST_NAMES[(k * 7) % len(LAST_NAMES)]
        person, _ = Person.objects.update_or_create(
            email=f"demo.{organisation.slug}.{n}@alliance.localhost",
            defaults={
                "first_name": first,
                "last_name": last,
                "title": ROLES[k % len(ROLES)],
                "phone": f"05 61 00 {index:02d} {n:02d}",
                "share_contact": k % 3 != 0,
                "is_demo": True,
            },
        )
        Representation.objects.update_or_create(
            person=person,
            organisation=organisation,
            defaults={
                "role": ROLES[k % len(ROLES)],
                "has_mandate": n == 0,
                "start": organisation.joined_on,
            },
        )


def load(purge: bool = False) -> None:
    if purge:
        _purge()
        return
    communes = _communes()
    themes = {t.name: t for t in Theme.objects.all()}
    fallback = communes.get("toulouse") or next(iter(communes.values()), None)
    for index, row in enumerate(ORGANISATIONS):
        organisation = _organisation(index, row, communes.get(row[3], fallback), themes)
        _representatives(index, organisation)
