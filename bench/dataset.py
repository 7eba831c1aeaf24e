"""The benches' data set: a register the size of the target, in French, from a fixed seed.

At `scale=1`: 10,045 projects (30 % placed only at their commune, no point of their own),
20,060 links, 2,034 organisations with their participations, 10,000 ideas with likes and
comments, 300 meetings with 30 registrations each. `scale=5` multiplies projects, links
and organisations (the register grows; ideas and meetings stay). Written with
bulk_create in batches, so signals do not fire: the search index is rebuilt at the end.
Call it on an empty, migrated database.
"""

import random
import time
from datetime import date, timedelta

from django.utils import timezone
from django.utils.text import slugify

SEED = 20260
PROJECTS, LINKS, ORGANISATIONS = 10_045, 20_060, 2_034
IDEAS, SPACES, USERS = 10_000, 12, 600
CIRCLES, MEETINGS, REGISTRATIONS, PEOPLE = 10, 300, 30, 1_500
BATCH = 5_000

ACTIONS = [
    "Rénovation énergétique",
    "Jardin partagé",
    "Ressourcerie",
    "Atelier vélo",
    "Réseau de chaleur",
    "Centrale solaire citoyenne",
    "Cantine bio",
    "Tiers-lieu",
    "Compostage collectif",
    "Covoiturage solidaire",
    "Épicerie sociale",
    "Recyclerie",
    "Ferme urbaine",
    "Récupération des eaux de pluie",
    "Plateforme de réemploi",
    "Maison de la mobilité",
]
PLACES = [
    "du quartier des Izards",
    "de la Croix-de-Pierre",
    "des Minimes",
    "de Borderouge",
    "du Mirail",
    "de Saint-Cyprien",
    "des berges de la Garonne",
    "du canal du Midi",
    "de la zone d'activités",
    "du centre-bourg",
    "des écoles",
    "de la halle",
]
PUBLICS = ["habitants", "collégiens", "commerçants", "agriculteurs", "familles", "seniors"]
VERBS = ["réduire", "mutualiser", "valoriser", "accompagner", "développer", "préserver"]
OBJECTS = [
    "la consommation d'eau",
    "les déchets du chantier",
    "les circuits courts",
    "la biodiversité locale",
    "les mobilités douces",
    "l'accès à une alimentation de qualité",
    "la sobriété énergétique",
    "l'emploi local",
]
ORG_WORDS = ["Énergies", "Solidarités", "Terres", "Mobilités", "Habitat", "Réemploi", "Eau vive"]
ORG_FORMS = ["Association", "SCIC", "Coopérative", "Collectif", "SAS", "Régie", "Syndicat"]
FIRST = ["Camille", "Léa", "Hugo", "Inès", "Mathis", "Chloé", "Nathan", "Manon", "Yanis", "Zoé"]
LAST = ["Martin", "Bernard", "Garcia", "Roux", "Fournier", "Lefèvre", "Mercier", "Blanc"]


class Text:
    """French sentences from a seeded generator: the same data set on every run."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)

    def pick(self, words: list[str]) -> str:
        return self.rng.choice(words)

    def sentence(self) -> str:
        return (
            f"Le projet vise à {self.pick(VERBS)} {self.pick(OBJECTS)} avec les "
            f"{self.pick(PUBLICS)} {self.pick(PLACES)}."
        )

    def paragraphs(self, count: int) -> str:
        return "\n\n".join(
            " ".join(self.sentence() for _ in range(self.rng.randint(2, 5))) for _ in range(count)
        )


def build(scale: int = 1, *, report=print) -> dict[str, int]:
    """Fills the database; returns how many rows of each kind it wrote."""
    from alliance.demo import load_communes, load_themes
    from alliance.models import Commune, Theme
    from network.search import index

    text = Text(SEED)
    load_themes()
    load_communes()
    themes = list(Theme.objects.order_by("pk"))
    communes = list(Commune.objects.exclude(latitude=None).order_by("pk"))
    counts: dict[str, int] = {}
    steps = [
        ("organisations", lambda: _organisations(text, ORGANISATIONS * scale, themes, communes)),
        ("projects", lambda: _projects(text, PROJECTS * scale, themes, communes)),
        ("links", lambda: _links(text, LINKS * scale)),
        ("users", lambda: _users(USERS)),
        ("people", lambda: _people(PEOPLE)),
        ("ideas", lambda: _ideas(text, themes)),
        ("meetings", lambda: _meetings(text, communes)),
        ("search entries", index.rebuild),
        ("tallies", _tallies),  # the stored counts, which bulk_create does not keep
        ("graph groups", _graph_communities),  # the same: its job never ran
    ]
    for name, step in steps:
        started = time.perf_counter()
        counts[name] = step()
        report(f"  {counts[name]:>7} {name:<15} {time.perf_counter() - started:6.1f} s")
    return counts


def _tallies() -> int:
    from alliance import tallies
    from alliance.models import Tally

    tallies.refresh_all()
    return Tally.objects.count()


def _graph_communities() -> int:
    from projects import communities  # deferred: after django.setup(), as the others

    return communities.store()


def _point(text: Text, commune) -> tuple[float, float]:
    return (
        round(commune.latitude + text.rng.uniform(-0.02, 0.02), 6),
        round(commune.longitude + text.rng.uniform(-0.03, 0.03), 6),
    )


def _organisations(text: Text, n: int, themes, communes) -> int:
    from actors.models import Organisation, normalise_name

    rows = []
    for i in range(n):
        name = f"{text.pick(ORG_FORMS)} {text.pick(ORG_WORDS)} {text.pick(PLACES)} {i}"
        commune = communes[i % len(communes)]
        lat, lng = _point(text, commune) if i % 3 else (commune.latitude, commune.longitude)
        rows.append(
            Organisation(
                name=name,
                name_key=normalise_name(name),
                slug=slugify(name)[:200],
                kind=Organisation.Kind.values[i % len(Organisation.Kind.values)],
                description=text.paragraphs(2),
                commune=commune,
                latitude=lat,
                longitude=lng,
                joined_on=date(2022, 1, 1) + timedelta(days=i % 1200),
            )
        )
    Organisation.objects.bulk_create(rows, batch_size=BATCH)
    through = Organisation.themes.through
    pks = list(Organisation.objects.values_list("pk", flat=True))
    through.objects.bulk_create(
        [
            through(organisation_id=pk, theme=themes[(pk + k) % len(themes)])
            for pk in pks
            for k in range(1 + pk % 2)
        ],
        batch_size=BATCH,
    )
    return n


def _projects(text: Text, n: int, themes, communes) -> int:
    from actors.models import Organisation
    from projects.models import Participation, Project

    now = timezone.now()
    rows = []
    for i in range(n):
        title = f"{text.pick(ACTIONS)} {text.pick(PLACES)} n° {i}"
        commune = communes[i % len(communes)]
        own_point = i % 10 >= 3  # 30 % sit at their commune's town hall
        lat, lng = _point(text, commune) if own_point else (None, None)
        rows.append(
            Project(
                title=title,
                slug=slugify(title)[:200],
                summary=text.sentence()[:300],
                description=text.paragraphs(3),
                phase=Project.Phase.values[i % 3],
                state=Project.State.PUBLISHED if i % 20 else Project.State.SUBMITTED,
                latitude=lat,
                longitude=lng,
                start_date=date(2021, 1, 1) + timedelta(days=i % 1500),
                jobs=i % 12,
                people_reached=(i * 37) % 5000,
                published_at=now - timedelta(hours=i),
            )
        )
    Project.objects.bulk_create(rows, batch_size=BATCH)
    pks = list(Project.objects.order_by("pk").values_list("pk", flat=True))
    Project.themes.through.objects.bulk_create(
        [
            Project.themes.through(project_id=pk, theme=themes[(pk * 7 + k) % len(themes)])
            for pk in pks
            for k in (0, 3)[: 1 + pk % 2]
        ],
        batch_size=BATCH,
    )
    Project.communes.through.objects.bulk_create(
        [
            Project.communes.through(project_id=pk, commune=communes[i % len(communes)])
            for i, pk in enumerate(pks)
        ],
        batch_size=BATCH,
    )
    orgs = list(Organisation.objects.values_list("pk", flat=True))
    roles = [Participation.Role.PARTNER, Participation.Role.FUNDER]
    Participation.objects.bulk_create(
        [
            Participation(project_id=pk, organisation_id=org, role=role)
            for i, pk in enumerate(pks)
            for org, role in [
                (orgs[i % len(orgs)], Participation.Role.CARRIER),
                *((orgs[(i * 13 + k) % len(orgs)], roles[k % 2]) for k in range(1 + i % 3)),
            ]
        ],
        batch_size=BATCH,
        ignore_conflicts=True,
    )
    return n


def _links(text: Text, n: int) -> int:
    from projects.models import Link, Project

    pks = list(Project.objects.order_by("pk").values_list("pk", flat=True))
    kinds = Link.Kind.values
    seen, rows = set(), []
    while len(rows) < n:
        i = text.rng.randrange(len(pks))
        # Most links stay among neighbours in the catalogue, as projects of a place do.
        if text.rng.random() < 0.8:
            j = min(max(i + text.rng.randint(-60, 60), 0), len(pks) - 1)
        else:
            j = text.rng.randrange(len(pks))
        key = (pks[i], pks[j], text.pick(kinds))
        if i == j or key in seen:
            continue
        seen.add(key)
        rows.append(
            Link(
                source_id=key[0],
                target_id=key[1],
                kind=key[2],
                strength=1 + len(rows) % 3,
                description=text.sentence() if len(rows) % 4 == 0 else "",
            )
        )
    Link.objects.bulk_create(rows, batch_size=BATCH)
    return n


def _users(n: int) -> int:
    from alliance.models import User

    User.objects.bulk_create(
        [
            User(
                email=f"membre-{i}@example.org",
                first_name=FIRST[i % len(FIRST)],
                last_name=LAST[i % len(LAST)],
                password="!",  # unusable: nobody logs in as a bench user
            )
            for i in range(n)
        ],
        batch_size=BATCH,
    )
    return n


def _people(n: int) -> int:
    from actors.models import Person

    Person.objects.bulk_create(
        [
            Person(
                first_name=FIRST[i % len(FIRST)],
                last_name=f"{LAST[i % len(LAST)]} {i}",
                email=f"personne-{i}@example.org",
            )
            for i in range(n)
        ],
        batch_size=BATCH,
    )
    return n


def _ideas(text: Text, themes) -> int:
    from actors.models import Person
    from alliance.models import User
    from ideas.models import Comment, Idea, IdeaSpace, Like

    users = list(User.objects.filter(email__startswith="membre-").values_list("pk", flat=True))
    people = list(Person.objects.order_by("pk").values_list("pk", flat=True))
    spaces = IdeaSpace.objects.bulk_create(
        [
            IdeaSpace(
                name=f"Concertation {text.pick(PLACES)} {i}",
                slug=f"concertation-{i}",
                description=text.paragraphs(1),
            )
            for i in range(SPACES)
        ]
    )
    now = timezone.now()
    statuses = Idea.Status.values
    Idea.objects.bulk_create(
        [
            Idea(
                space=spaces[i % SPACES],
                title=f"Et si on créait un {text.pick(ACTIONS).lower()} {text.pick(PLACES)} ?",
                body=text.paragraphs(2),
                author_id=people[i % len(people)],
                status=statuses[i % len(statuses)],
                created_at=now - timedelta(minutes=7 * i),
            )
            for i in range(IDEAS)
        ],
        batch_size=BATCH,
    )
    ideas = list(Idea.objects.order_by("pk").values_list("pk", flat=True))
    Idea.themes.through.objects.bulk_create(
        [Idea.themes.through(idea_id=pk, theme=themes[pk % len(themes)]) for pk in ideas],
        batch_size=BATCH,
    )
    Like.objects.bulk_create(
        [
            Like(idea_id=pk, user_id=user)
            for pk in ideas
            for user in text.rng.sample(users, text.rng.randint(0, 8))
        ],
        batch_size=BATCH,
    )
    Comment.objects.bulk_create(
        [
            Comment(idea_id=pk, author_id=text.rng.choice(users), body=text.sentence())
            for pk in ideas
            for _ in range(text.rng.randint(0, 4))
        ],
        batch_size=BATCH,
    )
    return len(ideas)


def _meetings(text: Text, communes) -> int:
    from actors.models import Person
    from circles.models import Circle, Meeting, Membership, Registration

    people = list(Person.objects.order_by("pk"))
    circles = Circle.objects.bulk_create(
        [
            Circle(
                name=f"Cercle {text.pick(ORG_WORDS).lower()} {i}",
                slug=f"cercle-{i}",
                kind=Circle.Kind.values[i % len(Circle.Kind.values)],
                purpose=text.paragraphs(1),
            )
            for i in range(CIRCLES)
        ]
    )
    Membership.objects.bulk_create(
        [
            Membership(circle=circle, person=people[(c * 97 + k) % PEOPLE])
            for c, circle in enumerate(circles)
            for k in range(60)
        ],
        batch_size=BATCH,
    )
    # Half held over the past year, half coming over the next.
    start = timezone.now().replace(hour=16, minute=0, second=0, microsecond=0)
    meetings = Meeting.objects.bulk_create(
        [
            Meeting(
                circle=circles[m % CIRCLES],
                title=f"Réunion du {circles[m % CIRCLES].name.lower()} n° {m}",
                topic=text.sentence(),
                agenda="1. Tour de table\n2. Avancement des projets\n3. Prochaines étapes",
                place=f"Salle {text.pick(PLACES)}",
                commune=communes[m % len(communes)],
                start=start + timedelta(days=(m - MEETINGS // 2) * 2),
                end=start + timedelta(days=(m - MEETINGS // 2) * 2, hours=2),
                status=Meeting.Status.HELD if m < MEETINGS // 2 else Meeting.Status.CONFIRMED,
            )
            for m in range(MEETINGS)
        ],
        batch_size=BATCH,
    )
    Registration.objects.bulk_create(
        [
            Registration(meeting=meeting, person=person, consent=True)
            for meeting in meetings
            for person in text.rng.sample(people, REGISTRATIONS)
        ],
        batch_size=BATCH,
    )
    return len(meetings)
