"""French numbers, dates and plurals for the documents we print, whatever the visitor's
language: "63 000 m²", "1er janvier 2027", "0 ligne sur 1".

Thousands are grouped with a narrow no-break space (U+202F) and a number is tied to its
unit by a no-break space (U+00A0), as French typography wants; a count below two takes
the singular ("0 ligne", "1,5 million").
"""

from datetime import date as Date
from datetime import datetime, time
from decimal import Decimal

NNBSP = "\u202f"  # narrow no-break space: between groups of thousands
NBSP = "\u00a0"  # no-break space: between a number and its unit

MONTHS = [
    "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
    "septembre", "octobre", "novembre", "décembre",
]  # fmt: skip
WEEKDAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]

# Words of a unit that end in -s in the singular too.
INVARIABLE = {"fois", "mois", "pas", "poids", "cours", "temps", "gaz", "prix", "kWh", "MWh"}


def number(value: int | float | Decimal | None) -> str:
    """63000 → "63 000", Decimal("32.50") → "32,5", -1234.5 → "-1 234,5"."""
    if value is None:
        return ""
    if not isinstance(value, Decimal):
        value = Decimal(str(value))
    text = format(value.normalize(), "f")
    sign = "-" if text.startswith("-") else ""
    whole, _dot, fraction = text.lstrip("-").partition(".")
    groups = []
    while len(whole) > 3:
        whole, group = whole[:-3], whole[-3:]
        groups.insert(0, group)
    grouped = NNBSP.join([whole, *groups])
    return sign + grouped + ("," + fraction if fraction else "")


def is_plural(value: int | float | Decimal) -> bool:
    """French takes the plural from two on: "0 ligne", "1,5 million", "2 lignes"."""
    return abs(Decimal(str(value))) >= 2


def singular(unit: str) -> str:
    """The singular of a unit written in the plural: "lignes" → "ligne", "milliers de m³" →
    "millier de m³"; symbols ("m²", "MWh/an", "%") stay as they are."""
    first, space, rest = unit.partition(" ")
    if len(first) > 2 and first.isalpha() and first.endswith("s") and first not in INVARIABLE:
        first = first[:-1]
    return first + space + rest


def quantity(value: int | float | Decimal | None, unit: str) -> str:
    """63000, "m²" → "63 000 m²"; 0, "lignes" → "0 ligne"; 50, "%" → "50 %"."""
    if value is None:
        return ""
    if not unit:
        return number(value)
    word = unit if is_plural(value) else singular(unit)
    return f"{number(value)}{NBSP}{word}"


def count(value: int, one: str, many: str) -> str:
    """3, "réunion", "réunions" → "3 réunions"; 0 → "0 réunion"."""
    return f"{number(value)}{NBSP}{many if is_plural(value) else one}"


def percent(value: int | float | Decimal) -> str:
    return f"{number(value)}{NBSP}%"


def day(value: Date) -> str:
    """1 → "1er", 2 → "2"."""
    return "1er" if value.day == 1 else str(value.day)


def long_date(value: Date | datetime) -> str:
    """ "1er janvier 2027", "14 juillet 2026"."""
    return f"{day(value)} {MONTHS[value.month - 1]} {value.year}"


def weekday_date(value: Date | datetime) -> str:
    """ "mardi 1er juin 2027"."""
    return f"{WEEKDAYS[value.weekday()]} {long_date(value)}"


def day_and_month(value: Date | datetime) -> str:
    """ "mardi 1er juin", for a calendar of one year."""
    return f"{WEEKDAYS[value.weekday()]} {day(value)} {MONTHS[value.month - 1]}"


def hour(value: time | datetime) -> str:
    """14:00 → "14 h", 9:30 → "9 h 30"."""
    if value.minute:
        return f"{value.hour}{NBSP}h{NBSP}{value.minute:02d}"
    return f"{value.hour}{NBSP}h"


def date_range(start: Date, end: Date | None) -> str:
    """ "1er janvier 2027", "du 1er au 3 janvier 2027", "du 30 janvier au 2 février 2027"."""
    if end is None or end == start:
        return long_date(start)
    if (start.year, start.month) == (end.year, end.month):
        first = day(start)
    elif start.year == end.year:
        first = f"{day(start)} {MONTHS[start.month - 1]}"
    else:
        first = long_date(start)
    return f"du {first} au {long_date(end)}"
