"""One reader of recurrence rules for circle cadences and meeting series."""

from datetime import datetime

import pytest
from dateutil.rrule import MONTHLY, WEEKLY
from django.utils import translation
from django.utils.functional import Promise

from circles.rules import RuleError, parse_rule

START = datetime(2027, 1, 4, 14, 0)


@pytest.mark.parametrize(
    ("text", "body", "freq"),
    [
        ("FREQ=WEEKLY;BYDAY=MO", "FREQ=WEEKLY;BYDAY=MO", WEEKLY),
        ("RRULE:FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU", "FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU", MONTHLY),
        ("  freq=monthly;byday=1th ; ", "freq=monthly;byday=1th", MONTHLY),
    ],
)
def test_a_valid_rule_is_read_with_or_without_prefix_and_in_any_case(text, body, freq):
    cleaned, parsed = parse_rule(text, dtstart=START)
    assert cleaned == body
    assert parsed._freq == freq
    assert parsed[0] >= START


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("BYDAY=MO", "indiquez une cadence hebdomadaire, mensuelle ou annuelle"),
        ("", "indiquez une cadence hebdomadaire, mensuelle ou annuelle"),
        ("FREQ=DAILY", "indiquez une cadence hebdomadaire, mensuelle ou annuelle"),
        ("freq=minutely", "indiquez une cadence hebdomadaire, mensuelle ou annuelle"),
        ("FREQ=SOMETIMES", "n'est pas valide (RFC 5545)"),
        ("FREQ=WEEKLY;FOO=1", "n'est pas valide (RFC 5545)"),
        ("FREQ=WEEKLY;BYDAY", "n'est pas valide (RFC 5545)"),
        ("DTSTART:20270101T100000;FREQ=WEEKLY", "ne doit pas contenir DTSTART"),
    ],
)
def test_an_invalid_rule_is_refused_with_a_french_message(text, message):
    with translation.override("fr"), pytest.raises(RuleError) as error:
        parse_rule(text, dtstart=START)
    assert message in error.value.messages[0]


@pytest.mark.parametrize(
    "text", ["FREQ=WEEKLY;BYHOUR=10;BYDAY=MO", "FREQ=WEEKLY;byminute=30;BYDAY=MO;BYSECOND=0"]
)
def test_an_old_rule_s_hours_are_dropped_so_the_form_s_time_rules(text):
    cleaned, parsed = parse_rule(text, dtstart=START)
    assert "BYHOUR" not in cleaned.upper() and "BYMINUTE" not in cleaned.upper()
    assert (parsed[0].hour, parsed[0].minute) == (14, 0)


def test_the_messages_are_translatable():
    with pytest.raises(RuleError) as error:
        parse_rule("FREQ=DAILY", dtstart=START)
    assert isinstance(error.value.message, Promise)  # gettext_lazy: Django i18n translates it
