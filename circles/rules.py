"""The one reader of recurrence rules (RFC 5545 RRULE), for circle cadences and series.

Only weekly, monthly and yearly rules: finer ones make no sense for meetings, and an
impossible one searches for a long time. The first day and the time come from the form:
a rule must not carry its own DTSTART, and the hours an old rule carries are dropped
(the start-time field is the one source of the time).

The cadences a facilitator picks in words (`Cadence`: "tous les deux mois, le 2e mardi")
are written as rules here and read back from them; a rule the words cannot say is
"autre" and kept as it is."""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from dateutil.rrule import MONTHLY, WEEKLY, YEARLY, rrule, rrulestr
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from circles import cadence

FREQUENCIES = {WEEKLY, MONTHLY, YEARLY}
# The first day comes from the form: a rule naming its own is refused.
FORM_PARTS = ("DTSTART",)
# The time comes from the form's start-time field: an old rule's hours are dropped.
TIME_PARTS = ("BYHOUR", "BYMINUTE", "BYSECOND")
# How far ahead a rule is searched for dates, when nothing else bounds it.
HORIZON = timedelta(days=2 * 366)
WRONG_FREQUENCY = _(
    "Cette règle de récurrence n'est pas valide : indiquez une cadence hebdomadaire, "
    "mensuelle ou annuelle (FREQ=WEEKLY, MONTHLY ou YEARLY)."
)


class RuleError(ValidationError):
    """A rule we cannot use; its message is French and translatable."""


def parse_rule(text: str, *, dtstart: datetime) -> tuple[str, rrule]:
    """The rule without its "RRULE:" prefix, and dateutil's reading of it from `dtstart`."""
    body = text.strip()
    if body.upper().startswith("RRULE:"):
        body = body[len("RRULE:") :]
    parts = [part.strip() for part in body.split(";") if part.strip()]
    parts = [part for part in parts if not part.upper().startswith(TIME_PARTS)]
    if not any(part.upper().startswith("FREQ=") for part in parts):
        raise RuleError(WRONG_FREQUENCY)
    for part in parts:
        if part.upper().startswith(FORM_PARTS):
            raise RuleError(
                _(
                    "La règle ne doit pas contenir %(part)s : le jour et l'heure se choisissent dans le formulaire."
                ),
                params={"part": part.split("=", 1)[0].upper()},
            )
    body = ";".join(parts)
    try:
        parsed = rrulestr(body, dtstart=dtstart, ignoretz=True)
    except (ValueError, TypeError, OverflowError, KeyError) as exc:
        raise RuleError(_("Cette règle de récurrence n'est pas valide (RFC 5545).")) from exc
    if not isinstance(parsed, rrule):
        raise RuleError(_("Cette règle de récurrence n'est pas valide (RFC 5545)."))
    if parsed._freq not in FREQUENCIES:
        raise RuleError(WRONG_FREQUENCY)
    return body, parsed


def bounded(parsed: rrule, horizon: datetime) -> rrule:
    """The rule stopped at `horizon` or its own UNTIL, whichever comes first: a search
    then ends there, never at year 9999."""
    if parsed._until and parsed._until < horizon:
        horizon = parsed._until
    return parsed.replace(until=horizon, count=None)


# Cadences in words. Keys are what the form posts; each says how the rule is written.
WEEKLY_EVERY, FORTNIGHTLY, MONTHLY_EVERY, BIMONTHLY, PER_YEAR, OTHER = (
    "semaine",
    "2-semaines",
    "mois",
    "2-mois",
    "par-an",
    "autre",
)
EVERY_CHOICES = [
    (WEEKLY_EVERY, _("toutes les semaines")),
    (FORTNIGHTLY, _("toutes les deux semaines")),
    (MONTHLY_EVERY, _("tous les mois")),
    (BIMONTHLY, _("tous les deux mois")),
    (PER_YEAR, _("N fois par an")),
    (OTHER, _("autre (la règle ci-dessous)")),
]
WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
WEEKDAY_CHOICES = list(
    zip(
        WEEKDAYS,
        [_("lundi"), _("mardi"), _("mercredi"), _("jeudi"), _("vendredi"), _("samedi")]
        + [_("dimanche")],
        strict=True,
    )
)
POSITION_CHOICES = [(1, _("1er")), (2, _("2e")), (3, _("3e")), (4, _("4e")), (-1, _("dernier"))]
# "N fois par an" when N does not divide the year: the months left out first.
MONTHS_LEFT_OUT = [8, 7, 12, 6, 2, 10, 4]
MONTH_INTERVALS = {MONTHLY_EVERY: 1, BIMONTHLY: 2}


def months_for(per_year: int) -> list[int]:
    """The months of "N fois par an" for an N that does not divide twelve (10: no July
    nor August)."""
    left_out = MONTHS_LEFT_OUT[: max(12 - per_year, 0)]
    return [m for m in range(1, 13) if m not in left_out]


@dataclass(frozen=True)
class Cadence:
    every: str
    weekday: str = "TU"
    position: int = 2
    per_year: int | None = None

    def rule(self) -> str:
        if self.every in (WEEKLY_EVERY, FORTNIGHTLY):
            interval = ";INTERVAL=2" if self.every == FORTNIGHTLY else ""
            return f"FREQ=WEEKLY{interval};BYDAY={self.weekday}"
        byday = f"BYDAY={self.position}{self.weekday}"
        interval = MONTH_INTERVALS.get(self.every)
        if interval is None and 12 % self.per_year == 0:
            interval = 12 // self.per_year
        if interval is None:
            months = ",".join(str(m) for m in months_for(self.per_year))
            return f"FREQ=MONTHLY;BYMONTH={months};{byday}"
        return (
            f"FREQ=MONTHLY;INTERVAL={interval};{byday}" if interval > 1 else f"FREQ=MONTHLY;{byday}"
        )

    def words(self, at: time | None = None) -> str:
        """The cadence as the circle page says it: one reader of rules in words,
        circles.cadence, for the circle page, the series preview and the mails."""
        return cadence.with_time(cadence.describe(self.rule()), at)


def _parts(text: str) -> dict[str, str]:
    body = text.strip()
    if body.upper().startswith("RRULE:"):
        body = body[len("RRULE:") :]
    parts = {}
    for part in body.split(";"):
        name, _sep, value = part.strip().partition("=")
        if name and not name.upper().startswith(TIME_PARTS):
            parts[name.upper()] = value.upper()
    return parts


def _guess(parts: dict[str, str]) -> Cadence | None:
    """The cadence a rule seems to say, checked afterwards by writing it again."""
    byday, interval = parts.get("BYDAY", ""), int(parts.get("INTERVAL", "1") or 0)
    weekday, position = byday[-2:], byday[:-2]
    if weekday not in WEEKDAYS:
        return None
    if parts.get("FREQ") == "WEEKLY" and not position:
        return Cadence({1: WEEKLY_EVERY, 2: FORTNIGHTLY}.get(interval, OTHER), weekday)
    if parts.get("FREQ") != "MONTHLY" or position not in {"1", "2", "3", "4", "-1"}:
        return None
    every = {1: MONTHLY_EVERY, 2: BIMONTHLY}.get(interval, PER_YEAR)
    months = [m for m in parts.get("BYMONTH", "").split(",") if m]
    per_year = len(months) if months else (12 // interval if interval in (3, 4, 6, 12) else 0)
    if months:
        every = PER_YEAR
    if every == PER_YEAR and not per_year:
        return None
    return Cadence(every, weekday, int(position), per_year if every == PER_YEAR else None)


def cadence_of(text: str) -> Cadence | None:
    """The cadence in words of a rule, or None when the words cannot say it ("autre")."""
    if not text or not text.strip():
        return None
    try:
        parts = _parts(text)
        cadence = _guess(parts)
    except ValueError:
        return None
    if cadence is None or cadence.every == OTHER or _parts(cadence.rule()) != parts:
        return None
    return cadence


def describe(text: str, at: time | None = None) -> str:
    """A rule in words ("le 2e mardi, tous les deux mois"); "autre" with the general reading
    of the rule when the picker cannot say it; empty for no rule."""
    picked = cadence_of(text)
    if picked is not None:
        return picked.words(at)
    if not text or not text.strip():
        return ""
    # Words the picker has no choice for: the general reader says them (one reader of
    # rules in words, circles.cadence, for the circle page and here).
    return _g("autre (%(rule)s)") % {"rule": cadence.describe(text)}
