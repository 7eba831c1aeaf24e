"""Demo idea space: the launch meeting of 7 February 2023 and the ideas collected there.

Runs last. Idempotent: the space is keyed by slug, imported ideas by their Colidée id,
posted ideas by title, comments by author and text. Demo members who like and comment
have accounts under @idees.demo.localhost (unusable passwords); `purge` removes them with
the demo space. Links to the circles' demo meeting and the actors' demo people when
those exist, and does without them otherwise.
"""

import hashlib
from datetime import datetime, timedelta

from django.contrib.auth.models import Group

from actors.models import Person
from alliance.access import MEMBERS
from alliance.models import Theme, User
from alliance.text import fold
from alliance.timezones import PARIS
from circles.models import Meeting
from ideas.models import Comment, Idea, IdeaSpace, Like, idea_key

SLUG = "reunion-de-lancement-2023"
LAUNCH = datetime(2023, 2, 7, 18, 0, tzinfo=PARIS)
DEMO_DOMAIN = "idees.demo.localhost"

MEMBERS_ = [
    ("Inès", "Garrigues"),
    ("Thomas", "Castan"),
    ("Nadia", "Benali"),
    ("Julien", "Moreau"),
    ("Sophie", "Delmas"),
    ("Karim", "Haddad"),
]

# title, body, theme, author (as written in Colidée), likes, comments, status, answer
IMPORTED = [
    (
        "Covoiturage entre entreprises de la zone",
        "Une plateforme commune aux entreprises de la zone aéroportuaire pour partager les trajets domicile-travail, avec des places réservées sur les parkings.",
        "Mobilité",
        "Marc Rouquette",
        14,
        3,
        "retenue",
        "Retenue pour le cercle de travail mobilité d'avril.",
    ),
    (
        "Covoiturage inter-entreprises sur la zone",
        "Mutualiser le covoiturage entre les entreprises voisines pour réduire l'autosolisme.",
        "Mobilité",
        "Élodie Saint-Martin",
        6,
        1,
        "nouvelle",
        "",
    ),
    (
        "Vélo-école pour les salariés",
        "Des séances d'apprentissage du vélo en ville, financées par plusieurs employeurs, avec prêt de vélos à assistance électrique.",
        "Mobilité",
        "Paul Esquirol",
        9,
        2,
        "etude",
        "",
    ),
    (
        "Navettes électriques vers les zones d'activité",
        "Relier les terminus de métro aux zones d'activité par des navettes mutualisées aux heures de pointe.",
        "mobilité",
        "Aurélie Fabre",
        11,
        4,
        "nouvelle",
        "",
    ),
    (
        "Un tiers-lieu par bassin de vie",
        "Ouvrir des tiers-lieux de proximité pour le télétravail, les associations et l'artisanat, portés par des collectivités et des entreprises.",
        "Tiers-lieux",
        "Jean-Luc Carrère",
        17,
        5,
        "retenue",
        "Un recensement des lieux vacants est lancé.",
    ),
    (
        "Tiers-lieu nourricier en périphérie",
        "Un lieu mêlant maraîchage, cuisine partagée et ateliers pour les habitants.",
        "Tiers lieux",
        "Céline Vidal",
        8,
        2,
        "nouvelle",
        "",
    ),
    (
        "Compostage collectif dans les zones d'activité",
        "Des composteurs partagés entre restaurants d'entreprise, avec un maître composteur mutualisé.",
        "Déchets",
        "Hélène Roques",
        12,
        2,
        "etude",
        "",
    ),
    (
        "Composteurs de quartier gérés par des associations",
        "Financer des associations qui animent les composteurs de quartier et forment les habitants.",
        "déchets",
        "Rémi Bastide",
        5,
        0,
        "nouvelle",
        "",
    ),
    (
        "Épiceries en vrac dans les entreprises",
        "Des points de vente en vrac et sans emballage dans les grands sites d'entreprise, en lien avec des producteurs locaux.",
        "Consommation responsable",
        "Laure Montagné",
        7,
        1,
        "nouvelle",
        "",
    ),
    (
        "Consigne des emballages en verre",
        "Relancer la consigne du verre avec les brasseurs et producteurs de jus de la région.",
        "Consommation responsable",
        "Olivier Peyre",
        10,
        3,
        "retenue",
        "",
    ),
    (
        "Toitures solaires des bâtiments publics et privés",
        "Recenser les grandes toitures et les équiper de panneaux photovoltaïques via une société citoyenne.",
        "Énergie",
        "Isabelle Lacaze",
        21,
        6,
        "retenue",
        "Étude confiée au cercle transition énergétique du 28 mars.",
    ),
    (
        "Autoconsommation collective entre voisins d'activité",
        "Partager la production solaire entre entreprises voisines grâce à l'autoconsommation collective.",
        "Energie",
        "Franck Delpech",
        13,
        2,
        "etude",
        "",
    ),
    (
        "Réseau de chaleur alimenté par la chaleur fatale",
        "Récupérer la chaleur des sites industriels et des data centers pour chauffer logements et équipements.",
        "ENERGIE",
        "Nathalie Ribes",
        9,
        1,
        "nouvelle",
        "",
    ),
    (
        "Semaine de quatre jours expérimentale",
        "Une expérimentation coordonnée entre plusieurs employeurs, avec un suivi de la santé et de la productivité.",
        "Organisation du travail",
        "Damien Cabrol",
        15,
        8,
        "etude",
        "",
    ),
    (
        "Télétravail dans les tiers-lieux proches du domicile",
        "Des conventions entre employeurs et tiers-lieux pour éviter les longs trajets.",
        "Organisation du travail",
        "Sandrine Puech",
        8,
        1,
        "nouvelle",
        "",
    ),
    (
        "Prévention santé mutualisée pour les TPE",
        "Un service de prévention partagé entre petites entreprises : ergonomie, santé mentale, dépistages.",
        "Santé",
        "Mathieu Auriol",
        6,
        2,
        "nouvelle",
        "",
    ),
    (
        "Maisons de santé dans les communes périurbaines",
        "Aider les communes à accueillir des professionnels de santé dans des locaux partagés.",
        "Santé",
        "Anne Cazals",
        10,
        2,
        "nouvelle",
        "",
    ),
    (
        "Récupération des eaux de pluie sur les sites industriels",
        "Des cuves mutualisées pour l'arrosage et le nettoyage, et un guide des bonnes pratiques.",
        "Eau",
        "Bruno Salvat",
        4,
        0,
        "nouvelle",
        "",
    ),
    (
        "Haies et refuges de biodiversité sur les zones d'activité",
        "Planter des haies champêtres et créer des refuges avec des associations naturalistes.",
        "Biodiversité",
        "Claire Authier",
        9,
        1,
        "retenue",
        "",
    ),
    (
        "Cantines approvisionnées en circuit court",
        "Regrouper les commandes des restaurants collectifs pour acheter aux producteurs du territoire.",
        "Alimentation",
        "Yannick Sabatier",
        12,
        3,
        "nouvelle",
        "",
    ),
    (
        "Ressourcerie du matériel de bureau",
        "Collecter, réparer et redistribuer mobilier et matériel informatique entre organisations.",
        "Déchets",
        "Martine Escande",
        7,
        1,
        "nouvelle",
        "",
    ),
    (
        "Reconditionnement des ordinateurs pour les associations",
        "Les entreprises donnent leurs ordinateurs, une structure d'insertion les reconditionne pour les associations.",
        "Numérique",
        "Cédric Lafon",
        11,
        2,
        "retenue",
        "",
    ),
    (
        "Recyclage des chutes de composites aéronautiques",
        "Une filière locale pour valoriser les chutes de fibre de carbone de l'aéronautique.",
        "Industrie et filières",
        "Véronique Gaubert",
        8,
        2,
        "etude",
        "",
    ),
    (
        "Habitat partagé pour les apprentis et saisonniers",
        "Des logements temporaires partagés, portés par employeurs et bailleurs sociaux.",
        "Logement",
        "Stéphane Marty",
        5,
        1,
        "nouvelle",
        "",
    ),
    (
        "Parking géant pour les camions en centre-ville",
        "Créer un grand parking poids lourds en plein centre.",
        "Mobilité",
        "Gérard Tournier",
        0,
        1,
        "ecartee",
        "Contraire aux objectifs de sobriété et de qualité de l'air du mouvement.",
    ),
    (
        "Tourisme d'affaires à vélo",
        "Proposer aux visiteurs professionnels des parcours à vélo entre sites et lieux de séminaire.",
        "Tourisme",
        "Lucie Ferrand",
        3,
        0,
        "nouvelle",
        "",
    ),
]

# title, body, theme, days after the launch
POSTED = [
    (
        "Atelier de réparation de vélos dans chaque tiers-lieu",
        "Un atelier participatif où salariés et habitants apprennent à entretenir leur vélo.",
        "Mobilité",
        3,
    ),
    (
        "Achats groupés d'électricité verte",
        "Regrouper les contrats d'électricité de plusieurs organisations auprès de fournisseurs d'énergie renouvelable locale.",
        "Énergie",
        8,
    ),
    (
        "Bourse aux compétences entre membres",
        "Des salariés volontaires partagent leurs compétences avec les associations du territoire.",
        "Organisation du travail",
        12,
    ),
    (
        "Zéro emballage jetable dans les réunions de l'alliance",
        "Gourdes, vaisselle réutilisable et buffets en vrac pour tous nos événements.",
        "Consommation responsable",
        15,
    ),
    (
        "Un référent santé environnement par commune",
        "Un interlocuteur formé aux liens entre santé et environnement dans chaque commune.",
        "Santé",
        20,
    ),
    (
        "Jardins partagés sur les friches en attente",
        "Occuper temporairement les friches avec des jardins animés par des associations.",
        "Biodiversité",
        26,
    ),
    (
        "Cartographie des toitures disponibles",
        "Une carte ouverte des toitures publiques et privées pouvant accueillir du solaire.",
        "Énergie",
        34,
    ),
    (
        "Mutualiser les flottes de véhicules électriques",
        "Partager entre organisations voisines les véhicules de service électriques le week-end.",
        "Mobilité",
        41,
    ),
]

COMMENTS = [
    (
        "Toitures solaires des bâtiments publics et privés",
        0,
        "Notre commune a déjà un inventaire des toitures, nous pouvons le partager.",
    ),
    (
        "Toitures solaires des bâtiments publics et privés",
        1,
        "Super, cela fera gagner des mois à l'étude.",
    ),
    ("Un tiers-lieu par bassin de vie", 2, "Il faut associer les communes rurales dès le départ."),
    (
        "Semaine de quatre jours expérimentale",
        3,
        "Nous sommes volontaires pour l'expérimentation (120 salariés).",
    ),
    (
        "Semaine de quatre jours expérimentale",
        4,
        "Attention à la charge des équipes de production en horaires décalés.",
    ),
    (
        "Covoiturage entre entreprises de la zone",
        5,
        "Doublon avec l'idée du covoiturage inter-entreprises ? À fusionner.",
    ),
    (
        "Compostage collectif dans les zones d'activité",
        1,
        "Les restaurants d'entreprise de notre site sont partants.",
    ),
    (
        "Cantines approvisionnées en circuit court",
        0,
        "Le regroupement des commandes est aussi un enjeu logistique.",
    ),
    (
        "Atelier de réparation de vélos dans chaque tiers-lieu",
        2,
        "On peut s'appuyer sur les ateliers associatifs existants.",
    ),
    (
        "Reconditionnement des ordinateurs pour les associations",
        3,
        "Nous avons 200 postes à renouveler cette année.",
    ),
]
REPLIES = {1: 0, 4: 3}  # comment index -> index of the comment it answers
IMPORTED_MINUTES_APART = 3
LIKED_ONE_IN = 3  # a member likes an idea when the hash of both falls on a multiple


def _hash(text: str) -> int:
    return int(hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()[:8], 16)


def _members() -> list[User]:
    group = Group.objects.filter(name=MEMBERS).first()
    users = []
    for first, last in MEMBERS_:
        email = f"{first}.{last}@{DEMO_DOMAIN}".lower().replace("è", "e").replace("é", "e")
        email = email.replace("î", "i").replace("ï", "i").replace("ô", "o")
        user, created = User.objects.get_or_create(
            email=email, defaults={"first_name": first, "last_name": last}
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        if group:
            user.groups.add(group)
        users.append(user)
    return users


def _meeting() -> Meeting | None:
    return (
        Meeting.objects.filter(start__date=LAUNCH.date())
        .order_by("-is_demo", "start")
        .select_related("circle")
        .first()
    )


def _people() -> list[Person]:
    return list(Person.objects.filter(is_demo=True).order_by("pk")[: len(POSTED)])


def _purge() -> None:
    IdeaSpace.objects.filter(is_demo=True).delete()
    Idea.objects.filter(is_demo=True).delete()
    User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").delete()


def _space(themes: dict[str, Theme]) -> IdeaSpace:
    """The launch meeting's space, linked to the circles' demo meeting when it exists."""
    meeting = _meeting()
    space, _ = IdeaSpace.objects.update_or_create(
        slug=SLUG,
        defaults={
            "name": "Réunion de lancement — 7 février 2023",
            "description": (
                "Les idées fortes recueillies lors du cercle de concertation de lancement de "
                "l'alliance, le 7 février 2023, reprises de l'espace Colidée « interclub », "
                "et celles proposées depuis par les membres."
            ),
            "meeting": meeting,
            "circle": meeting.circle if meeting else None,
            "is_open": True,
            "is_public": True,
            "is_demo": True,
        },
    )
    space.themes.set({themes[t[2]] for t in POSTED if t[2] in themes})
    return space


def _imported(space: IdeaSpace, themes: dict[str, Theme]) -> dict[str, Idea]:
    """The ideas taken from Colidée, keyed by their Colidée id, three minutes apart."""
    by_folded = _folded(themes)
    ideas = {}
    for index, (title, body, theme, author, likes, comments, status, answer) in enumerate(
        IMPORTED, start=1
    ):
        created = LAUNCH + timedelta(minutes=IMPORTED_MINUTES_APART * index)
        idea, _ = Idea.objects.update_or_create(
            space=space,
            source_id=f"interclub-{index:03d}",
            defaults={
                "title": title,
                "body": body,
                "author_name": author,
                "source": Idea.Source.IMPORT,
                "source_theme": theme,
                "source_key": idea_key(title, author, created),
                "imported_likes": likes,
                "imported_comments": comments,
                "status": status,
                "answer": answer,
                "created_at": created,
                "is_demo": True,
            },
        )
        matched = by_folded.get(_fold(theme))
        idea.themes.set([matched] if matched else [])
        ideas[title] = idea
    return ideas


def _posted(space: IdeaSpace, themes: dict[str, Theme]) -> dict[str, Idea]:
    """The ideas members posted since, by the actors' demo people when they exist."""
    people = _people()
    ideas = {}
    for index, (title, body, theme, days) in enumerate(POSTED):
        person = people[index] if index < len(people) else None
        idea, _ = Idea.objects.update_or_create(
            space=space,
            title=title,
            source=Idea.Source.PLATFORM,
            defaults={
                "body": body,
                "author": person,
                "author_name": "" if person else "Membre de l'alliance",
                "organisation": person.organisations.first() if person else None,
                "created_at": LAUNCH + timedelta(days=days, hours=2),
                "is_demo": True,
            },
        )
        idea.themes.set([themes[theme]] if theme in themes else [])
        ideas[title] = idea
    return ideas


def _likes(ideas: dict[str, Idea], members: list[User]) -> None:
    """About one member in three likes each idea, the same ones at every load."""
    likes = [
        Like(idea=idea, user=user)
        for idea in ideas.values()
        for user in members
        if _hash(f"{idea.title}{user.email}") % LIKED_ONE_IN == 0
    ]
    Like.objects.bulk_create(likes, ignore_conflicts=True)


def _comments(ideas: dict[str, Idea], members: list[User]) -> None:
    made: list[Comment] = []
    for index, (title, member_index, body) in enumerate(COMMENTS):
        parent = made[REPLIES[index]] if index in REPLIES else None
        comment, _ = Comment.objects.update_or_create(
            idea=ideas[title],
            author=members[member_index],
            body=body,
            defaults={
                "parent": parent,
                "created_at": ideas[title].created_at + timedelta(days=1, minutes=index),
                "is_demo": True,
            },
        )
        made.append(comment)


def load(purge: bool = False) -> None:
    if purge:
        _purge()
        return
    themes = {t.name: t for t in Theme.objects.all()}
    space = _space(themes)
    ideas = {**_imported(space, themes), **_posted(space, themes)}
    members = _members()
    _likes(ideas, members)
    _comments(ideas, members)


def _fold(text: str) -> str:
    return fold(text.replace("-", " "))


def _folded(themes: dict) -> dict:
    return {_fold(name): theme for name, theme in themes.items()}
