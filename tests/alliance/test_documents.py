"""The ground floor's document helpers: French figures, dates and plurals, the widths of
a table's columns, the blocks read from Markdown."""

from datetime import date, time
from decimal import Decimal

import pytest

import alliance.documents.fonts as fonts
from alliance.documents import Bullets, Heading, Text
from alliance.documents.formatting import (
    count,
    date_range,
    hour,
    long_date,
    number,
    percent,
    quantity,
    weekday_date,
)
from alliance.documents.layout import CELL_PADDING, column_widths, from_markdown

N, S = "\u00a0", "\u202f"  # no-break space, narrow no-break space


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (63000, f"63{S}000"),
        (Decimal("63000.00"), f"63{S}000"),
        (Decimal("32.50"), "32,5"),
        (1234567.25, f"1{S}234{S}567,25"),
        (-1500, f"-1{S}500"),
        (0, "0"),
        (999, "999"),
    ],
)
def test_numbers_group_thousands_with_a_narrow_space_and_use_a_decimal_comma(value, shown):
    assert number(value) == shown


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [
        (63000, "m²", f"63{S}000{N}m²"),
        (0, "lignes", f"0{N}ligne"),
        (1, "lignes", f"1{N}ligne"),
        (Decimal("1.5"), "maisons", f"1,5{N}maison"),
        (2, "lignes", f"2{N}lignes"),
        (0, "milliers de m³", f"0{N}millier de m³"),
        (1, "mois", f"1{N}mois"),
        (1, "MWh/an", f"1{N}MWh/an"),
        (12, "", "12"),
    ],
)
def test_a_quantity_takes_the_singular_below_two(value, unit, shown):
    assert quantity(value, unit) == shown


def test_counts_and_percentages():
    assert count(0, "réunion", "réunions") == f"0{N}réunion"
    assert count(3, "réunion", "réunions") == f"3{N}réunions"
    assert percent(50) == f"50{N}%"


def test_dates_are_written_in_french_with_the_first_of_the_month():
    assert long_date(date(2027, 1, 1)) == "1er janvier 2027"
    assert long_date(date(2026, 8, 14)) == "14 août 2026"
    assert weekday_date(date(2027, 6, 1)) == "mardi 1er juin 2027"
    assert date_range(date(2027, 1, 1), date(2027, 1, 3)) == "du 1er au 3 janvier 2027"
    assert date_range(date(2027, 1, 30), date(2027, 2, 2)) == "du 30 janvier au 2 février 2027"
    assert date_range(date(2026, 12, 30), date(2027, 1, 2)) == (
        "du 30 décembre 2026 au 2 janvier 2027"
    )
    assert date_range(date(2027, 1, 1), None) == "1er janvier 2027"


def test_hours_are_written_the_french_way():
    assert hour(time(14)) == f"14{N}h"
    assert hour(time(9, 5)) == f"9{N}h{N}05"


def test_every_column_is_at_least_as_wide_as_its_longest_word_and_they_fill_the_page():
    header = ["Date", "Jalon", "Type"]
    rows = [["15 septembre 2027", "Cercle de concertation — Réunion de lancement " * 3, "Livrable"]]
    widths = column_widths(header, rows, 480, 8.5)
    assert sum(widths) == pytest.approx(480)
    assert widths[0] >= fonts.width("septembre", 8.5) + CELL_PADDING
    assert widths[2] >= fonts.width("Livrable", 8.5) + CELL_PADDING
    assert widths[1] > widths[0] and widths[1] > widths[2]  # the long text gets the room


def test_figures_tied_by_no_break_spaces_count_as_one_word():
    widths = column_widths(["Valeur"], [[f"150{S}000{N}m²"]], 480, 8.5)
    assert widths[0] == pytest.approx(480)
    narrow = column_widths(["A", "B"], [[f"150{S}000{N}m²", "x " * 400]], 480, 8.5)
    assert narrow[0] >= fonts.width(f"150{S}000{N}m²", 8.5) + CELL_PADDING


def test_a_word_wider_than_the_page_leaves_the_other_columns_their_room_and_the_pdf_renders():
    from alliance.documents import Document, Table, pdf

    header, rows = ["Date", "Réunion", "Lieu"], [["15 septembre 2027", "x" * 300, "Toulouse"]]
    widths = column_widths(header, rows, 480, 8.5)
    assert sum(widths) == pytest.approx(480)
    assert widths[0] >= fonts.width("septembre", 8.5) + CELL_PADDING
    assert widths[2] >= fonts.width("Toulouse", 8.5) + CELL_PADDING
    document = Document(title="x" * 300, filename="essai", date=date(2026, 1, 5))
    document.add(Table(header=header, rows=rows))
    assert pdf.render(document).startswith(b"%PDF")


def test_markdown_becomes_paragraphs_lists_and_subsections():
    blocks = from_markdown(
        "## Tour de table\n\nUn **point** sur [le site](https://x.fr).\n\n- A\n- B"
    )
    assert blocks == [
        Heading("Tour de table", level=2),
        Text("Un point sur le site (https://x.fr)."),
        Bullets(["A", "B"]),
    ]
    assert from_markdown("") == []
