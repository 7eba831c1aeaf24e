"""The one reader of recurrence rules (RFC 5545 RRULE), for circle cadences and series.

Only weekly, monthly and yearly rules: finer ones make no sense for meetings, and an
impossible one searches for a long time. The first day and the time come from the form,
so a rule must not carry its own DTSTART or hours."""

from datetime import datetime, timedelta

from dateutil.rrule import MONTHLY, WEEKLY, YEARLY, rrule, rrulestr
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

FREQUENCIES = {WEEKLY, MONTHLY, YEARLY}
# Parts the form already sets: the first day, and the time of the meetings.
FORM_PARTS = ("DTSTART", "BYHOUR", "BYMINUTE", "BYSECOND")
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
