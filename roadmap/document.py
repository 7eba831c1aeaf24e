"""The roadmap as a shared document (DOCX, python-docx), dated of the day."""

from datetime import date as Date
from io import BytesIO
from itertools import groupby

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_BREAK
from docx.shared import Pt

from roadmap.models import Milestone, Objective

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DATE_FORMAT = "j F Y"  # 2 décembre 2026
BODY_POINTS = 10


def _date(value: Date) -> str:
    return date_format(value, DATE_FORMAT)


def title_for(today: Date) -> str:
    return _("Feuille de route — %(date)s") % {"date": _date(today)}


def filename_for(today: Date) -> str:
    return f"feuille-de-route-{today:%Y-%m-%d}.docx"


def _when(milestone: Milestone) -> str:
    start = _date(milestone.date)
    if milestone.end_date and milestone.end_date != milestone.date:
        return _("du %(start)s au %(end)s") % {
            "start": start,
            "end": _date(milestone.end_date),
        }
    return start


def _number(value) -> str:
    return f"{value.normalize():f}".replace(".", ",")


def _table(doc, header: list[str], rows: list[list[str]]) -> None:
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text


def _introduction(doc, today: Date) -> None:
    doc.styles["Normal"].font.size = Pt(BODY_POINTS)
    doc.core_properties.title = title_for(today)
    doc.add_heading(title_for(today), level=0)
    doc.add_paragraph(
        _(
            "Le fil rouge de l'Alliance pour la transformation durable du territoire : "
            "points de rencontre, échéances, livrables, décisions et objectifs par thème."
        )
    )


def _milestones(doc) -> None:
    doc.add_heading(_("Jalons"), level=1)
    milestones = Milestone.objects.with_details()
    _table(
        doc,
        [_("Date"), _("Jalon"), _("Type"), _("Statut"), _("Cercle"), _("Thèmes")],
        [
            [
                _when(m),
                m.title,
                str(m.get_kind_display()),
                str(m.get_status_display()),
                m.circle.name if m.circle else "",
                ", ".join(t.name for t in m.themes.all()),
            ]
            for m in milestones
        ],
    )


def _objective(doc, objective: Objective) -> None:
    doc.add_heading(objective.title, level=2)
    doc.add_paragraph(
        _(
            "%(indicator)s : %(current)s %(unit)s sur une cible de %(target)s %(unit)s "
            "(référence %(baseline)s au %(baseline_date)s), échéance le %(deadline)s. "
            "Avancement : %(percent)s %% — %(status)s."
        )
        % {
            "indicator": objective.indicator,
            "current": _number(objective.current_value),
            "target": _number(objective.target),
            "baseline": _number(objective.baseline),
            "baseline_date": _date(objective.baseline_date),
            "unit": objective.unit,
            "deadline": _date(objective.deadline),
            "percent": objective.percent,
            "status": objective.get_status_display(),
        }
    )
    carriers = ", ".join(o.name for o in objective.organisations.all())
    if carriers:
        doc.add_paragraph(_("Porté par : %(names)s") % {"names": carriers})
    projects = ", ".join(p.title for p in objective.projects.all())
    if projects:
        doc.add_paragraph(_("Projets contributeurs : %(names)s") % {"names": projects})
    measurements = list(objective.measurements.all())
    if measurements:
        _table(
            doc,
            [_("Date"), _("Valeur"), _("Commentaire")],
            [[_date(m.date), _number(m.value), m.comment] for m in measurements],
        )


def _objectives(doc) -> None:
    """One page per theme, each objective with its figures, carriers and measurements."""
    for theme, group in groupby(Objective.objects.with_details(), lambda o: o.theme):
        doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        doc.add_heading(_("Objectifs — %(theme)s") % {"theme": theme.name}, level=1)
        for objective in group:
            _objective(doc, objective)


def roadmap_docx(today: Date) -> bytes:
    doc = Document()
    _introduction(doc, today)
    _milestones(doc)
    _objectives(doc)
    buffer = BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
