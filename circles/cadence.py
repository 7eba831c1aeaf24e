"""A circle's cadence in words, read from its RRULE: "le 2e mardi de chaque mois à 14 h".

Reads what `circles.rules` accepts, and the older rules that still carry their hour
(BYHOUR/BYMINUTE): every stored cadence keeps working. A rule it cannot say in words is
shown as it is rather than hidden."""

from datetime import datetime, time

from dateutil.rrule import MONTHLY, WEEKLY, YEARLY, rrule, rrulestr
from django.contrib.humanize.templatetags.humanize import ordinal as _html_ordinal
from django.utils.dates import MONTHS, WEEKDAYS
from django.utils.formats import date_format
from django.utils.html import strip_tags
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# Any fixed first day: dateutil fills the parts a rule leaves out from it, and we only
# describe the parts the rule names itself.
ORIGIN = datetime(2000, 1, 3)  # noqa: DTZ001 - a naive reference point, never shown


def describe(text: str) -> str:
    """The cadence in words, or the rule itself when it says something we cannot word."""
    body = (text or "").strip()
    if body.upper().startswith("RRULE:"):
        body = body[len("RRULE:") :]
    if not body:
        return ""
    try:
        rule = rrulestr(body, dtstart=ORIGIN, ignoretz=True)
    except (ValueError, TypeError, OverflowError, KeyError):
        return body
    if not isinstance(rule, rrule) or rule._freq not in (WEEKLY, MONTHLY, YEARLY):
        return body
    parts = {part.split("=", 1)[0].upper() for part in body.split(";") if "=" in part}
    words = _when(rule, parts)
    if "BYHOUR" in parts:
        words += " " + _at(rule)
    if "UNTIL" in parts and rule._until:
        words += ", " + _("jusqu'au %(date)s") % {"date": _day(rule._until)}
    elif "COUNT" in parts and rule._count:
        words += ", " + ngettext("%(n)s fois", "%(n)s fois", rule._count) % {"n": rule._count}
    return words


def _when(rule: rrule, parts: set[str]) -> str:
    day = _days(rule, parts)
    months = _months(rule, parts)
    if rule._freq == WEEKLY:
        return _weekly(day, rule._interval)
    if rule._freq == MONTHLY and not months:
        return _every(day, _each_month(rule._interval))
    if months and rule._freq == MONTHLY and len(rule._bymonth) > 6:
        # Most months of the year: say those left out ("10 fois par an, sauf juillet et août")
        left_out = [m for m in range(1, 13) if m not in rule._bymonth]
        period = _("%(n)s fois par an, sauf %(months)s") % {
            "n": len(rule._bymonth),
            "months": get_text_list([str(MONTHS[m]) for m in left_out], _("et")),
        }
        return f"{day}, {period}" if day else period
    if months:  # named months, monthly or yearly: "le 2e mardi de mars et septembre"
        within = _("de %(months)s") % {"months": months}
        text = f"{day} {within}" if day else _("en %(months)s") % {"months": months}
        if rule._freq == YEARLY and rule._interval > 1:
            text += ", " + _each_year(rule._interval)
        return text
    return _every(day, _each_year(rule._interval))


def _every(day: str, period: str) -> str:
    """ "le 2e mardi de chaque mois", "le 15, tous les deux mois", "chaque mois"."""
    if not day:
        return period
    if period == _("chaque semaine") and _(" et ") not in day:
        return _("chaque %(day)s") % {"day": day.removeprefix(_("le") + " ")}
    if period.startswith(_("chaque")):
        return _("%(day)s de %(period)s") % {"day": day, "period": period}
    return f"{day}, {period}"


def _weekly(day: str, interval: int) -> str:
    if interval == 1:
        return _every(day, _("chaque semaine"))
    if interval == 2:
        return _every(day, _("toutes les deux semaines"))
    return _every(day, _("toutes les %(n)s semaines") % {"n": interval})


def _each_month(interval: int) -> str:
    if interval == 1:
        return _("chaque mois")
    if interval == 2:
        return _("tous les deux mois")
    return _("tous les %(n)s mois") % {"n": interval}


def _each_year(interval: int) -> str:
    if interval == 1:
        return _("chaque année")
    if interval == 2:
        return _("tous les deux ans")
    return _("tous les %(n)s ans") % {"n": interval}


def _days(rule: rrule, parts: set[str]) -> str:
    """ "le 2e mardi", "le dernier vendredi", "le mardi et le jeudi", "le 15"."""
    if "BYDAY" in parts:
        positions = [p for p in (rule._bysetpos or ()) if "BYSETPOS" in parts]
        days = []
        for weekday in rule._byweekday or ():
            days.append(_day_name(weekday, positions))
        for weekday, n in rule._bynweekday or ():
            days.append(_day_name(weekday, [n]))
        return get_text_list(days, _("et"))
    if "BYMONTHDAY" in parts:
        numbers = sorted(rule._bymonthday) + sorted(rule._bynmonthday, reverse=True)
        return get_text_list([_("le %(n)s") % {"n": _monthday(n)} for n in numbers], _("et"))
    return ""


def _day_name(weekday: int, positions: list[int]) -> str:
    name = WEEKDAYS[weekday]
    if not positions:
        return _("le %(day)s") % {"day": name}
    where = get_text_list([_position(n) for n in positions], _("et"))
    return _("le %(position)s %(day)s") % {"position": where, "day": name}


def ordinal(n: int) -> str:
    """Django's ordinal in the active language as plain text ("2e", "2nd"): the French
    one comes as "2<sup>e</sup>", which a mail's text part and an escaped page can't show."""
    return strip_tags(_html_ordinal(n))


def _position(n: int) -> str:
    if n == 1:
        return _("1er")
    if n == -1:
        return _("dernier")
    if n == -2:
        return _("avant-dernier")
    if n < 0:
        return _("%(nth)s avant la fin") % {"nth": ordinal(-n)}
    return ordinal(n)  # "2e", "2nd": Django's own ordinals in each language


def _monthday(n: int) -> str:
    """ "1er", "15", "dernier jour": a day of the month, counted from its end if negative."""
    if n == 1:
        return _("1er")
    if n == -1:
        return _("dernier jour")
    if n < 0:
        return _("%(nth)s jour avant la fin") % {"nth": ordinal(-n)}
    return str(n)


def _months(rule: rrule, parts: set[str]) -> str:
    if "BYMONTH" not in parts:
        return ""
    return get_text_list([str(MONTHS[m]) for m in sorted(rule._bymonth)], _("et"))


def with_time(words: str, at: time | None) -> str:
    """The cadence's words and the meetings' start time: "le 2e mardi de chaque mois à 14 h"."""
    if at is None or not words:
        return words
    return f"{words} {_hour(at.hour, at.minute)}"


def _at(rule: rrule) -> str:
    hour = sorted(rule._byhour)[0]
    minute = sorted(rule._byminute)[0] if rule._byminute else 0
    return _hour(hour, minute)


def _hour(hour: int, minute: int) -> str:
    if minute:
        return _("à %(hour)s h %(minute)02d") % {"hour": hour, "minute": minute}
    return _("à %(hour)s h") % {"hour": hour}


def _day(value: datetime) -> str:
    text = date_format(value, "j F Y")
    return _("1er") + text[1:] if text.startswith("1 ") else text
