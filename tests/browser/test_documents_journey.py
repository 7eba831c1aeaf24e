"""The facilitator downloads the roadmap as PDF from its page, and a member the minutes of
a meeting: real downloads in Chromium, read back with pypdf; the pages are axe-clean."""

from decimal import Decimal

import pytest
from pypdf import PdfReader

from tests import factories
from tests.roadmap.factories import MeasurementFactory, ObjectiveFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_facilitator_downloads_the_roadmap_pdf(page, visit, login, facilitator, tmp_path):
    energy = factories.ThemeFactory(name="Énergie", slug="energie")
    factories.MilestoneFactory(title="Cartographie des projets publiée")
    roofs = ObjectiveFactory(theme=energy, title="Toitures solaires", unit="m²", target=150000)
    MeasurementFactory(objective=roofs, value=Decimal(63000))
    login(facilitator)
    visit("/feuille-de-route/")

    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger le document (PDF)").click()

    assert download.value.suggested_filename.startswith("feuille-de-route-")
    assert download.value.suggested_filename.endswith(".pdf")
    path = tmp_path / "feuille-de-route.pdf"
    download.value.save_as(path)
    reader = PdfReader(path)
    assert reader.trailer["/Root"]["/Lang"] == "fr-FR"
    assert round(float(reader.pages[0].mediabox.width)) == 595
    text = "\n".join(p.extract_text() for p in reader.pages).replace("\xa0", " ")
    assert "Toitures solaires" in text and "63 000 m²" in text


def test_a_member_downloads_the_minutes_from_the_meeting_page(page, visit, login, member, tmp_path):
    meeting = factories.MeetingFactory(title="Coordination des projets", minutes="Point d'étape.")
    login(member)
    visit(meeting.get_absolute_url())

    with page.expect_download() as download:
        page.get_by_role("link", name="Compte rendu (PDF)").click()

    path = tmp_path / "compte-rendu.pdf"
    download.value.save_as(path)
    text = "\n".join(p.extract_text() for p in PdfReader(path).pages)
    assert "Point d'étape." in text
