"""The charter's three circles, their members, the six dated meetings of its roadmap
(held, with short minutes) and the next series of upcoming ones. Idempotent: every
record has a stable key; `purge` removes only demo records."""

from datetime import date, datetime, time, timedelta

from actors.models import Person
from alliance.models import Commune, Theme
from alliance.timezones import PARIS
from circles.models import Circle, Meeting, MeetingSeries, Membership, Registration
from circles.scheduling import occurrences

# Upcoming meetings start from this fixed day, so a rerun never creates new ones.
ANCHOR = date(2026, 11, 26)
PLACE = "Hôtel de Région, 22 boulevard du Maréchal Juin, Toulouse"
UPCOMING_AGENDA = (
    "1. Tour de table\n2. Avancement de la feuille de route\n3. Projets et besoins remontés"
)
CONSULTATION_CAPACITY = 80  # the concertation circle's room

CIRCLES = [
    {
        "slug": "cercle-d-animation",
        "name": "Cercle d'animation",
        "kind": Circle.Kind.ANIMATION,
        "purpose": (
            "Assurer la gouvernance concertante du mouvement, établir et suivre la feuille "
            "de route et les missions avec les différentes thématiques, projets et points "
            "de rencontre."
        ),
        "cadence": "FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU",
        "meetings_per_year": 6,
        "at": time(14, 0),
        "duration": timedelta(hours=2),
        "open_to_join": False,
        "themes": [],
        "count": 6,
    },
    {
        "slug": "cercle-de-travail-collaboratif",
        "name": "Cercle de travail collaboratif et de co-construction",
        "kind": Circle.Kind.WORK,
        "purpose": (
            "Approfondir la feuille de route avec les thématiques, challenger, agréger et "
            "porter les projets remontés auprès de la communauté."
        ),
        "cadence": "FREQ=MONTHLY;BYMONTH=1,2,3,4,5,6,9,10,11,12;BYDAY=2TH",
        "meetings_per_year": 10,
        "at": time(9, 30),
        "duration": timedelta(hours=2, minutes=30),
        "open_to_join": True,
        "themes": ["Énergie", "Mobilité", "Déchets", "Organisation du travail"],
        "count": 11,  # December 2026, then the ten of 2027
    },
    {
        "slug": "cercle-de-concertation",
        "name": "Cercle de concertation",
        "kind": Circle.Kind.CONSULTATION,
        "purpose": (
            "Ouvert au plus grand nombre : l'avancement des réflexions et travaux, pour "
            "embarquer toutes les parties prenantes dans les projets et le mouvement."
        ),
        "cadence": "FREQ=YEARLY;BYMONTH=2,6,10;BYDAY=-1TH",
        "meetings_per_year": 3,
        "at": time(17, 30),
        "duration": timedelta(hours=2),
        "open_to_join": True,
        "themes": ["Énergie", "Santé", "Alimentation"],
        "count": 3,
    },
]

# The roadmap's dated meetings (charter, "Feuille de route"), all held.
HELD = [
    (
        "cercle-de-concertation",
        date(2023, 2, 7),
        time(17, 30),
        "Réunion de lancement",
        "Présentation du mouvement et de sa raison d'être ; tour de table des acteurs.",
        "Constituer le cercle d'animation\nConsolider la charte d'ici mars",
    ),
    (
        "cercle-d-animation",
        date(2023, 3, 15),
        time(14, 0),
        "Consolidation du présent document",
        "Relecture de la charte : valeurs, missions, principes de fonctionnement.",
        "Charte adoptée sous réserve des derniers retours",
    ),
    (
        "cercle-de-concertation",
        date(2023, 3, 28),
        time(17, 30),
        "Transition énergétique",
        "Partage des projets de production locale et de sobriété énergétique.",
        "Lancer un groupe de travail énergie",
    ),
    (
        "cercle-d-animation",
        date(2023, 4, 13),
        time(14, 0),
        "Coordination des actions/projets",
        "Revue des projets remontés et des points de convergence.",
        "Cartographier les projets et leurs interdépendances",
    ),
    (
        "cercle-de-travail-collaboratif",
        date(2023, 6, 13),
        time(9, 30),
        "Préparation cercle de concertation de juin 2023",
        "Choix des projets présentés et du déroulé de la séance de juin.",
        "Cinq projets présentés le 29 juin",
    ),
    (
        "cercle-de-concertation",
        date(2023, 6, 29),
        time(14, 0),
        "Projets du mouvement",
        "Présentation des projets du mouvement aux collectivités et acteurs économiques.",
        "Ouvrir les projets aux nouveaux partenaires",
    ),
]


def _people() -> list[Person]:
    people = list(Person.objects.filter(is_demo=True).order_by("email")[:30])
    if people:
        return people
    names = [
        ("Claire", "Garrigues"),
        ("Mathieu", "Sabatier"),
        ("Nadia", "Benali"),
        ("Julien", "Escande"),
        ("Sophie", "Castan"),
        ("Karim", "Ould"),
        ("Élodie", "Fabre"),
        ("Pierre", "Soulé"),
    ]
    for i, (first, last) in enumerate(names):
        Person.objects.update_or_create(
            email=f"demo.cercles.{i}@alliance.localhost",
            defaults={"first_name": first, "last_name": last, "is_demo": True},
        )
    return list(Person.objects.filter(is_demo=True).order_by("email"))


def _at(day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=PARIS)


def load(purge: bool = False) -> None:
    if purge:
        Meeting.objects.filter(is_demo=True).delete()
        Circle.objects.filter(is_demo=True).delete()
        return
    toulouse = Commune.objects.filter(slug="toulouse").first()
    people = _people()
    circles = _circles()
    members = {
        "cercle-d-animation": people[:6],
        "cercle-de-travail-collaboratif": people[3:15],
        "cercle-de-concertation": people,
    }
    _memberships(circles, members, people)
    _held_meetings(circles, toulouse)
    _upcoming_meetings(circles, toulouse)
    _registrations(circles["cercle-d-animation"][0], members["cercle-d-animation"][:4])


def _circles() -> dict[str, tuple[Circle, dict]]:
    """{slug: (circle, its spec)} for the charter's circles."""
    themes = {t.name: t for t in Theme.objects.all()}
    circles = {}
    for spec in CIRCLES:
        circle, _ = Circle.objects.update_or_create(
            slug=spec["slug"],
            defaults={
                "name": spec["name"],
                "kind": spec["kind"],
                "purpose": spec["purpose"],
                "cadence": spec["cadence"],
                "meetings_per_year": spec["meetings_per_year"],
                "default_duration": spec["duration"],
                "default_place": PLACE,
                "open_to_join": spec["open_to_join"],
                "is_demo": True,
            },
        )
        circle.themes.set([themes[n] for n in spec["themes"] if n in themes])
        circles[spec["slug"]] = (circle, spec)
    return circles


def _memberships(circles, members: dict[str, list[Person]], people: list[Person]) -> None:
    """The first member of each circle facilitates it; beyond the twelfth, the concertation
    circle's members observe, without a mandate."""
    organisations = {p.pk: p.organisations.first() for p in people}  # a few dozen people at most
    for slug, chosen in members.items():
        circle, _spec = circles[slug]
        for i, person in enumerate(chosen):
            role = Membership.Role.FACILITATOR if i == 0 else Membership.Role.MEMBER
            if slug == "cercle-de-concertation" and i >= 12:
                role = Membership.Role.OBSERVER
            Membership.objects.update_or_create(
                circle=circle,
                person=person,
                defaults={
                    "organisation": organisations.get(person.pk),
                    "role": role,
                    "has_mandate": slug != "cercle-de-concertation" or i < 12,
                    "status": Membership.Status.ACCEPTED,
                    "start": date(2023, 2, 7),
                },
            )
        circle.facilitators.add(chosen[0])


def _held_meetings(circles, toulouse: Commune | None) -> None:
    for slug, day, at, title, minutes, decisions in HELD:
        circle, spec = circles[slug]
        start = _at(day, at)
        Meeting.objects.update_or_create(
            circle=circle,
            title=title,
            is_demo=True,
            defaults={
                "start": start,
                "end": start + spec["duration"],
                "place": PLACE,
                "commune": toulouse,
                "agenda": f"1. Accueil et tour de table\n2. {title}\n3. Prochaines étapes",
                "status": Meeting.Status.HELD,
                "registration_open": False,
                "is_open": circle.welcomes_guests,
                "minutes": minutes,
                "decisions": decisions,
            },
        )


def _upcoming_meetings(circles, toulouse: Commune | None) -> None:
    """Each circle's next series, from ANCHOR on its cadence."""
    for circle, spec in circles.values():
        series, _ = MeetingSeries.objects.get_or_create(circle=circle, rule=spec["cadence"])
        items = occurrences(
            spec["cadence"],
            first_day=ANCHOR,
            until=None,
            count=spec["count"],
            at=spec["at"],
            duration=spec["duration"],
        )
        for item in items:
            Meeting.objects.update_or_create(
                circle=circle,
                start=item.start,
                is_demo=True,
                defaults={
                    "title": circle.name,
                    "end": item.end,
                    "series": series,
                    "place": PLACE,
                    "commune": toulouse,
                    "agenda": UPCOMING_AGENDA,
                    "capacity": CONSULTATION_CAPACITY if circle.welcomes_guests else None,
                    "is_open": circle.welcomes_guests,
                },
            )


def _registrations(circle: Circle, people: list[Person]) -> None:
    """A few members already answered "je viens" to the first upcoming meeting."""
    first = (
        Meeting.objects.filter(is_demo=True, circle=circle, start__date__gte=ANCHOR)
        .order_by("start")
        .first()
    )
    if first is None:
        return
    for person in people:
        Registration.objects.get_or_create(
            meeting=first,
            person=person,
            defaults={"answer": Registration.Answer.YES, "confirmed_at": first.created_at},
        )
