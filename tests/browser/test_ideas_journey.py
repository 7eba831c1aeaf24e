"""Idea spaces in a real browser: the Colidée import, a like, a promotion to a project."""

import re

import pytest

from alliance import jobs
from alliance.models import Job, Theme
from ideas import services
from ideas.models import Idea, ImportBatch
from projects.models import Project
from tests import factories
from tests.browser.conftest import assert_accessible, at_once

pytestmark = pytest.mark.django_db(transaction=True)

EXPORT = (
    "Export Colidée — Réunion de lancement\n\n"
    "Identifiant;Titre;Description;Auteur;Thème;J'aime;Date\n"
    "1;Toitures solaires partagées;Une société citoyenne;Isabelle L.;Énergie;21;07/02/2023 18:03\n"
    '2;Compost collectif;"Sur la zone,\nentre restaurants";Hélène R.;Déchets;abc;07/02/2023\n'
    "3;;;Sans titre;;;\n"
).encode("cp1252")


@pytest.fixture
@at_once
def space(db):
    Theme.objects.create(name="Énergie", slug="energie")
    Theme.objects.create(name="Déchets", slug="dechets")
    return factories.IdeaSpaceFactory(name="Réunion de lancement", slug="lancement")


def test_facilitator_uploads_previews_confirms_and_sees_the_ideas(
    page, login, visit, facilitator, space
):
    login(facilitator)
    visit(f"/idees/espaces/{space.slug}/")
    page.get_by_role("link", name="Importer un export Colidée").click()
    page.wait_for_url(re.compile(r"/import/$"))
    assert_accessible(page)
    page.set_input_files(
        "input[type=file]",
        files=[{"name": "colidee.csv", "mimeType": "text/csv", "buffer": EXPORT}],
    )
    page.get_by_role("button", name="Simuler l'import").click()
    page.wait_for_url(re.compile(r"/idees/imports/\d+/$"))
    assert page.locator("[data-count=read]").inner_text() == "3"
    assert page.locator("[data-count=new]").inner_text() == "2"
    assert page.locator("[data-count=rejected]").inner_text() == "1"
    assert "ni titre ni texte" in page.content()
    assert not Idea.objects.exists()
    assert_accessible(page)

    page.get_by_role("button", name="Confirmer l'import").click()
    page.wait_for_load_state()
    page.locator("#import-progress").get_by_text("Rapport").wait_for()
    assert page.locator("#import-bar").get_attribute("value") == "100"
    assert_accessible(page)

    page.get_by_role("link", name="Voir les idées de l'espace").click()
    page.wait_for_url(re.compile(rf"/idees/espaces/{space.slug}/$"))
    assert page.get_by_role("link", name="Toitures solaires partagées").is_visible()
    assert page.get_by_role("link", name="Compost collectif").is_visible()
    assert_accessible(page)


def test_the_progress_bar_follows_a_queued_import_without_reload(
    page, login, visit, facilitator, space
):
    from django.core.files.base import ContentFile

    batch = ImportBatch.objects.create(
        space=space,
        file=ContentFile(EXPORT, name="colidee.csv"),
        original_name="colidee.csv",
        preview={"read": 3},
        rows_total=3,
        created_by=facilitator,
    )
    # Confirmed while no worker runs: the import job waits in the Job table.
    batch.import_job = Job.objects.create(
        name="ideas.services.run_import", kwargs={"batch_id": batch.pk}
    )
    batch.save(update_fields=["import_job"])
    login(facilitator)
    visit(f"/idees/imports/{batch.pk}/")
    assert "attend un processus" in page.content()
    page.evaluate("window.stillHere = true")
    jobs.run(batch.import_job_id)  # the worker comes back
    page.locator("#import-progress").get_by_text("Rapport").wait_for(timeout=10_000)
    assert page.evaluate("window.stillHere") is True
    assert_accessible(page)


def test_member_likes_an_idea_and_the_count_updates_in_place(page, login, visit, member, space):
    idea = factories.IdeaFactory(space=space, title="Vélo-école", imported_likes=4)
    login(member)
    visit(f"/idees/{idea.pk}/")
    page.evaluate("window.stillHere = true")
    assert page.locator(".like-total").inner_text() == "4"
    page.get_by_role("button", name="J'aime").click()
    page.get_by_role("button", name="Je n'aime plus").wait_for()
    assert page.locator(".like-total").inner_text() == "5"
    assert page.evaluate("window.stillHere") is True
    assert_accessible(page)


def test_copy_the_link_puts_the_stable_url_on_the_clipboard(page, visit, space):
    idea = factories.IdeaFactory(space=space, title="Vélo-école")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    visit(f"/idees/{idea.pk}/")
    page.get_by_role("button", name="Copier le lien").click()
    page.get_by_text("Lien copié.").wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.endswith(f"/idees/{idea.pk}/")


def test_facilitator_turns_an_idea_into_a_draft_project(page, login, visit, facilitator, space):
    idea = factories.IdeaFactory(space=space, title="Ressourcerie de bureau", body="Réemploi.")
    login(facilitator)
    visit(f"/idees/{idea.pk}/")
    page.get_by_role("button", name="Transformer en projet").click()
    page.wait_for_load_state()
    project = Project.objects.get(idea=idea)
    assert project.state == Project.State.DRAFT
    assert project.slug in page.url
    idea.refresh_from_db()
    assert idea.status == Idea.Status.PROJECT


def test_facilitator_pages_are_accessible(page, login, visit, facilitator, space):
    a = factories.IdeaFactory(space=space, title="Covoiturage entre entreprises")
    factories.IdeaFactory(space=space, title="covoiturage entre les entreprises")
    login(facilitator)
    visit("/idees/nouvel-espace/")
    visit(f"/idees/espaces/{space.slug}/modifier/")
    visit(f"/idees/espaces/{space.slug}/analyse/")
    assert page.locator("table.pairs tbody tr").count() == 1
    visit(f"/idees/{a.pk}/reponse/")
    visit("/idees/moderation/")
    visit("/idees/")
    visit(f"/idees/espaces/{space.slug}/proposer/")


def test_member_comments_and_replies_without_reload(page, login, visit, member, space):
    from ideas.models import Comment

    idea = factories.IdeaFactory(space=space, title="Tiers-lieu")
    login(member)
    visit(f"/idees/{idea.pk}/")
    page.evaluate("window.stillHere = true")
    page.fill("#id_body", "Très bonne idée")
    page.get_by_role("button", name="Commenter").click()
    page.locator(".comment").get_by_text("Très bonne idée").wait_for()
    page.get_by_text("Répondre", exact=True).first.click()
    first = Comment.objects.get()
    page.fill(f"#reply-{first.pk}", "Je confirme")
    page.locator(f"#reply-{first.pk} ~ button").click()
    page.locator(".comment-replies").get_by_text("Je confirme").wait_for()
    assert page.evaluate("window.stillHere") is True
    assert Comment.objects.get(body="Je confirme").parent == first
    assert_accessible(page)
    visit(f"/idees/commentaires/{first.pk}/modifier/")


def test_the_preview_appears_when_the_dry_run_is_done(page, login, visit, facilitator, space):
    from django.core.files.base import ContentFile

    batch = ImportBatch.objects.create(
        space=space,
        file=ContentFile(EXPORT, name="colidee.csv"),
        original_name="colidee.csv",
        created_by=facilitator,
    )
    login(facilitator)
    visit(f"/idees/imports/{batch.pk}/")
    assert "simulation attend" in page.content()
    services.run_preview(batch_id=batch.pk)  # the worker comes back
    page.get_by_role("button", name="Confirmer l'import").wait_for(timeout=10_000)
    assert page.locator("[data-count=read]").inner_text() == "3"
    assert_accessible(page)
