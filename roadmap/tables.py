"""The /vision/ figures as tables: one source for the HTML tables, the CSV downloads and
the Chart.js data, so a chart and its table alternative never disagree."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from alliance.models import localized
from projects.models import Kinds, Project
from roadmap.models import Objective


@dataclass
class Table:
    slug: str
    title: str
    header: list[str]
    rows: list[list]
    chart: str = "bar"  # Chart.js type, or "" when the figure has no chart
    series: list[int] = field(default_factory=lambda: [1])  # numeric columns drawn
    stacked: bool = False
    horizontal: bool = False

    def chart_data(self) -> dict:
        return {
            "type": self.chart,
            "stacked": self.stacked,
            "horizontal": self.horizontal,
            "labels": [str(row[0]) for row in self.rows],
            "datasets": [
                {"label": self.header[i], "data": [row[i] for row in self.rows]}
                for i in self.series
            ],
        }


def _n(value: float) -> int | float:
    """120.0 -> 120, 32.5 -> 32.5: figures read as people write them."""
    return int(value) if float(value).is_integer() else round(value, 2)


def _theme(row: dict) -> str:
    return localized(row["name"], row.get("name_en")) or _("Sans thème")


def _themes_table(data: dict) -> Table:
    phases = Project.Phase.choices
    return Table(
        "themes",
        _("Projets par thème et par phase"),
        [_("Thème"), *[str(label) for _code, label in phases], _("Total")],
        [
            [
                _theme(row),
                *[row["phases"].get(code, 0) for code, _label in phases],
                sum(row["phases"].values()),
            ]
            for row in data["by_theme"]
        ],
        series=list(range(1, len(phases) + 1)),
        stacked=True,
    )


def _project_tables(data: dict) -> list[Table]:
    """Projects per stake and per commune, and the impact of the published ones."""
    impact = data["impact"]
    return [
        Table(
            "enjeux",
            _("Projets par enjeu"),
            [_("Enjeu"), _("Projets")],
            [[_theme(row), row["count"]] for row in data["by_stake"]],
        ),
        Table(
            "communes",
            _("Projets par commune"),
            [_("Commune"), _("Code INSEE"), _("Projets")],
            [[row["name"], row["code"], row["count"]] for row in data["by_commune"]],
            chart="",
        ),
        Table(
            "impact",
            _("Impact cumulé des projets publiés"),
            [_("Indicateur"), _("Valeur")],
            [
                [_("Projets publiés"), impact["projects"]],
                [_("CO₂ évité (t/an)"), _n(impact["co2"])],
                [_("Emplois créés ou maintenus"), impact["jobs"]],
                [_("Personnes touchées"), impact["people"]],
            ],
            chart="",
        ),
    ]


def _activity_tables(data: dict) -> list[Table]:
    """Open needs, ideas and meetings."""
    meetings = data["meetings"]
    return [
        Table(
            "besoins",
            _("Besoins ouverts par nature"),
            [_("Nature"), _("Besoins ouverts")],
            [[str(label), data["needs"].get(code, 0)] for code, label in Kinds.choices],
        ),
        Table(
            "idees",
            _("Idées par thème"),
            [_("Thème"), _("Idées")],
            [[_theme(row), row["count"]] for row in data["ideas"]],
        ),
        Table(
            "reunions",
            _("Réunions tenues cette année par cercle, au regard de leur cadence"),
            [_("Cercle"), _("Tenues"), _("Prévues cette année"), _("Cadence annuelle")],
            [[m["name"], m["held"], m["scheduled"], m["cadence"] or 0] for m in meetings],
            series=[1, 3],
        ),
    ]


def _objectives_table(data: dict) -> Table:
    return Table(
        "objectifs",
        _("Avancement des objectifs"),
        [
            _("Objectif"),
            _("Avancement (%)"),
            _("Thème"),
            _("Référence"),
            _("Valeur actuelle"),
            _("Cible"),
            _("Unité"),
            _("Échéance"),
            _("Statut"),
        ],
        [
            [
                o["title"],
                o["percent"],
                localized(o["theme"], o.get("theme_en")),
                _n(o["baseline"]),
                _n(o["current"]),
                _n(o["target"]),
                o["unit"],
                o["deadline"],
                str(Objective.Status(o["status"]).label),
            ]
            for o in data["objectives"]
        ],
        horizontal=True,
    )


def build(data: dict) -> dict[str, Table]:
    tables = [
        _themes_table(data),
        *_project_tables(data),
        *_activity_tables(data),
        _objectives_table(data),
    ]
    return {table.slug: table for table in tables}
