"""The Colidée reader on real-world variety: encodings, separators, title lines, XLSX."""

import io
from datetime import datetime
from zoneinfo import ZoneInfo

from openpyxl import Workbook

from ideas.importer import parse

PARIS = ZoneInfo("Europe/Paris")
HEADER = "Identifiant;Titre;Description;Auteur;Thème;J'aime;Commentaires;Date;Statut"


def rows_of(data: bytes, filename: str = "export.csv"):
    parsed = parse(data, filename)
    assert not parsed.fatal, parsed.fatal
    return parsed, list(parsed.rows())


def test_it_reads_utf8_with_bom_and_semicolons():
    text = (
        HEADER + "\nC-1;Vélo-école;Apprendre le vélo;Anne Dupré;Mobilité;12;3;07/02/2023;retenue\n"
    )
    parsed, rows = rows_of(("\ufeff" + text).encode("utf-8"))
    assert parsed.encoding == "utf-8"
    assert parsed.delimiter == ";"
    (row,) = rows
    assert (row.source_id, row.title, row.author, row.theme) == (
        "C-1",
        "Vélo-école",
        "Anne Dupré",
        "Mobilité",
    )
    assert (row.likes, row.comments, row.status) == (12, 3, "retenue")
    assert row.created_at == datetime(2023, 2, 7, tzinfo=PARIS)
    assert row.line == 2


def test_it_reads_windows_1252_bytes():
    text = HEADER + "\n1;Énergie renouvelable;Des panneaux;Zoé Lefèvre;Énergie;1;0;07/02/2023;\n"
    parsed, rows = rows_of(text.encode("cp1252"))
    assert parsed.encoding == "windows-1252"
    assert rows[0].title == "Énergie renouvelable"
    assert rows[0].author == "Zoé Lefèvre"


def test_it_reads_excel_unicode_text_utf16_with_tabs():
    text = "Titre\tAuteur\tThème\nÉco-pâturage\tZoé\tBiodiversité\n"
    parsed, (row,) = rows_of(text.encode("utf-16"))
    assert (parsed.encoding, parsed.delimiter) == ("utf-16", "\t")
    assert (row.title, row.author, row.theme) == ("Éco-pâturage", "Zoé", "Biodiversité")


def test_it_reads_commas_and_tabs():
    for sep in [",", "\t"]:
        text = sep.join(["id", "title", "text", "author", "category", "likes"]) + "\n"
        text += sep.join(["7", "Bike lanes", "More lanes", "Sam", "Mobility", "4"]) + "\n"
        parsed, rows = rows_of(text.encode())
        assert parsed.delimiter == sep
        assert rows[0].title == "Bike lanes"
        assert rows[0].likes == 4
        assert rows[0].theme == "Mobility"


def test_it_finds_the_header_below_a_title_line_and_blank_lines():
    text = "Export Colidée - Réunion de lancement, 7 février 2023\n\n\n" + HEADER + "\n"
    text += "1;Compost;Un composteur partagé;Ana;Déchets;2;1;07/02/2023 18:30;\n"
    parsed, rows = rows_of(text.encode())
    assert parsed.header_line == 4
    assert rows[0].line == 5
    assert rows[0].created_at == datetime(2023, 2, 7, 18, 30, tzinfo=PARIS)


def test_multi_line_quoted_cells_keep_their_lines_and_numbering():
    text = HEADER + '\n1;Tiers-lieu;"Première ligne\nDeuxième ligne\n";Ana;;;;;\n'
    text += "2;Suivante;Texte;Bob;;;;;\n"
    _, rows = rows_of(text.encode())
    assert rows[0].body == "Première ligne\nDeuxième ligne"
    assert [r.line for r in rows] == [2, 5]


def test_rejected_rows_carry_their_line_and_a_french_reason():
    text = HEADER + "\n1;;Un texte sans titre;Ana;;;;;\n2;;;Bob;;;;;\n3;Correcte;;;;;;;\n"
    _, rows = rows_of(text.encode())
    assert [(r.line, r.error) for r in rows] == [
        (2, "titre manquant"),
        (3, "ni titre ni texte"),
        (4, ""),
    ]


def test_unreadable_cells_are_warnings_and_left_empty():
    text = HEADER + "\n1;Idée;Texte;Ana;;abc;-3;31/02/2023;bizarre\n"
    _, (row,) = rows_of(text.encode())
    assert row.error == ""
    assert row.likes is None and row.comments is None and row.created_at is None
    assert row.status is None and row.source_status == "bizarre"  # kept, reported by the import
    assert len(row.warnings) == 3
    assert any("abc" in w for w in row.warnings)
    assert any("31/02/2023" in w for w in row.warnings)


def test_dates_in_every_accepted_shape():
    cases = {
        "07/02/2023": datetime(2023, 2, 7, tzinfo=PARIS),
        "07/02/2023 09:15": datetime(2023, 2, 7, 9, 15, tzinfo=PARIS),
        "07/02/2023 09:15:30": datetime(2023, 2, 7, 9, 15, 30, tzinfo=PARIS),
        "2023-02-07": datetime(2023, 2, 7, tzinfo=PARIS),
        "2023-02-07T09:15:00": datetime(2023, 2, 7, 9, 15, tzinfo=PARIS),
        "2023-02-07T08:15:00+00:00": datetime(2023, 2, 7, 9, 15, tzinfo=PARIS),
        "2023-02-07T08:15:00Z": datetime(2023, 2, 7, 9, 15, tzinfo=PARIS),
    }
    for cell, expected in cases.items():
        _, (row,) = rows_of(f"titre;date\nIdée;{cell}\n".encode())
        assert row.created_at == expected, cell
        assert not row.warnings


def test_english_and_french_header_aliases_ignore_case_accents_and_punctuation():
    text = "RÉFÉRENCE;Idée;Contenu;Proposée par :;Thématique;Votes;Comments;Créée le;État;Espace\n"
    text += "r1;Covoiturage;Texte;Léa;Mobilité;5;2;01/03/2023;à l'étude;Lancement\n"
    parsed, (row,) = rows_of(text.encode())
    assert set(parsed.columns) == {
        "source_id",
        "title",
        "body",
        "author",
        "theme",
        "likes",
        "comments",
        "created_at",
        "status",
        "space",
    }
    assert (row.source_id, row.author, row.status, row.space) == ("r1", "Léa", "etude", "Lancement")


def test_unknown_columns_are_reported_and_ignored():
    parsed, _ = rows_of(b"titre;couleur preferee\nA;bleu\n")
    assert parsed.ignored_columns == ["couleur preferee"]


def test_a_file_without_a_recognisable_header_is_fatal_not_a_crash():
    for data in [b"", b"   \n\n", b"a;b;c\n1;2;3\n", b"\xff\xfe\x00garbage"]:
        parsed = parse(data, "x.csv")
        assert parsed.fatal
        assert list(parsed.rows()) == []


def test_blank_lines_between_rows_are_skipped_without_being_counted():
    _, rows = rows_of(b"titre;texte\nA;a\n\n;\nB;b\n")
    assert [(r.line, r.title) for r in rows] == [(2, "A"), (5, "B")]


def test_a_neutralised_cell_from_our_own_export_reads_back_unchanged():
    _, (row,) = rows_of(b"titre;texte\n'=SUM(A1);'- une liste\n")
    assert row.title == "=SUM(A1)"
    assert row.body == "- une liste"


def test_html_is_kept_as_plain_text():
    _, (row,) = rows_of(b"titre;texte\n<script>alert(1)</script>;<b>gras</b>\n")
    assert row.title == "<script>alert(1)</script>"


def test_it_reads_an_xlsx_workbook_with_a_title_row():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Export Colidée"])
    sheet.append([])
    sheet.append(["ID", "Titre", "Description", "Auteur", "Catégorie", "Likes", "Date"])
    sheet.append([101, "Ressourcerie", "Réemploi", "Ana", "Déchets", 7, datetime(2023, 2, 7, 10)])
    sheet.append([102, None, None, "Bob", None, "abc", "pas une date"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    parsed, rows = rows_of(buffer.getvalue(), "export.xlsx")
    assert parsed.kind == "xlsx"
    assert parsed.header_line == 3
    assert rows[0].source_id == "101"
    assert rows[0].likes == 7
    assert rows[0].created_at == datetime(2023, 2, 7, 10, tzinfo=PARIS)
    assert (rows[1].line, rows[1].error) == (5, "ni titre ni texte")


def test_a_corrupt_xlsx_is_fatal():
    parsed = parse(b"PK\x03\x04not really a zip", "export.xlsx")
    assert "XLSX" in parsed.fatal


def test_overlong_cells_are_truncated_with_a_warning():
    _, (row,) = rows_of(("titre;auteur\n" + "T" * 400 + ";Ana\n").encode())
    assert len(row.title) == 300
    assert row.warnings
