"""Random and malformed files: the reader never crashes and accounts for every row."""

import csv
import io

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from ideas.importer import parse

cell = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    max_size=30,
)
PROFILE = settings(
    max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)


@PROFILE
@given(st.binary(max_size=2000), st.sampled_from(["x.csv", "x.xlsx", ""]))
def test_random_bytes_never_crash(data, filename):
    parsed = parse(data, filename)
    rows = list(parsed.rows())
    if parsed.fatal:
        assert rows == []
    for row in rows:
        assert row.line > parsed.header_line
        assert row.error or row.title


@PROFILE
@given(
    st.lists(st.lists(cell, min_size=0, max_size=6), max_size=25),
    st.sampled_from([";", ",", "\t"]),
    st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]),
    st.integers(min_value=0, max_value=3),
)
def test_every_non_blank_row_of_a_random_table_comes_out_once(table, sep, encoding, blanks):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=sep)
    for _ in range(blanks):
        buffer.write("\r\n")
    writer.writerow(["Titre", "Description", "J'aime", "Date"])
    for row in table:
        writer.writerow(row)
    data = buffer.getvalue().encode(encoding, errors="replace")
    parsed = parse(data, "export.csv")
    assert not parsed.fatal
    rows = list(parsed.rows())
    decoded = data.decode("utf-8-sig" if encoding != "cp1252" else "cp1252", errors="replace")
    expected = [r for r in csv.reader(io.StringIO(decoded, newline=""), delimiter=sep)][
        blanks + 1 :
    ]
    expected = [r for r in expected if any(c.strip() for c in r)]
    assert len(rows) == len(expected)
    lines = [row.line for row in rows]
    assert lines == sorted(set(lines))
    for row in rows:
        assert bool(row.error) == (not row.title)


@PROFILE
@given(st.text(max_size=500))
def test_random_text_under_a_header_never_crashes(body):
    # A body that is mostly NUL bytes is refused whole, as a binary file: that is not a crash.
    assume(body.count("\x00") * 20 <= len(body))
    for sep in ";,\t":
        parsed = parse(f"titre{sep}texte\n{body}".encode(), "x.csv")
        assert not parsed.fatal
        for row in parsed.rows():
            assert row.line >= 2


xlsx_cell = st.one_of(
    st.none(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=False, allow_infinity=False),
    # No leading "=": openpyxl would write a formula, which has no value until Excel runs it.
    st.text(
        alphabet=st.characters(min_codepoint=32, max_codepoint=0x2FFF, blacklist_characters="="),
        max_size=20,
    ),
)


@settings(
    max_examples=15, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(st.lists(st.lists(xlsx_cell, max_size=5), max_size=15))
def test_every_non_blank_row_of_a_random_workbook_comes_out_once(table):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Titre", "J'aime", "Date", "Auteur", "Thème"])
    for row in table:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    parsed = parse(buffer.getvalue(), "export.xlsx")
    assert not parsed.fatal
    rows = list(parsed.rows())
    expected = [r for r in table if any(str(c).strip() for c in r if c is not None)]
    assert len(rows) == len(expected)
    for row in rows:
        assert bool(row.error) == (not row.title)
