"""The import report: one dataclass, filled row by row, stored as the JSON that the
page, the command and the job read."""

import json

from ideas.importer import parse
from ideas.reports import MAX_CHANGES, MAX_WARNINGS, ImportReport


def test_a_new_report_says_how_the_file_was_read():
    parsed = parse("Titre;Description\nVélo-école;Apprendre le vélo\n".encode())
    report = ImportReport.of(parsed, dry_run=True)
    assert (report.kind, report.delimiter, report.header_line) == ("csv", "point-virgule", 1)
    assert report.columns == {"title": "Titre", "body": "Description"}
    assert not report.missing_title and report.read == report.new == 0


def test_its_json_form_holds_the_counts_and_lists_the_page_reads():
    data = ImportReport(dry_run=False).as_dict()
    counts = {"read", "new", "updated", "unchanged", "rejected", "duplicates", "shortening"}
    assert counts | {"fatal", "sample", "changes", "mapping", "mapping_source"} <= data.keys()
    assert json.loads(json.dumps(data)) == data


def test_warnings_past_the_cap_are_counted_but_not_listed():
    report = ImportReport(dry_run=True)
    report.warn(3, ["cellule illisible"] * (MAX_WARNINGS + 5))
    assert report.warning_count == MAX_WARNINGS + 5
    assert len(report.warnings) == MAX_WARNINGS


def test_a_change_that_shortens_a_text_is_listed_past_the_cap():
    report = ImportReport(dry_run=True)
    for line in range(MAX_CHANGES + 1):
        report.note_changes(line, "Vélo-école", {"imported_likes": 1}, {"imported_likes": 2})
    report.note_changes(999, "Vélo-école", {"body": "Un long texte"}, {"body": "Court"})
    assert (report.changed_rows, report.shortening) == (MAX_CHANGES + 2, 1)
    assert len(report.changes) == MAX_CHANGES + 1
    assert report.changes[-1]["line"] == 999 and report.changes[-1]["fields"][0]["shorter"]
