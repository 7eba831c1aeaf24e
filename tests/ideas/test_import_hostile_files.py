"""Hostile and broken files: each is refused (or read) with a clear French message and
nothing partial is written. How fast the refusals are is measured by
bench/bench_import.py, not asserted here."""

import io
import random

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from ideas import importer
from ideas.models import Idea, ImportBatch
from ideas.services import import_file
from tests import factories
from tests.ideas.hostile import GiB, small_workbook, zip_bomb

pytestmark = pytest.mark.django_db


@pytest.fixture
def space():
    return factories.IdeaSpaceFactory(name="Lancement", slug="lancement")


def run(space, data: bytes, filename: str, **kwargs):
    return import_file(space, data, filename=filename, dry_run=False, **kwargs)


def test_a_zip_bomb_in_the_shared_strings_is_refused_before_it_inflates(space):
    bomb = zip_bomb(2 * GiB)
    assert len(bomb) < 8 * 1024 * 1024  # a small upload
    report = run(space, bomb, "export.xlsx")
    assert report["fatal"].startswith("classeur XLSX refusé : la partie « xl/sharedStrings.xml »")
    assert "une fois décompressée (au plus 100 Mo)" in report["fatal"]
    assert not Idea.objects.exists()


def test_a_sheet_of_gigabytes_of_xml_is_refused_before_it_is_read(space):
    report = run(space, zip_bomb(GiB, part="xl/worksheets/sheet1.xml"), "export.xlsx")
    assert "« xl/worksheets/sheet1.xml »" in report["fatal"]
    assert not Idea.objects.exists()


def test_a_part_that_inflates_too_many_times_is_refused_as_a_bomb():
    limits = importer.Limits(xlsx_shared_strings=GiB, xlsx_member_size=GiB)
    parsed = importer.parse(zip_bomb(64 * 1024 * 1024), "x.xlsx", limits=limits)
    assert "se décompresse" in parsed.fatal and "bombe zip" in parsed.fatal


def test_a_zip_bomb_uploaded_on_the_page_shows_the_reason_and_cannot_be_confirmed(
    client_as, space, django_capture_on_commit_callbacks
):
    facilitator = client_as("facilitator")
    upload = SimpleUploadedFile("export.xlsx", zip_bomb(2 * GiB))
    with django_capture_on_commit_callbacks(execute=True):
        facilitator.post(f"/idees/espaces/{space.slug}/import/", {"file": upload})
    batch = ImportBatch.objects.get()
    page = facilitator.get(f"/idees/imports/{batch.pk}/").content.decode()
    assert "Fichier illisible : classeur XLSX refusé" in page
    assert "Confirmer l" not in page
    with django_capture_on_commit_callbacks(execute=True):
        facilitator.post(f"/idees/imports/{batch.pk}/confirmer/")
    assert not Idea.objects.exists()


def test_more_rows_than_the_limit_refuses_the_whole_file_and_writes_nothing(space):
    rows = "".join(f"Idée {i};Texte {i}\n" for i in range(30))
    limits = importer.Limits(rows=20)
    report = run(space, ("Titre;Description\n" + rows).encode(), "x.csv", limits=limits)
    assert report["fatal"] == "le fichier dépasse 20 lignes : découpez-le en plusieurs fichiers"
    assert not Idea.objects.exists()  # the first batches were rolled back


def test_more_workbook_rows_than_the_limit_writes_nothing(space):
    data = small_workbook([["Titre"], *[[f"Idée {i}"] for i in range(30)]])
    report = run(space, data, "x.xlsx", limits=importer.Limits(rows=20))
    assert "dépasse 20 lignes" in report["fatal"]
    assert not Idea.objects.exists()


def test_ten_thousand_columns_in_a_csv_are_refused(space):
    header = ";".join(["Titre", *(f"c{i}" for i in range(9_999))])
    report = run(space, f"{header}\nIdée{';x' * 9_999}\n".encode(), "x.csv")
    assert report["fatal"] == (
        "l'en-tête compte 10\u202f000 colonnes ; au plus 200 sont lues : "
        "supprimez les colonnes inutiles"
    )
    assert not Idea.objects.exists()


def test_ten_thousand_columns_in_a_workbook_are_refused(space):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(["Titre", *(f"c{i}" for i in range(9_999))])
    sheet.append(["Idée", *(["x"] * 9_999)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = run(space, buffer.getvalue(), "x.xlsx")
    assert "10\u202f000 colonnes" in report["fatal"]
    assert not Idea.objects.exists()


@pytest.mark.parametrize("filename", ["export.csv", "export.xlsx"])
def test_garbage_bytes_are_refused_with_a_reason(space, filename):
    garbage = random.Random(12).randbytes(50_000)
    report = run(space, garbage, filename)
    assert report["fatal"] in {
        "classeur XLSX illisible (ce n'est pas un fichier XLSX)",
        "ce fichier n'est pas un texte CSV (octets de contrôle : un fichier binaire ?)",
    }
    assert not Idea.objects.exists()


def test_garbage_with_a_zip_signature_is_an_unreadable_workbook(space):
    report = run(space, b"PK\x03\x04" + bytes(range(256)) * 40, "export.xlsx")
    assert report["fatal"].startswith("classeur XLSX illisible")
    assert not Idea.objects.exists()


def test_utf16_without_its_mark_is_refused_for_its_nul_bytes(space):
    data = "Titre;Description\nVélo;Apprendre\n".encode("utf-16-le")
    report = run(space, data, "x.csv")
    assert report["fatal"].startswith("le fichier contient des octets nuls")
    assert not Idea.objects.exists()


def test_a_few_nul_bytes_are_removed_and_reported_by_line(space):
    data = "Titre;Description\nVélo;Apprendre\nCompost;Au pied\x00 des immeubles\n".encode()
    report = run(space, data, "x.csv")
    assert report["new"] == 2
    assert "octets nuls supprimés (lignes 3)" in report["file_warnings"]
    assert Idea.objects.get(title="Compost").body == "Au pied des immeubles"


def test_a_utf8_file_with_one_windows_1252_line_is_read_and_the_line_reported(space):
    data = (
        "Titre;Description\nVélo-école;Apprendre à rouler\n".encode()
        + "Thé partagé;Échanges\n".encode("cp1252")
        + "Énergie;Toitures\n".encode()
    )
    report = run(space, data, "x.csv")
    assert report["encoding"] == "utf-8 et windows-1252"
    assert report["file_warnings"] == [
        "encodages mélangés : 1 ligne(s) en Windows-1252 dans un fichier UTF-8, lues comme "
        "telles (lignes 3) ; vérifiez leurs accents"
    ]
    titles = set(Idea.objects.values_list("title", flat=True))
    assert titles == {"Vélo-école", "Thé partagé", "Énergie"}  # no mojibake
    assert Idea.objects.get(title="Thé partagé").body == "Échanges"


def test_a_whole_windows_1252_file_is_normal_and_not_reported(space):
    data = "Titre;Description\nVélo-école;Apprendre à rouler\nThé;Échanges\n".encode("cp1252")
    report = run(space, data, "x.csv")
    assert report["encoding"] == "windows-1252" and report["file_warnings"] == []
    assert Idea.objects.filter(title="Thé").exists()


PROFILE = settings(
    max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=20
).filter(lambda t: t.strip() and not set(t) & set(';"\n\r'))


@PROFILE
@given(st.lists(st.tuples(TEXT, st.sampled_from(["utf-8", "cp1252"])), min_size=1, max_size=20))
def test_any_mix_of_utf8_and_windows_1252_lines_reads_back_without_mojibake(lines):
    encodable = [(t, e) for t, e in lines if _encodes(t, e)]
    data = b"Titre\n" + b"".join(f"{t}\n".encode(enc) for t, enc in encodable)
    parsed = importer.parse(data, "x.csv")
    if not encodable:
        return
    titles = [row.title for row in parsed.rows()]
    expected = [" ".join(t.split()) for t, _ in encodable]
    # A Windows-1252 line that happens to be valid UTF-8 is read as UTF-8: the only loss.
    for got, want, (text, enc) in zip(titles, expected, encodable, strict=True):
        if enc == "utf-8" or text.isascii() or not _valid_utf8(text.encode(enc)):
            assert got == want


def _encodes(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


def _valid_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [("utf-16", "utf-16"), ("utf-8-sig", "utf-8"), ("cp1252", "windows-1252")],
)
def test_the_stored_file_is_streamed_in_each_encoding(
    client_as, space, django_capture_on_commit_callbacks, encoding, expected
):
    text = 'Titre\tDescription\r\nVélo-école\tApprendre à rouler\r\nThé\t"Deux\r\nlignes"\r\n'
    facilitator = client_as("facilitator")
    upload = SimpleUploadedFile("export.txt", text.encode(encoding))
    with django_capture_on_commit_callbacks(execute=True):
        facilitator.post(f"/idees/espaces/{space.slug}/import/", {"file": upload})
    batch = ImportBatch.objects.get()
    assert (batch.preview["encoding"], batch.preview["new"]) == (expected, 2)
    with django_capture_on_commit_callbacks(execute=True):
        facilitator.post(f"/idees/imports/{batch.pk}/confirmer/")
    assert Idea.objects.get(title="Thé").body == "Deux\nlignes"
    assert Idea.objects.get(title="Vélo-école").body == "Apprendre à rouler"
