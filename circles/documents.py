"""A meeting's minutes and a circle's calendar of the year as documents to send, in the
layout of `alliance.documents` (PDF and DOCX)."""

from collections import defaultdict

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from actors.models import Representation
from alliance.documents import Bullets, Document, Heading, Table, Text
from alliance.documents.formatting import count, day_and_month, hour, weekday_date
from alliance.documents.layout import from_markdown
from circles.models import Circle, Meeting

# The years a circle's calendar can be asked for.
FIRST_YEAR, LAST_YEAR = 2000, 2100


def _hours(meeting: Meeting) -> str:
    start, end = timezone.localtime(meeting.start), timezone.localtime(meeting.end)
    return _("de %(start)s à %(end)s") % {"start": hour(start), "end": hour(end)}


def _facts(meeting: Meeting) -> list[Text]:
    start = timezone.localtime(meeting.start)
    facts = [
        _("Date : %(date)s, %(hours)s.") % {"date": weekday_date(start), "hours": _hours(meeting)},
        _("Cercle : %(circle)s.") % {"circle": meeting.circle.name},
        _("Statut : %(status)s.") % {"status": meeting.get_status_display()},
    ]
    if meeting.where:
        facts.insert(1, _("Lieu : %(place)s.") % {"place": meeting.where})
    return [Text(fact) for fact in facts]


def _organisation_of(registration, organisations: dict[int, str]) -> str:
    """The organisation a participant came for: their seat in the circle, else the one
    they currently represent, else what a guest wrote."""
    person = registration.person
    if person is not None:
        if person.pk in organisations:
            return organisations[person.pk]
        for representation in person.representations.all():
            return representation.organisation.name
    return registration.organisation_name or _("Sans organisation")


def _participants(meeting: Meeting) -> list:
    present = list(
        meeting.registrations.filter(attended=True)
        .select_related("person")
        .prefetch_related(
            Prefetch(
                "person__representations",
                queryset=Representation.objects.current().select_related("organisation"),
            )
        )
    )
    if not present:
        return [Text(_("Présences non relevées."))]
    seats = meeting.circle.memberships.accepted().exclude(organisation=None)
    organisations = dict(seats.values_list("person_id", "organisation__name"))
    by_organisation = defaultdict(list)
    for registration in present:
        by_organisation[_organisation_of(registration, organisations)].append(registration.name)
    summary = _("%(people)s, %(organisations)s.") % {
        "people": count(len(present), _("personne présente"), _("personnes présentes")),
        "organisations": count(len(by_organisation), _("organisation"), _("organisations")),
    }
    rows = [[name, ", ".join(sorted(people))] for name, people in sorted(by_organisation.items())]
    return [Text(summary), Table([_("Organisation"), _("Présents")], rows)]


def minutes(meeting: Meeting) -> Document:
    start = timezone.localtime(meeting.start)
    document = Document(
        title=_("Compte rendu — %(title)s") % {"title": meeting.title},
        subtitle=meeting.circle.name,
        filename=f"compte-rendu-{start:%Y-%m-%d}-{slugify(meeting.title)[:60]}",
        date=start.date(),
        contents=False,
    )
    document.add(*_facts(meeting))
    document.add(Heading(_("Participants")), *_participants(meeting))
    if meeting.agenda:
        document.add(Heading(_("Ordre du jour")), *from_markdown(meeting.agenda))
    document.add(Heading(_("Compte rendu")))
    document.add(*(from_markdown(meeting.minutes) or [Text(_("Compte rendu à venir."))]))
    if meeting.decision_list:
        document.add(Heading(_("Décisions")), Bullets(meeting.decision_list))
    projects = [p.title for p in meeting.projects.all()]
    if projects:
        document.add(Heading(_("Projets abordés")), Bullets(projects))
    attached = [d.title for d in meeting.documents.all()]
    if attached:
        document.add(Heading(_("Documents joints")), Bullets(attached))
    return document


def _meeting_row(meeting: Meeting) -> list[str]:
    return [
        day_and_month(timezone.localtime(meeting.start)),
        _hours(meeting),
        meeting.title,
        meeting.where,
        str(meeting.get_status_display()),
    ]


def calendar(circle: Circle, year: int) -> Document:
    meetings = list(circle.meetings.for_display().filter(start__year=year).order_by("start"))
    held = [m for m in meetings if not m.is_cancelled]
    summary = _("%(meetings)s en %(year)s") % {
        "meetings": count(len(held), _("réunion"), _("réunions")),
        "year": year,
    }
    if circle.meetings_per_year:
        summary += _(" (cadence prévue : %(cadence)s par an)") % {
            "cadence": count(circle.meetings_per_year, _("réunion"), _("réunions"))
        }
    if circle.default_place:
        summary += _(" ; lieu habituel : %(place)s") % {"place": circle.default_place}
    document = Document(
        title=_("Calendrier %(year)s — %(circle)s") % {"year": year, "circle": circle.name},
        subtitle=str(circle.get_kind_display()),
        filename=f"calendrier-{circle.slug}-{year}",
        date=timezone.localdate(),
        summary=summary + ".",
        contents=False,
    )
    document.add(Heading(_("Réunions")))
    if meetings:
        header = [_("Date"), _("Horaire"), _("Réunion"), _("Lieu"), _("Statut")]
        document.add(Table(header, [_meeting_row(m) for m in meetings]))
    else:
        document.add(Text(_("Pas de réunion programmée.")))
    return document
