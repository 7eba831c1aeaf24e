"""The facilitator's import of an export with unusual headers, in a real browser: upload,
assign a column by hand, read the changes of the dry run, confirm the one that shortens
a text, follow the progress and read the report — every page axe-clean."""

import re

import pytest

from ideas.models import HeaderMapping, Idea, ImportBatch
from tests import factories
from tests.browser.conftest import assert_accessible, at_once

pytestmark = pytest.mark.django_db(transaction=True)

EXPORT = (
    "Export de la consultation — février 2023\n"
    "\n"
    "N°;Intitulé de la proposition;Ce que je propose;Proposé(e) par;Nbre de soutiens;"
    "Avancement;Adresse e-mail\n"
    "c1;Toitures solaires partagées;Une société citoyenne;Isabelle L.;25;Retenue;"
    "isa@example.org\n"
    "c2;Compost collectif;Sur la zone, entre restaurants;Hélène R.;7;En délibéré;"
    "helene@example.org\n"
).encode()


@pytest.fixture
@at_once
def space(db):
    space = factories.IdeaSpaceFactory(name="Consultation de février", slug="fevrier")
    factories.IdeaFactory(
        space=space,
        title="Toitures solaires partagées",
        body="Une société citoyenne qui pose des panneaux sur les toits des écoles",
        source=Idea.Source.IMPORT,
        source_id="c1",
        author_name="Isabelle L.",
        imported_likes=21,
    )
    return space


def test_facilitator_maps_a_column_reads_the_changes_confirms_and_reads_the_report(
    page, login, visit, facilitator, space
):
    login(facilitator)
    visit(f"/idees/espaces/{space.slug}/import/")
    page.set_input_files(
        "input[type=file]",
        files=[{"name": "consultation.csv", "mimeType": "text/csv", "buffer": EXPORT}],
    )
    page.get_by_role("button", name="Simuler l'import").click()
    page.wait_for_url(re.compile(r"/idees/imports/\d+/$"))
    batch = ImportBatch.objects.get()

    # The dry run says at the top what it did not understand.
    notices = page.locator(".import-notices")
    assert "« Ce que je propose »" in notices.inner_text()
    assert "Statut inconnu « En délibéré » (1 ligne)" in notices.inner_text()
    assert page.get_by_label("Intitulé de la proposition").input_value() == "title"
    assert page.get_by_label("Nbre de soutiens").input_value() == "likes"
    assert page.get_by_label("Adresse e-mail").input_value() == ""  # contact details: never
    assert_accessible(page)

    # Map the unknown column by hand, with the keyboard.
    select = page.get_by_label("Ce que je propose")
    select.focus()
    select.select_option(label="description")
    page.keyboard.press("Tab")
    page.get_by_role("button", name="Appliquer ces colonnes et refaire la simulation").click()
    page.wait_for_load_state()
    page.get_by_text("Colonnes enregistrées").wait_for()
    assert page.get_by_label("Ce que je propose").input_value() == "body"
    assert HeaderMapping.objects.filter(space=space).count() == 1

    # The changes to the idea already there, before → after, the shortened one flagged.
    changes = page.locator("table.import-changes")
    assert "Une société citoyenne qui pose des panneaux" in changes.inner_text()
    assert "raccourci" in changes.inner_text()
    assert page.locator("[data-count=new]").inner_text() == "1"
    assert "1 mise à jour raccourcirait le texte" in page.locator(".import-notices").inner_text()
    assert Idea.objects.get(source_id="c1").body.startswith("Une société citoyenne qui pose")
    assert_accessible(page)

    # Confirming without the box is refused, in French, and nothing is written.
    page.get_by_role("button", name="Confirmer l'import").click()
    page.wait_for_load_state()
    page.get_by_text("cochez la case pour confirmer").wait_for()
    assert Idea.objects.filter(space=space).count() == 1
    assert_accessible(page)

    page.get_by_label("Je confirme les mises à jour qui raccourcissent un texte existant").check()
    page.get_by_role("button", name="Confirmer l'import").click()
    page.wait_for_load_state()
    progress = page.locator("#import-progress")
    progress.get_by_text("Rapport").wait_for()
    assert page.locator("#import-bar").get_attribute("value") == "100"
    assert "Terminé" in progress.locator(".import-state").inner_text()
    report_sample = progress.locator("table").last.inner_text()
    assert "Compost collectif" in report_sample and "Hélène R." in report_sample
    assert_accessible(page)

    batch.refresh_from_db()
    assert batch.state == ImportBatch.State.DONE
    toitures = Idea.objects.get(source_id="c1")
    assert (toitures.body, toitures.imported_likes) == ("Une société citoyenne", 25)
    compost = Idea.objects.get(source_id="c2")
    assert (compost.source_status, compost.status) == ("En délibéré", Idea.Status.NEW)
    assert "@" not in compost.author_name + compost.body
