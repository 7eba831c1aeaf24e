"""The roadmap as a document to send (PDF and DOCX, `alliance.documents`), dated of the
day: a title page with its table of contents, the milestones, then the objectives theme
by theme with their figures, carriers and measurements."""

from datetime import date as Date
from itertools import groupby

from django.utils.translation import gettext as _

from alliance.documents import Document, Heading, Table, Text
from alliance.documents.formatting import count, date_range, long_date, number, percent, quantity
from roadmap.models import Milestone, Objective


def filename_for(today: Date) -> str:
    return f"feuille-de-route-{today:%Y-%m-%d}"


def _milestone_table(milestones: list[Milestone]) -> Table:
    return Table(
        [_("Date"), _("Jalon"), _("Type"), _("Statut"), _("Cercle"), _("Thèmes")],
        [
            [
                date_range(m.date, m.end_date),
                m.title,
                str(m.get_kind_display()),
                str(m.get_status_display()),
                m.circle.name if m.circle else "",
                ", ".join(t.name for t in m.themes.all()),
            ]
            for m in milestones
        ],
    )


def _figures(objective: Objective) -> str:
    unit = objective.unit
    return _(
        "%(indicator)s : %(current)s sur %(target)s, échéance le %(deadline)s "
        "(référence : %(baseline)s au %(baseline_date)s). Avancement : %(percent)s — %(status)s."
    ) % {
        "indicator": objective.indicator,
        "current": quantity(objective.current_value, unit),
        "target": quantity(objective.target, unit),
        "deadline": long_date(objective.deadline),
        "baseline": quantity(objective.baseline, unit),
        "baseline_date": long_date(objective.baseline_date),
        "percent": percent(objective.percent),
        "status": objective.get_status_display(),
    }


def _objective(objective: Objective) -> list:
    blocks = [Heading(objective.title, level=2)]
    if objective.description:
        blocks.append(Text(objective.description))
    blocks.append(Text(_figures(objective)))
    carriers = ", ".join(o.name for o in objective.organisations.all())
    if carriers:
        blocks.append(Text(_("Porté par : %(names)s") % {"names": carriers}))
    projects = ", ".join(p.title for p in objective.projects.all())
    if projects:
        blocks.append(Text(_("Projets contributeurs : %(names)s") % {"names": projects}))
    measurements = list(objective.measurements.all())
    if measurements:
        rows = [
            [long_date(m.date), quantity(m.value, objective.unit), m.comment] for m in measurements
        ]
        blocks.append(Table([_("Date"), _("Valeur"), _("Commentaire")], rows, frozenset({1})))
    return blocks


def _summary(milestones: list[Milestone], objectives: list[Objective], today: Date) -> str:
    upcoming = [m for m in milestones if not m.is_past]
    themes = {o.theme_id for o in objectives}
    return _(
        "Le fil rouge de l'Alliance pour la transformation durable du territoire : points de "
        "rencontre, échéances, livrables, décisions et objectifs par thème. Au %(date)s : "
        "%(milestones)s, dont %(upcoming)s à venir ; %(objectives)s dans %(themes)s."
    ) % {
        "date": long_date(today),
        "milestones": count(len(milestones), _("jalon"), _("jalons")),
        "upcoming": number(len(upcoming)),
        "objectives": count(len(objectives), _("objectif"), _("objectifs")),
        "themes": count(len(themes), _("thème"), _("thèmes")),
    }


def roadmap(today: Date) -> Document:
    milestones = list(Milestone.objects.with_details())
    objectives = list(Objective.objects.with_details())
    document = Document(
        title=_("Feuille de route"),
        filename=filename_for(today),
        date=today,
        summary=_summary(milestones, objectives, today),
        title_page=True,
    )
    document.add(Heading(_("Jalons")))
    if milestones:
        document.add(_milestone_table(milestones))
    else:
        document.add(Text(_("Pas encore de jalon.")))
    for theme, group in groupby(objectives, lambda o: o.theme):
        document.add(Heading(_("Objectifs — %(theme)s") % {"theme": theme.label}))
        for objective in group:
            document.add(*_objective(objective))
    return document
