"""A circle's cadence in words, read from the RRULE it has always stored."""

import pytest
from django.utils import translation

from circles.cadence import describe


@pytest.mark.parametrize(
    ("rule", "words"),
    [
        ("FREQ=MONTHLY;BYDAY=2TU;BYHOUR=14;BYMINUTE=0", "le 2e mardi de chaque mois à 14 h"),
        ("FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU", "le 2e mardi, tous les deux mois"),
        ("RRULE:FREQ=MONTHLY;BYDAY=TU;BYSETPOS=3", "le 3e mardi de chaque mois"),
        ("FREQ=MONTHLY;BYDAY=1MO", "le 1er lundi de chaque mois"),
        ("FREQ=MONTHLY;BYDAY=-1FR", "le dernier vendredi de chaque mois"),
        ("FREQ=MONTHLY;BYMONTHDAY=15", "le 15 de chaque mois"),
        ("FREQ=MONTHLY;BYMONTHDAY=-1", "le dernier jour de chaque mois"),
        ("FREQ=MONTHLY;INTERVAL=3", "tous les 3 mois"),
        ("FREQ=WEEKLY;BYDAY=TU", "chaque mardi"),
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH", "le lundi et le jeudi, toutes les deux semaines"),
        ("FREQ=WEEKLY", "chaque semaine"),
        ("FREQ=YEARLY;BYMONTH=3,9;BYDAY=1MO", "le 1er lundi de mars et septembre"),
        (
            "FREQ=MONTHLY;BYMONTH=1,4,7,10;BYDAY=2TU;BYHOUR=9;BYMINUTE=30",
            "le 2e mardi de janvier, avril, juillet et octobre à 9 h 30",
        ),
        (
            "FREQ=MONTHLY;BYMONTH=1,2,3,4,5,6,9,10,11,12;BYDAY=2TH",
            "le 2e jeudi, 10 fois par an, sauf juillet et août",
        ),
        ("FREQ=YEARLY", "chaque année"),
        ("FREQ=MONTHLY;UNTIL=20270101T000000", "chaque mois, jusqu'au 1er janvier 2027"),
        ("FREQ=MONTHLY;COUNT=6;BYDAY=1WE", "le 1er mercredi de chaque mois, 6 fois"),
    ],
)
def test_a_rule_reads_as_a_french_sentence(rule, words):
    with translation.override("fr"):
        assert describe(rule) == words


@pytest.mark.parametrize("rule", ["FREQ=DAILY", "pas une règle", "FREQ=MONTHLY;BYDAY=XX"])
def test_a_rule_it_cannot_word_is_shown_as_it_is(rule):
    assert describe(rule) == rule


def test_no_rule_says_nothing():
    assert describe("") == ""


@pytest.mark.parametrize(
    ("rule", "words"),
    [
        ("FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU", "on the 2nd Tuesday, every two months"),
        ("FREQ=MONTHLY;BYDAY=3WE", "on the 3rd Wednesday of each month"),
        ("FREQ=MONTHLY;BYDAY=-3FR", "on the 3rd-to-last Friday of each month"),
    ],
)
def test_english_says_its_own_ordinals(rule, words):
    with translation.override("en"):
        assert describe(rule) == words


def test_french_ordinals_are_plain_text():
    with translation.override("fr"):
        assert describe("FREQ=MONTHLY;BYDAY=2TU") == "le 2e mardi de chaque mois"
