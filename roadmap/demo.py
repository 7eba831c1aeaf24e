"""The roadmap's demo: the charter's six meetings of 2023, a few upcoming milestones,
and objectives per key theme with their measurements.

Idempotent: milestones and objectives are keyed by title among demo records,
measurements by (objective, date). Builds on the circles' and projects' demo records
when they exist; `purge` deletes only demo records of this app.
"""

from datetime import date
from decimal import Decimal

from django.utils import timezone

from alliance.models import Theme
from circles.models import Circle, Meeting
from projects.models import Participation, Project
from roadmap.models import Measurement, Milestone, Objective

K = Circle.Kind

# date, circle kind, title, approximate (the charter gives only the month), themes
CHARTER_MEETINGS = [
    (date(2023, 2, 7), K.CONSULTATION, "Cercle de concertation — Réunion de lancement", False, []),
    (
        date(2023, 3, 15),
        K.ANIMATION,
        "Cercle d'animation — Consolidation du présent document",
        False,
        [],
    ),
    (
        date(2023, 3, 28),
        K.CONSULTATION,
        "Cercle de concertation — Transition énergétique",
        False,
        ["Énergie"],
    ),
    (
        date(2023, 4, 13),
        K.ANIMATION,
        "Cercle d'animation — Coordination des actions/projets",
        True,
        [],
    ),
    (
        date(2023, 6, 13),
        K.WORK,
        "Cercle de travail — Préparation du cercle de concertation de juin",
        True,
        [],
    ),
    (
        date(2023, 6, 29),
        K.CONSULTATION,
        "Cercle de concertation — Projets du mouvement",
        False,
        [],
    ),
]

OUTCOMES = {
    date(2023, 2, 7): "La feuille de route est initiée ; les premiers cercles sont constitués.",
    date(2023, 3, 15): "La charte du mouvement est consolidée.",
    date(2023, 3, 28): "Un premier recensement des projets d'énergie renouvelable est lancé.",
}

# (months after today's year start, kind, title, themes)
UPCOMING = [
    (
        (1, 3, 31),
        Milestone.Kind.DELIVERABLE,
        "Cartographie des projets du territoire publiée",
        ["Énergie", "Mobilité"],
    ),
    (
        (1, 6, 30),
        Milestone.Kind.DEADLINE,
        "Bilan d'étape des objectifs de la feuille de route",
        [],
    ),
    (
        (1, 9, 15),
        Milestone.Kind.DECISION,
        "Choix des projets structurants à porter collectivement",
        ["Logement", "Eau"],
    ),
    (
        (1, 12, 10),
        Milestone.Kind.DELIVERABLE,
        "Feuille de route actualisée et partagée",
        [],
    ),
]

# theme, title, indicator, unit, baseline, baseline date, target, deadline, measurements,
# status imposed by the facilitator
OBJECTIVES = [
    (
        "Santé",
        "Ouvrir des maisons de santé dans les communes sous-dotées",
        "Maisons de santé pluriprofessionnelles ouvertes",
        "maisons",
        2,
        date(2023, 1, 1),
        8,
        date(2028, 12, 31),
        [
            (date(2023, 12, 31), 3),
            (date(2024, 12, 31), 4),
            (date(2025, 12, 31), 5),
            (date(2026, 6, 30), 6),
        ],
        "",
    ),
    (
        "Énergie",
        "Doubler la production d'énergie renouvelable locale",
        "MWh d'énergie renouvelable produite",
        "MWh/an",
        42000,
        date(2023, 1, 1),
        84000,
        date(2030, 12, 31),
        [
            (date(2023, 12, 31), 47000),
            (date(2024, 12, 31), 53500),
            (date(2025, 12, 31), 58000),
            (date(2026, 6, 30), 66000),
        ],
        "",
    ),
    (
        "Énergie",
        "Équiper de photovoltaïque les toitures des zones d'activité",
        "Surface de toitures équipées",
        "m²",
        0,
        date(2023, 1, 1),
        150000,
        date(2027, 12, 31),
        [(date(2024, 6, 30), 18000), (date(2025, 6, 30), 41000), (date(2026, 6, 30), 63000)],
        "",
    ),
    (
        "Eau",
        "Réduire les prélèvements d'eau des entreprises membres",
        "Volume d'eau prélevé",
        "milliers de m³",
        3200,
        date(2023, 1, 1),
        2600,
        date(2030, 12, 31),
        [(date(2024, 12, 31), 3050), (date(2025, 12, 31), 2940)],
        "",
    ),
    (
        "Déchets",
        "Éviter des déchets par le réemploi et la mutualisation",
        "Tonnes de déchets évitées",
        "t/an",
        0,
        date(2023, 1, 1),
        5000,
        date(2028, 12, 31),
        [
            (date(2023, 12, 31), 800),
            (date(2024, 12, 31), 1900),
            (date(2025, 12, 31), 2700),
            (date(2026, 6, 30), 3400),
        ],
        "",
    ),
    (
        "Mobilité",
        "Augmenter la part des salariés venant travailler sans voiture",
        "Part modale hors voiture individuelle",
        "%",
        28,
        date(2023, 1, 1),
        45,
        date(2030, 12, 31),
        [(date(2023, 12, 31), 30), (date(2024, 12, 31), 32.5), (date(2025, 12, 31), 34)],
        "",
    ),
    (
        "Mobilité",
        "Mettre en service une navette fluviale sur la Garonne",
        "Lignes de navette en service",
        "lignes",
        0,
        date(2023, 6, 1),
        1,
        date(2026, 6, 30),
        [(date(2024, 6, 30), 0), (date(2025, 6, 30), 0)],
        Objective.Status.ABANDONED,
    ),
    (
        "Logement",
        "Rénover énergétiquement des logements sociaux",
        "Logements rénovés au niveau BBC",
        "logements",
        0,
        date(2023, 1, 1),
        3000,
        date(2029, 12, 31),
        [
            (date(2023, 12, 31), 350),
            (date(2024, 12, 31), 900),
            (date(2025, 12, 31), 1300),
            (date(2026, 6, 30), 1700),
        ],
        "",
    ),
    (
        "Alimentation",
        "Approvisionner la restauration collective en produits locaux et bio",
        "Part de produits locaux et bio",
        "%",
        22,
        date(2023, 1, 1),
        50,
        date(2030, 12, 31),
        [(date(2024, 12, 31), 26), (date(2025, 12, 31), 31)],
        "",
    ),
]


def _purge() -> None:
    Milestone.objects.filter(is_demo=True).delete()
    Objective.objects.filter(is_demo=True).delete()


def _circle(kind: str) -> Circle | None:
    circles = Circle.objects.filter(kind=kind).order_by("-is_demo", "pk")
    return circles.first()


def _meeting(day: date, kind: str, approximate: bool) -> Meeting | None:
    meetings = Meeting.objects.filter(circle__kind=kind).exclude(status=Meeting.Status.CANCELLED)
    found = meetings.filter(start__date=day).first()
    if found is None and approximate:
        found = meetings.filter(start__year=day.year, start__month=day.month).first()
    return found


def _load_milestones(themes: dict[str, Theme]) -> None:
    for day, kind, title, approximate, theme_names in CHARTER_MEETINGS:
        meeting = _meeting(day, kind, approximate)
        existing = Milestone.objects.filter(title=title, is_demo=True).first()
        if (
            meeting
            and Milestone.objects.filter(meeting=meeting)
            .exclude(pk=existing.pk if existing else None)
            .exists()
        ):
            meeting = None  # already the milestone of another record
        milestone, _ = Milestone.objects.update_or_create(
            title=title,
            is_demo=True,
            defaults={
                "kind": Milestone.Kind.MEETING,
                "status": Milestone.Status.DONE,
                "date": meeting.start.date() if meeting else day,
                "circle": meeting.circle if meeting else _circle(kind),
                "meeting": meeting,
                "description": "Point de rencontre inscrit dans la charte du mouvement.",
                "outcome": OUTCOMES.get(day, ""),
            },
        )
        milestone.themes.set([themes[n] for n in theme_names if n in themes])

    year = timezone.localdate().year
    for (years, month, day), kind, title, theme_names in UPCOMING:
        milestone, _ = Milestone.objects.update_or_create(
            title=title,
            is_demo=True,
            defaults={
                "kind": kind,
                "status": Milestone.Status.PLANNED,
                "date": date(year + years, month, day),
                "circle": _circle(K.ANIMATION),
                "description": "Étape suivie par le cercle d'animation.",
            },
        )
        milestone.themes.set([themes[n] for n in theme_names if n in themes])


def _load_objectives(themes: dict[str, Theme]) -> None:
    today = timezone.localdate()
    for row in OBJECTIVES:
        name, title, indicator, unit, baseline, since, target, deadline, measures, status = row
        theme = themes.get(name)
        if theme is None:
            continue  # the taxonomy is not loaded
        objective, _ = Objective.objects.update_or_create(
            title=title,
            is_demo=True,
            defaults={
                "theme": theme,
                "indicator": indicator,
                "unit": unit,
                "baseline": Decimal(baseline),
                "baseline_date": since,
                "target": Decimal(target),
                "deadline": deadline,
                "status_override": status,
            },
        )
        for day, value in measures:
            if day > today:
                continue
            Measurement.objects.update_or_create(
                objective=objective,
                date=day,
                defaults={"value": Decimal(str(value)), "is_demo": True},
            )
        projects = list(
            Project.objects.published().filter(is_demo=True, themes=theme).order_by("pk")[:3]
        )
        objective.projects.set(projects)
        carriers = Participation.objects.filter(
            project__in=projects, role=Participation.Role.CARRIER
        ).values_list("organisation", flat=True)
        objective.organisations.set(set(carriers))


def load(purge: bool = False) -> None:
    if purge:
        _purge()
        return
    themes = {theme.name: theme for theme in Theme.objects.all()}
    _load_milestones(themes)
    _load_objectives(themes)
