"""The register's import and export in Django admin, as a French spreadsheet user meets them:
French dates and decimals, errors named by the file's columns, unchanged rows said so, and a
CSV French Excel opens as is next to the standard one."""

import csv
import datetime
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from actors.models import Organisation
from tests import factories

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/actors/organisation/"
STANDARD_CSV, FRENCH_CSV = "0", "2"  # positions in OrganisationAdmin.formats


@pytest.fixture
def admin_client(client_as):
    return client_as("admin")


def preview(admin_client, content: str, fmt: str = STANDARD_CSV, encoding: str = "utf-8"):
    upload = SimpleUploadedFile("acteurs.csv", content.encode(encoding))
    return admin_client.post(
        f"{CHANGELIST}import/", {"import_file": upload, "format": fmt, "resource": "0"}
    )


def confirm(admin_client, response):
    return admin_client.post(
        f"{CHANGELIST}process_import/", response.context["confirm_form"].initial
    )


def test_import_reads_french_dates_and_decimal_commas(admin_client):
    content = (
        'nom,type,adhesion,latitude,longitude\nCoop du Canal,entreprise,30/11/2026,"43,61","1,44"\n'
    )
    response = preview(admin_client, content)
    assert response.status_code == 200
    assert confirm(admin_client, response).status_code == 302
    coop = Organisation.objects.get(name="Coop du Canal")
    assert coop.joined_on == datetime.date(2026, 11, 30)
    assert (coop.latitude, coop.longitude) == (43.61, 1.44)


def test_import_still_reads_iso_dates(admin_client):
    response = preview(admin_client, "nom,type,adhesion\nCoop,entreprise,2026-11-30\n")
    confirm(admin_client, response)
    assert Organisation.objects.get().joined_on == datetime.date(2026, 11, 30)


def test_import_errors_are_french_and_named_by_the_files_column(admin_client):
    content = (
        "nom,type,statut,adhesion,siren,siret\n"
        "Coop,entreprise,active,31/02/2026,,\n"
        "Autre,entreprise,endormie,,732829320,35600000000048\n"
    )
    response = preview(admin_client, content)
    html = response.content.decode()
    assert response.context.get("confirm_form") is None
    rows = response.context["result"].invalid_rows
    assert [sorted(row.field_specific_errors) for row in rows] == [
        ["adhesion"],
        ["siret", "statut"],
    ]
    assert rows[0].field_specific_errors["adhesion"] == [
        "« 31/02/2026 » n'est pas une date (jj/mm/aaaa)."
    ]
    assert rows[1].field_specific_errors["statut"] == ["Valeur inconnue : « endormie »"]
    assert "doit commencer par le SIREN de l&#x27;organisation" in html
    assert "joined_on" not in html and "could not be parsed" not in html
    assert not Organisation.objects.exists()


def test_reimporting_the_export_shows_every_row_as_unchanged(admin_client):
    factories.OrganisationFactory(name="Énergies Solidaires", siren="732829320")
    factories.OrganisationFactory(name="Eau du Canal", joined_on=datetime.date(2024, 3, 1))
    exported = export(admin_client, STANDARD_CSV).decode("utf-8")
    changed = exported.replace("Eau du Canal", "Eau du Canal SCOP") + ",Nouvelle Coop,entreprise\n"

    response = preview(admin_client, changed)

    html = response.content.decode()
    assert response.context["result"].totals["skip"] == 1
    assert response.context["result"].totals["update"] == 1
    assert "1 nouvelle organisation, 1 mise à jour, 1 inchangée." in " ".join(html.split())
    kinds = re.findall(r'<td class="import-type">\s*(.*?)\s*</td>', html, re.S)
    assert kinds == ["Mise à jour", "Inchangée", "Nouvelle"]
    assert "Ignoré" not in html


def export(admin_client, fmt: str) -> bytes:
    form = admin_client.get(f"{CHANGELIST}export/").context["form"]
    selected = {
        name: "on"
        for name, field in form.fields.items()
        if getattr(field, "is_selectable_field", False)
    }
    response = admin_client.post(
        f"{CHANGELIST}export/", {**selected, "format": fmt, "resource": "0"}
    )
    assert response.status_code == 200
    return response.content


@pytest.fixture
def solidaires():
    return factories.OrganisationFactory(
        name="Énergies Solidaires",
        latitude=43.6047,
        longitude=1.4442,
        joined_on=datetime.date(2026, 11, 30),
    )


def test_export_offers_both_csv_formats(admin_client):
    page = admin_client.get(f"{CHANGELIST}export/").content.decode()
    assert "CSV pour Excel (français)" in page
    assert ">csv<" in page


def test_the_standard_csv_has_commas_decimal_points_and_iso_dates(admin_client, solidaires):
    content = export(admin_client, STANDARD_CSV)
    assert not content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8"))))
    assert rows[0]["nom"] == "Énergies Solidaires"
    assert rows[0]["latitude"] == "43.6047"
    assert rows[0]["adhesion"] == "2026-11-30"


def test_the_french_excel_csv_has_a_bom_semicolons_and_decimal_commas(admin_client, solidaires):
    content = export(admin_client, FRENCH_CSV)
    assert content.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM: Excel reads the accents
    text = content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("id;nom;type;taille;siren;siret")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert rows[0]["nom"] == "Énergies Solidaires"
    assert (rows[0]["latitude"], rows[0]["longitude"]) == ("43,6047", "1,4442")
    assert rows[0]["adhesion"] == "30/11/2026"


def test_the_french_excel_csv_imports_back_unchanged(admin_client, solidaires):
    content = export(admin_client, FRENCH_CSV).decode("utf-8-sig")
    response = preview(admin_client, "\ufeff" + content, fmt=FRENCH_CSV)
    assert response.context["result"].totals["skip"] == 1
    confirm(admin_client, response)
    solidaires.refresh_from_db()
    assert solidaires.latitude == 43.6047
    assert solidaires.joined_on == datetime.date(2026, 11, 30)
