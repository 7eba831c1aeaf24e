"""Series of meetings from a circle's cadence (RFC 5545 RRULE, python-dateutil), with
the warnings a facilitator wants before creating them: public holidays, members already
expected at another meeting at that time, a meeting of the same circle a few days away
(such a date is skipped unless kept), and dates already past (created only once confirmed)."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import holidays
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from alliance.timezones import PARIS
from circles.models import Meeting, MeetingSeries, Membership, Registration
from circles.rules import HORIZON, RuleError, bounded, parse_rule

MAX_OCCURRENCES = 60
# A date this close to a meeting the circle already has is marked, and skipped unless kept.
NEAR_DAYS = 3


@dataclass
class Occurrence:
    start: datetime
    end: datetime
    warnings: list[str] = field(default_factory=list)
    near: list = field(default_factory=list)  # the circle's meetings a few days away
    past: bool = False

    @property
    def key(self) -> str:
        """What the preview's "keep this date" box posts."""
        return self.start.date().isoformat()


def occurrences(
    rule: str, *, first_day: date, until: date | None, count: int | None, at: time, duration
) -> list[Occurrence]:
    """Dates the rule yields from `first_day`, at `at` (Paris time), for `duration`."""
    dtstart = datetime.combine(first_day, at)
    _body, parsed = parse_rule(rule, dtstart=dtstart)
    # An UNTIL bounds the search; COUNT from the form or the rule, whichever is smaller.
    horizon = datetime.combine(until, time.max) if until else dtstart + HORIZON
    counts = [c for c in (count, parsed._count, MAX_OCCURRENCES) if c]
    parsed = bounded(parsed, horizon)
    result = []
    for moment in parsed:
        if len(result) >= min(counts):
            break
        start = moment.replace(tzinfo=PARIS)
        result.append(Occurrence(start=start, end=start + duration))
    if not result:
        raise RuleError(_("Cette règle ne produit aucune date sur la période choisie."))
    return result


def add_warnings(circle, items: list[Occurrence]) -> list[Occurrence]:
    """Holidays, busy members, the circle's own meetings nearby and past dates. Five
    queries at most, whatever the number of dates."""
    _mark_near_and_past(circle, items)
    years = sorted({o.start.year for o in items})
    public_holidays = holidays.France(years=years, language="fr")
    member_ids = set(
        Membership.objects.accepted().filter(circle=circle).values_list("person_id", flat=True)
    )
    first, last = min(o.start for o in items), max(o.end for o in items)
    others = list(
        Meeting.objects.filter(start__lt=last, end__gt=first)
        .exclude(status=Meeting.Status.CANCELLED)
        .exclude(circle=circle)
        .select_related("circle")
    )
    expected: dict[int, set[int]] = {}
    if others and member_ids:
        for meeting_id, person_id in Registration.objects.filter(
            meeting__in=others,
            person_id__in=member_ids,
            answer__in=[Registration.Answer.YES, Registration.Answer.MAYBE],
        ).values_list("meeting_id", "person_id"):
            expected.setdefault(meeting_id, set()).add(person_id)
        circle_members: dict[int, set[int]] = {}
        for circle_id, person_id in (
            Membership.objects.accepted()
            .filter(circle_id__in={m.circle_id for m in others}, person_id__in=member_ids)
            .values_list("circle_id", "person_id")
        ):
            circle_members.setdefault(circle_id, set()).add(person_id)
        for meeting in others:
            expected.setdefault(meeting.pk, set()).update(circle_members.get(meeting.circle_id, ()))
    for item in items:
        day = item.start.date()
        if day in public_holidays:
            item.warnings.append(f"Jour férié : {public_holidays.get(day)}")
        if day.weekday() >= 5:
            item.warnings.append("Tombe un week-end")
        for meeting in others:
            if meeting.start < item.end and meeting.end > item.start:
                busy = expected.get(meeting.pk, set())
                if busy:
                    item.warnings.append(
                        f"{len(busy)} membre(s) déjà attendu(s) à « {meeting.title} » "
                        f"({meeting.circle.name})"
                    )
    return items


def _mark_near_and_past(circle, items: list[Occurrence]) -> None:
    near = timedelta(days=NEAR_DAYS)
    first, last = min(o.start for o in items), max(o.end for o in items)
    own = list(
        Meeting.objects.filter(circle=circle, start__lt=last + near, end__gt=first - near)
        .exclude(status=Meeting.Status.CANCELLED)
        .only("title", "start", "end")
    )
    now = timezone.now()
    for item in items:
        item.near = [m for m in own if abs(_day(m.start) - item.start.date()).days <= NEAR_DAYS]
        for meeting in item.near:
            item.warnings.append(
                _("Proche d'une réunion du cercle : « %(title)s » le %(day)s")
                % {"title": meeting.title, "day": formats.date_format(_day(meeting.start), "j F Y")}
            )
        if item.start < now:
            item.past = True
            item.warnings.append(_("Date déjà passée"))


def _day(moment: datetime) -> date:
    return timezone.localtime(moment, PARIS).date()


@transaction.atomic
def create_series(*, circle, rule: str, items: list[Occurrence], **fields) -> MeetingSeries:
    series = MeetingSeries.objects.create(circle=circle, rule=rule)
    Meeting.objects.bulk_create(
        [
            Meeting(circle=circle, series=series, start=item.start, end=item.end, **fields)
            for item in items
        ]
    )
    return series
