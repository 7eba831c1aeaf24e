"""Demo projects of the charter's world: ~45 initiatives around Toulouse Métropole, the
links between them (a readable graph), and needs and offers that answer each other.

Idempotent: projects are keyed by slug, links by (source, target, kind), needs and offers
by their description. `purge` deletes only records of demo projects and organisations.
"""

from decimal import Decimal
from itertools import cycle

from django.utils.text import slugify

from actors.models import Organisation
from alliance.models import Commune, Stake, Theme
from circles.models import Circle
from projects import communities
from projects.models import Kinds, Link, Need, Offer, Participation, Project

P, S, ST = Project.Phase, Project.PhaseStatus, Project.State
K, N = Link.Kind, Kinds

# title, themes, stakes, phase, status, commune, summary, (co2 t/yr, jobs, people), budget, state
PROJECTS = [
    (
        "Plan de mobilité inter-entreprises de Basso Cambo",
        ["Mobilité", "Organisation du travail"],
        ["Décarbonation"],
        P.OPERATION,
        S.ONGOING,
        "toulouse",
        "Covoiturage, navettes et vélos partagés pour 40 entreprises de la zone d'activités.",
        (850, 2, 9000),
        420000,
        ST.PUBLISHED,
    ),
    (
        "Télétravail et tiers-lieux de proximité",
        ["Organisation du travail", "Tiers-lieux"],
        ["Décarbonation", "Cohésion sociale"],
        P.OPERATION,
        S.ONGOING,
        "colomiers",
        "Deux jours de travail par semaine près de chez soi, dans un réseau de tiers-lieux.",
        (620, 6, 1500),
        180000,
        ST.PUBLISHED,
    ),
    (
        "Réseau de tiers-lieux de la métropole",
        ["Tiers-lieux"],
        ["Cohésion sociale", "Emploi"],
        P.OPERATION,
        S.ONGOING,
        "tournefeuille",
        "Douze tiers-lieux reliés : coworking, fablab, café associatif et services.",
        (None, 14, 6000),
        950000,
        ST.PUBLISHED,
    ),
    (
        "Santé au travail et mobilités actives",
        ["Santé", "Mobilité"],
        ["Cohésion sociale"],
        P.STUDY,
        S.ONGOING,
        "blagnac",
        "Mesurer l'effet du vélo et de la marche domicile-travail sur la santé des salariés.",
        (120, None, 2500),
        60000,
        ST.PUBLISHED,
    ),
    (
        "Bilan carbone partagé des zones d'activités",
        ["Énergie", "Industrie et filières"],
        ["Décarbonation"],
        P.STUDY,
        S.LATE,
        "toulouse",
        "Un bilan carbone commun pour 6 zones d'activités et un plan d'action partagé.",
        (None, None, None),
        90000,
        ST.PUBLISHED,
    ),
    (
        "Ombrières solaires des parkings d'entreprises",
        ["Énergie"],
        ["Décarbonation", "Adaptation au climat"],
        P.OPERATION,
        S.ONGOING,
        "blagnac",
        "12 MWc d'ombrières photovoltaïques sur les parkings des grands employeurs.",
        (2100, 8, None),
        9500000,
        ST.PUBLISHED,
    ),
    (
        "Autoconsommation collective de Montaudran",
        ["Énergie"],
        ["Décarbonation", "Souveraineté"],
        P.OPERATION,
        S.ONGOING,
        "toulouse",
        "Partager l'électricité des toitures entre entreprises voisines.",
        (310, 1, 400),
        650000,
        ST.PUBLISHED,
    ),
    (
        "Boucle de chaleur fatale industrielle",
        ["Énergie", "Industrie et filières"],
        ["Décarbonation", "Ressources"],
        P.STUDY,
        S.ONGOING,
        "colomiers",
        "Récupérer la chaleur des bancs d'essais pour chauffer les bâtiments voisins.",
        (1800, None, None),
        3200000,
        ST.PUBLISHED,
    ),
    (
        "Méthanisation des biodéchets de la métropole",
        ["Déchets", "Énergie"],
        ["Ressources", "Décarbonation"],
        P.STUDY,
        S.PAUSED,
        "saint-jory",
        "Une unité de méthanisation alimentée par les biodéchets collectés.",
        (3500, 12, None),
        14000000,
        ST.PUBLISHED,
    ),
    (
        "Compostage partagé en pied d'immeuble",
        ["Déchets", "Alimentation"],
        ["Ressources", "Cohésion sociale"],
        P.OPERATION,
        S.ONGOING,
        "toulouse",
        "180 composteurs collectifs animés par des habitants référents.",
        (240, 3, 12000),
        150000,
        ST.PUBLISHED,
    ),
    (
        "Collecte des biodéchets des restaurants d'entreprise",
        ["Déchets"],
        ["Ressources"],
        P.OPERATION,
        S.LATE,
        "blagnac",
        "Tri à la source et collecte à vélo des biodéchets de 25 restaurants.",
        (180, 4, None),
        220000,
        ST.PUBLISHED,
    ),
    (
        "Épicerie vrac et consigne des zones d'activités",
        ["Consommation responsable", "Déchets"],
        ["Ressources", "Économie de l'usage"],
        P.OPERATION,
        S.ONGOING,
        "quint-fonsegrives",
        "Des points de vente sans emballage et la consigne du verre au travail.",
        (60, 5, 3000),
        120000,
        ST.PUBLISHED,
    ),
    (
        "Filière de réemploi des emballages alimentaires",
        ["Consommation responsable", "Industrie et filières"],
        ["Ressources", "Réindustrialisation"],
        P.STUDY,
        S.ONGOING,
        "toulouse",
        "Laver et réemployer bocaux et contenants pour les producteurs locaux.",
        (420, 15, None),
        2400000,
        ST.PUBLISHED,
    ),
    (
        "Atelier de lavage de contenants réemployables",
        ["Consommation responsable", "Industrie et filières"],
        ["Emploi", "Ressources"],
        P.IDEA,
        S.ONGOING,
        "fenouillet",
        "Une laverie industrielle en insertion pour les contenants consignés.",
        (None, 20, None),
        1800000,
        ST.PUBLISHED,
    ),
    (
        "Recyclage des composites carbone aéronautiques",
        ["Industrie et filières", "Déchets"],
        ["Réindustrialisation", "Ressources"],
        P.STUDY,
        S.ONGOING,
        "blagnac",
        "Récupérer les fibres de carbone des chutes de production et des avions en fin de vie.",
        (900, 30, None),
        6500000,
        ST.PUBLISHED,
    ),
    (
        "Démantèlement d'avions en fin de vie",
        ["Industrie et filières"],
        ["Réindustrialisation", "Ressources"],
        P.OPERATION,
        S.ONGOING,
        "cornebarrieu",
        "Démonter, trier et revaloriser 95 % de la masse des appareils.",
        (1200, 60, None),
        12000000,
        ST.PUBLISHED,
    ),
    (
        "Données satellitaires pour l'agriculture de conservation",
        ["Numérique", "Alimentation", "Biodiversité"],
        ["Adaptation au climat", "Biodiversité"],
        P.STUDY,
        S.ONGOING,
        "toulouse",
        "Des indicateurs spatiaux ouverts pour suivre les sols et les couverts.",
        (None, 4, 800),
        750000,
        ST.PUBLISHED,
    ),
    (
        "Ceinture maraîchère du nord toulousain",
        ["Alimentation", "Biodiversité"],
        ["Souveraineté", "Emploi"],
        P.OPERATION,
        S.ONGOING,
        "gagnac-sur-garonne",
        "Installer 15 maraîchers bio sur des terres agricoles protégées.",
        (150, 25, 20000),
        2100000,
        ST.PUBLISHED,
    ),
    (
        "Légumerie pour la restauration collective",
        ["Alimentation"],
        ["Souveraineté", "Emploi"],
        P.STUDY,
        S.ONGOING,
        "aucamville",
        "Laver, éplucher et découper les légumes locaux pour les cantines.",
        (80, 12, 30000),
        1500000,
        ST.PUBLISHED,
    ),
    (
        "Cantines 100 % locales et bio",
        ["Alimentation", "Santé"],
        ["Cohésion sociale"],
        P.OPERATION,
        S.ONGOING,
        "balma",
        "Approvisionner les écoles en produits locaux à prix maîtrisé.",
        (200, None, 8000),
        400000,
        ST.PUBLISHED,
    ),
    (
        "Jardins partagés sur les toits",
        ["Alimentation", "Biodiversité"],
        ["Cohésion sociale", "Biodiversité"],
        P.IDEA,
        S.ONGOING,
        "toulouse",
        "Cultiver les toits plats des entreprises avec leurs salariés.",
        (None, None, 600),
        90000,
        ST.PUBLISHED,
    ),
    (
        "Corridor écologique de la Garonne",
        ["Biodiversité", "Eau"],
        ["Biodiversité", "Adaptation au climat"],
        P.OPERATION,
        S.ONGOING,
        "toulouse",
        "Restaurer berges et ripisylve sur 12 km.",
        (None, 3, 50000),
        3800000,
        ST.PUBLISHED,
    ),
    (
        "Désimperméabilisation des cours d'école",
        ["Eau", "Biodiversité", "Santé"],
        ["Adaptation au climat"],
        P.OPERATION,
        S.LATE,
        "cugnaux",
        "Des cours végétalisées contre les îlots de chaleur.",
        (None, None, 4500),
        1200000,
        ST.PUBLISHED,
    ),
    (
        "Récupération des eaux de pluie industrielles",
        ["Eau", "Industrie et filières"],
        ["Ressources", "Adaptation au climat"],
        P.STUDY,
        S.ONGOING,
        "colomiers",
        "Stocker l'eau des toitures pour le refroidissement et le nettoyage.",
        (None, None, None),
        800000,
        ST.PUBLISHED,
    ),
    (
        "Rénovation énergétique des copropriétés",
        ["Logement", "Énergie"],
        ["Décarbonation", "Cohésion sociale"],
        P.OPERATION,
        S.ONGOING,
        "toulouse",
        "Accompagner 60 copropriétés dans une rénovation globale.",
        (2600, 40, 9000),
        18000000,
        ST.PUBLISHED,
    ),
    (
        "Habitat inclusif intergénérationnel",
        ["Logement", "Santé"],
        ["Cohésion sociale"],
        P.STUDY,
        S.BLOCKED,
        "saint-orens-de-gameville",
        "Des logements partagés entre seniors et jeunes actifs.",
        (None, 5, 120),
        4200000,
        ST.PUBLISHED,
    ),
    (
        "Matériauthèque du BTP",
        ["Logement", "Déchets", "Industrie et filières"],
        ["Ressources", "Économie de l'usage"],
        P.OPERATION,
        S.ONGOING,
        "lunion",
        "Réemployer portes, cloisons et sanitaires des chantiers de déconstruction.",
        (700, 9, None),
        600000,
        ST.PUBLISHED,
    ),
    (
        "Vélos cargos pour la logistique du dernier kilomètre",
        ["Mobilité"],
        ["Décarbonation", "Emploi"],
        P.OPERATION,
        S.ONGOING,
        "toulouse",
        "Livrer le centre-ville sans moteur thermique.",
        (380, 18, None),
        350000,
        ST.PUBLISHED,
    ),
    (
        "Covoiturage domicile-travail de l'aéroport",
        ["Mobilité"],
        ["Décarbonation"],
        P.OPERATION,
        S.DONE,
        "blagnac",
        "Une application et des voies réservées pour les 25 000 salariés de la zone.",
        (1500, None, 25000),
        500000,
        ST.PUBLISHED,
    ),
    (
        "Navettes fluviales sur le canal",
        ["Mobilité", "Tourisme"],
        ["Décarbonation"],
        P.IDEA,
        S.PAUSED,
        "toulouse",
        "Relier les quartiers par des navettes électriques sur le canal du Midi.",
        (90, 6, 40000),
        2800000,
        ST.PUBLISHED,
    ),
    (
        "Tourisme industriel et spatial bas carbone",
        ["Tourisme", "Industrie et filières"],
        ["Emploi"],
        P.STUDY,
        S.ONGOING,
        "toulouse",
        "Visites de sites aéronautiques et spatiaux accessibles en train et à vélo.",
        (None, 8, 60000),
        450000,
        ST.PUBLISHED,
    ),
    (
        "Itinéraires cyclables touristiques métropolitains",
        ["Tourisme", "Mobilité"],
        ["Décarbonation", "Cohésion sociale"],
        P.OPERATION,
        S.ONGOING,
        "pibrac",
        "Des boucles cyclables balisées entre patrimoine et nature.",
        (60, 2, 35000),
        700000,
        ST.PUBLISHED,
    ),
    (
        "Santé environnementale et qualité de l'air",
        ["Santé", "Numérique"],
        ["Adaptation au climat"],
        P.OPERATION,
        S.ONGOING,
        "toulouse",
        "Capteurs citoyens et cartographie de l'exposition aux polluants.",
        (None, 2, 100000),
        300000,
        ST.PUBLISHED,
    ),
    (
        "Centre de santé pluriprofessionnel en tiers-lieu",
        ["Santé", "Tiers-lieux"],
        ["Cohésion sociale"],
        P.STUDY,
        S.ONGOING,
        "castelginest",
        "Médecins, infirmiers et prévention dans un tiers-lieu de quartier.",
        (None, 10, 5000),
        1100000,
        ST.PUBLISHED,
    ),
    (
        "Sobriété numérique des entreprises",
        ["Numérique", "Énergie"],
        ["Décarbonation", "Ressources"],
        P.OPERATION,
        S.ONGOING,
        "quint-fonsegrives",
        "Allonger la durée de vie des équipements et réduire les données stockées.",
        (140, None, 3000),
        80000,
        ST.PUBLISHED,
    ),
    (
        "Reconditionnement d'ordinateurs en insertion",
        ["Numérique", "Déchets"],
        ["Emploi", "Économie de l'usage"],
        P.OPERATION,
        S.ONGOING,
        "toulouse",
        "Reconditionner les ordinateurs des entreprises pour les familles et les associations.",
        (210, 22, 4000),
        400000,
        ST.PUBLISHED,
    ),
    (
        "Achats responsables mutualisés",
        ["Consommation responsable"],
        ["Économie de l'usage", "Emploi"],
        P.STUDY,
        S.ONGOING,
        "toulouse",
        "Un groupement d'achats des membres pour des produits locaux et durables.",
        (None, None, None),
        50000,
        ST.PUBLISHED,
    ),
    (
        "Hydrogène vert pour les bus",
        ["Énergie", "Mobilité"],
        ["Décarbonation", "Souveraineté"],
        P.STUDY,
        S.LATE,
        "toulouse",
        "Produire de l'hydrogène par électrolyse pour une ligne de bus.",
        (1100, 15, None),
        22000000,
        ST.PUBLISHED,
    ),
    (
        "Ferme solaire sur ancienne décharge",
        ["Énergie", "Déchets"],
        ["Décarbonation", "Ressources"],
        P.OPERATION,
        S.DONE,
        "fenouillet",
        "8 MWc sur un site inutilisable pour l'agriculture.",
        (1900, 3, None),
        7000000,
        ST.PUBLISHED,
    ),
    (
        "Éclairage public intelligent",
        ["Énergie", "Biodiversité"],
        ["Décarbonation", "Biodiversité"],
        P.OPERATION,
        S.ONGOING,
        "tournefeuille",
        "LED, extinction nocturne et trame noire pour la faune.",
        (400, None, 45000),
        2600000,
        ST.PUBLISHED,
    ),
    (
        "Horaires décalés des zones d'activités",
        ["Organisation du travail", "Mobilité"],
        ["Décarbonation", "Cohésion sociale"],
        P.IDEA,
        S.ONGOING,
        "toulouse",
        "Étaler les heures d'arrivée pour désaturer les routes et les transports.",
        (300, None, 15000),
        30000,
        ST.PUBLISHED,
    ),
    (
        "Formation aux métiers de la transition",
        ["Organisation du travail", "Industrie et filières"],
        ["Emploi"],
        P.OPERATION,
        S.ONGOING,
        "toulouse",
        "Former 500 personnes par an aux métiers de la rénovation, du réemploi et de l'énergie.",
        (None, 35, 500),
        1300000,
        ST.PUBLISHED,
    ),
    (
        "Ressourcerie des entreprises",
        ["Déchets", "Consommation responsable"],
        ["Ressources", "Emploi"],
        P.IDEA,
        S.ONGOING,
        "balma",
        "Mobilier et matériel de bureau remis en circulation entre membres.",
        (None, 6, None),
        250000,
        ST.SUBMITTED,
    ),
    (
        "Autopartage de véhicules de service",
        ["Mobilité"],
        ["Économie de l'usage", "Décarbonation"],
        P.IDEA,
        S.ONGOING,
        "colomiers",
        "Mutualiser les flottes de véhicules entre entreprises voisines.",
        (150, None, None),
        200000,
        ST.SUBMITTED,
    ),
    (
        "Plateforme de données énergie du territoire",
        ["Numérique", "Énergie"],
        ["Décarbonation"],
        P.IDEA,
        S.ONGOING,
        "toulouse",
        "Rassembler les consommations et productions pour piloter la transition.",
        (None, None, None),
        150000,
        ST.DRAFT,
    ),
]

# source, kind, target, strength, description
LINKS = [
    (0, K.DEPENDS_ON, 1, 2, "Le télétravail réduit la demande de navettes."),
    (1, K.DEPENDS_ON, 2, 3, "Il faut des tiers-lieux de proximité."),
    (3, K.FEEDS, 0, 2, "Les résultats santé justifient le plan de mobilité."),
    (4, K.FEEDS, 5, 2, "Le bilan désigne les parkings à équiper."),
    (4, K.FEEDS, 7, 2, ""),
    (4, K.FEEDS, 34, 1, ""),
    (5, K.SYNERGY, 6, 2, "Même gestionnaire d'énergie."),
    (6, K.DEPENDS_ON, 44, 2, "Besoin des données de production."),
    (8, K.DEPENDS_ON, 10, 3, "La méthanisation a besoin des biodéchets collectés."),
    (9, K.SYNERGY, 10, 1, ""),
    (9, K.FEEDS, 17, 2, "Le compost part vers les maraîchers."),
    (10, K.FEEDS, 8, 2, ""),
    (11, K.DEPENDS_ON, 12, 3, "Sans filière de réemploi, pas de consigne."),
    (12, K.DEPENDS_ON, 13, 3, "Le lavage est le maillon manquant."),
    (13, K.POOLS, 26, 1, "Même bâtiment de stockage."),
    (14, K.SYNERGY, 15, 3, "Les avions démantelés fournissent les composites."),
    (15, K.FEEDS, 14, 2, ""),
    (14, K.DEPENDS_ON, 41, 2, "Compétences à former."),
    (16, K.FEEDS, 17, 2, "Suivi des sols des maraîchers."),
    (17, K.FEEDS, 18, 3, "Les légumes passent par la légumerie."),
    (18, K.FEEDS, 19, 3, "La légumerie approvisionne les cantines."),
    (20, K.SYNERGY, 9, 1, ""),
    (20, K.SYNERGY, 21, 1, "Trame verte jusque sur les toits."),
    (21, K.SYNERGY, 22, 2, ""),
    (22, K.SYNERGY, 23, 1, "Même enjeu de gestion de l'eau."),
    (24, K.DEPENDS_ON, 41, 2, "Manque d'artisans formés."),
    (24, K.POOLS, 26, 2, "Les matériaux déposés sont réemployés."),
    (25, K.SYNERGY, 33, 2, "Un centre de santé au rez-de-chaussée."),
    (27, K.SYNERGY, 0, 2, ""),
    (27, K.TENSION, 29, 1, "Concurrence pour l'espace des berges."),
    (28, K.SYNERGY, 0, 3, "Même zone d'emploi."),
    (28, K.SYNERGY, 40, 2, ""),
    (29, K.SYNERGY, 30, 2, ""),
    (30, K.DEPENDS_ON, 31, 2, "Les visiteurs viennent à vélo."),
    (31, K.SYNERGY, 21, 1, "Itinéraires le long de la Garonne."),
    (32, K.FEEDS, 3, 2, "Mesures d'exposition des cyclistes."),
    (33, K.DEPENDS_ON, 2, 2, "Hébergé dans le réseau de tiers-lieux."),
    (34, K.SYNERGY, 35, 2, "Les équipements remplacés partent au reconditionnement."),
    (35, K.FEEDS, 2, 1, "Ordinateurs pour les tiers-lieux."),
    (36, K.FEEDS, 11, 2, ""),
    (36, K.FEEDS, 19, 1, ""),
    (37, K.TENSION, 8, 1, "Deux usages possibles du biogaz et de l'électricité."),
    (37, K.DEPENDS_ON, 38, 2, "L'électrolyse a besoin d'électricité verte."),
    (38, K.FEEDS, 6, 1, ""),
    (39, K.SYNERGY, 21, 2, "Trame noire le long du corridor."),
    (40, K.SYNERGY, 1, 2, ""),
    (40, K.FEEDS, 0, 2, ""),
    (41, K.FEEDS, 13, 2, "Emplois en insertion."),
    (41, K.FEEDS, 35, 1, ""),
    (42, K.SYNERGY, 26, 2, ""),
    (42, K.SYNERGY, 35, 1, ""),
    (43, K.SYNERGY, 28, 2, ""),
    (43, K.POOLS, 0, 2, "Même parc de véhicules."),
    (7, K.SYNERGY, 24, 1, ""),
    (34, K.FEEDS, 44, 1, ""),
    (15, K.DEPENDS_ON, 41, 1, ""),
    (25, K.DEPENDS_ON, 41, 1, ""),
    (19, K.SYNERGY, 10, 1, "Les restes des cantines vont au compost."),
    (23, K.SYNERGY, 7, 1, "Refroidissement par l'eau stockée."),
    (16, K.SYNERGY, 32, 1, "Capteurs et satellites."),
]

# project index, kind, description
NEEDS = [
    (8, N.FUNDING, "Boucler le financement de l'unité : 3 M€ recherchés."),
    (8, N.LAND, "Un terrain de 2 ha en zone industrielle, à moins de 5 km de la rocade."),
    (13, N.PREMISES, "Un bâtiment de 800 m² avec accès poids lourds."),
    (13, N.PARTNERS, "Des producteurs prêts à tester les contenants consignés."),
    (14, N.SKILLS, "Ingénieurs matériaux pour le traitement des fibres."),
    (17, N.LAND, "Des terres agricoles à louer au nord de la métropole."),
    (17, N.VOLUNTEERS, "Des bénévoles pour les chantiers de plantation de haies."),
    (2, N.EQUIPMENT, "Mobilier et écrans pour deux nouveaux tiers-lieux."),
    (3, N.DATA, "Des données anonymisées de déplacements domicile-travail."),
    (24, N.SKILLS, "Thermiciens pour les audits de copropriétés."),
    (30, N.FUNDING, "Financer l'étude de faisabilité des navettes."),
    (35, N.EQUIPMENT, "Des ordinateurs en fin de location à reconditionner."),
    (37, N.PARTNERS, "Un transporteur prêt à tester un bus à hydrogène."),
    (41, N.PREMISES, "Des salles de formation équipées."),
    (4, N.DATA, "Les consommations d'énergie des sites des zones d'activités."),
]

# organisation index among demo organisations (cycled), kind, description, themes
OFFERS = [
    (
        N.FUNDING,
        "Prêts d'honneur et garanties pour les projets à impact.",
        ["Énergie", "Déchets"],
    ),
    (
        N.LAND,
        "Terrains disponibles en zone d'activités, bail à long terme.",
        ["Industrie et filières", "Déchets"],
    ),
    (
        N.PREMISES,
        "Un entrepôt de 1 000 m² vacant à partir du printemps.",
        ["Consommation responsable"],
    ),
    (N.SKILLS, "Mécénat de compétences d'ingénieurs matériaux.", ["Industrie et filières"]),
    (N.SKILLS, "Audits énergétiques par nos thermiciens.", ["Énergie", "Logement"]),
    (N.EQUIPMENT, "200 ordinateurs portables renouvelés chaque année.", ["Numérique"]),
    (N.EQUIPMENT, "Mobilier de bureau en bon état à donner.", ["Tiers-lieux"]),
    (N.DATA, "Données de fréquentation des parkings et des navettes.", ["Mobilité"]),
    (N.DATA, "Relevés de consommation électrique de nos sites.", ["Énergie"]),
    (
        N.VOLUNTEERS,
        "Journées solidaires des salariés : 300 personnes par an.",
        ["Biodiversité", "Alimentation"],
    ),
    (
        N.PARTNERS,
        "Un réseau de 40 producteurs locaux.",
        ["Alimentation", "Consommation responsable"],
    ),
    (
        N.PARTNERS,
        "Une flotte de bus disponible pour une expérimentation.",
        ["Mobilité", "Énergie"],
    ),
    (N.PREMISES, "Salles de formation à louer en soirée.", ["Organisation du travail"]),
    (N.LAND, "Terres agricoles en fermage au nord de la métropole.", ["Alimentation"]),
]


def _slug(title: str) -> str:
    return f"demo-{slugify(title)}"[:200]


def _demo_organisations() -> list[Organisation]:
    organisations = list(Organisation.objects.filter(is_demo=True).order_by("slug"))
    if organisations:
        return organisations
    # The actors demo has not run: two organisations of our own keep the world whole.
    return [
        Organisation.objects.update_or_create(
            slug=f"demo-projets-{n}", defaults={"name": name, "kind": kind, "is_demo": True}
        )[0]
        for n, (name, kind) in enumerate(
            [
                ("Collectif Transition Toulouse", Organisation.Kind.ASSOCIATION),
                ("Coopérative des Projets Durables", Organisation.Kind.COMPANY),
            ]
        )
    ]


def _purge() -> None:
    Offer.objects.filter(organisation__is_demo=True).delete()
    Need.objects.filter(organisation__is_demo=True, project__isnull=True).delete()
    Project.objects.filter(is_demo=True).delete()  # cascades to links, needs, participations
    Organisation.objects.filter(slug__startswith="demo-projets-", is_demo=True).delete()


def load(purge: bool = False) -> None:
    if purge:
        _purge()
        return
    themes = {t.name: t for t in Theme.objects.all()}
    organisations = _demo_organisations()
    projects = _load_projects(themes, organisations)
    _load_links(projects)
    communities.store()  # the graph's groups at once, without waiting for a worker
    _load_needs(projects)
    _load_offers(organisations, themes)


def _load_projects(themes: dict, organisations: list[Organisation]) -> list[Project]:
    stakes = {s.name: s for s in Stake.objects.all()}
    communes = {c.slug: c for c in Commune.objects.all()}
    fallback_commune = communes.get("toulouse") or next(iter(communes.values()), None)
    by_theme = {}
    for organisation in Organisation.objects.filter(pk__in=[o.pk for o in organisations]):
        for theme in organisation.themes.all():
            by_theme.setdefault(theme.name, []).append(organisation)
    spare = cycle(organisations)
    circles = list(Circle.objects.filter(is_demo=True).prefetch_related("themes"))
    projects = []
    for index, row in enumerate(PROJECTS):
        theme_names, stake_names, commune_slug = row[1], row[2], row[5]
        commune = communes.get(commune_slug, fallback_commune)
        project = _save_project(index, row, commune)
        project.themes.set([themes[n] for n in theme_names if n in themes])
        project.stakes.set([stakes[n] for n in stake_names if n in stakes])
        project.communes.set([commune] if commune else [])
        candidates = [o for n in theme_names for o in by_theme.get(n, [])]
        carrier = candidates[index % len(candidates)] if candidates else next(spare)
        _add_participations(project, index, carrier, partner=next(spare))
        circle = next(
            (c for c in circles if {t.name for t in c.themes.all()} & set(theme_names)), None
        )
        _attach_circle_and_referent(project, circle, carrier)
        projects.append(project)
    return projects


def _save_project(index: int, row: tuple, commune: Commune | None) -> Project:
    title, _themes, _stakes, phase, status, _commune, summary = row[:7]
    (co2, jobs, people), budget, state = row[7], row[8], row[9]
    # Spread projects around their town hall so markers do not pile up.
    offset_lat, offset_lng = ((index * 7) % 11 - 5) * 0.003, ((index * 5) % 9 - 4) * 0.004
    project, _ = Project.objects.update_or_create(
        slug=_slug(title),
        defaults={
            "title": title,
            "summary": summary,
            "description": (
                f"{summary}\n\nCe projet fait partie du mouvement de l'Alliance : il est "
                "partagé, challengé et augmenté par le collectif dans les cercles de travail."
            ),
            "phase": phase,
            "phase_status": status,
            "latitude": commune.latitude + offset_lat if commune else None,
            "longitude": commune.longitude + offset_lng if commune else None,
            "co2_avoided": Decimal(co2) if co2 is not None else None,
            "jobs": jobs,
            "people_reached": people,
            "budget": Decimal(budget),
            "start_date": None,
            "state": state,
            "is_demo": True,
        },
    )
    return project


def _add_participations(project: Project, index: int, carrier, partner) -> None:
    """The carrier always; every third project a partner too."""
    Participation.objects.get_or_create(
        project=project, organisation=carrier, role=Participation.Role.CARRIER
    )
    if partner != carrier and index % 3 == 0:
        Participation.objects.get_or_create(
            project=project, organisation=partner, role=Participation.Role.PARTNER
        )


def _attach_circle_and_referent(project: Project, circle: Circle | None, carrier) -> None:
    """The first circle sharing a theme; a mandated representative of the carrier as the
    referent, unless the project has one already."""
    if circle and project.circle_id != circle.pk:
        project.circle = circle
        project.save(update_fields=["circle"])
    if project.referent_id is None:
        referent = carrier.representations.filter(has_mandate=True).select_related("person").first()
        if referent:
            project.referent = referent.person
            project.save(update_fields=["referent"])


def _load_links(projects: list[Project]) -> None:
    for source, kind, target, strength, description in LINKS:
        if source >= len(projects) or target >= len(projects) or source == target:
            continue
        Link.objects.update_or_create(
            source=projects[source],
            target=projects[target],
            kind=kind,
            defaults={"strength": strength, "description": description},
        )


def _load_needs(projects: list[Project]) -> None:
    for index, kind, description in NEEDS:
        Need.objects.update_or_create(
            project=projects[index], description=description, defaults={"kind": kind}
        )


def _load_offers(organisations: list[Organisation], themes: dict) -> None:
    for n, (kind, description, theme_names) in enumerate(OFFERS):
        organisation = organisations[(n * 3) % len(organisations)]
        offer, _ = Offer.objects.update_or_create(
            organisation=organisation, description=description, defaults={"kind": kind}
        )
        offer.themes.set([themes[t] for t in theme_names if t in themes])
