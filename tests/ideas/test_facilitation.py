"""The facilitator's tools: promotion to a project, merge, analysis, export, import flow."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from alliance.models import Job
from ideas.analysis import similar_pairs, similarity
from ideas.models import Comment, Idea, ImportBatch, Like
from projects.models import Participation, Project
from tests import factories

pytestmark = pytest.mark.django_db


def test_promoting_an_idea_creates_a_linked_draft_project(client_as, idea_space, facilitator):
    theme = factories.ThemeFactory(name="Mobilité", slug="mobilite")
    organisation = factories.OrganisationFactory(name="Vélo Toulouse")
    idea = factories.IdeaFactory(
        space=idea_space,
        title="Vélo-école",
        body="Apprendre le vélo " * 40,
        organisation=organisation,
    )
    idea.themes.add(theme)
    response = client_as("facilitator").post(f"/idees/{idea.pk}/projet/")
    project = Project.objects.get(idea=idea)
    assert project.state == Project.State.DRAFT
    assert project.title == "Vélo-école"
    assert project.description == idea.body.strip()
    assert len(project.summary) <= 300 and project.summary.startswith("Apprendre le vélo")
    assert list(project.themes.all()) == [theme]
    assert project.proposed_by == facilitator
    assert Participation.objects.filter(
        project=project, organisation=organisation, role="porteur"
    ).exists()
    idea.refresh_from_db()
    assert idea.status == Idea.Status.PROJECT
    assert response.status_code == 302
    assert project.slug in response["Location"]
    # A second click does not create a second project.
    client_as("facilitator").post(f"/idees/{idea.pk}/projet/")
    assert Project.objects.filter(idea=idea).count() == 1


def test_merging_moves_likes_and_comments_and_redirects(client_as, twin_ideas, member, carrier):
    survivor, merged = twin_ideas
    Like.objects.create(idea=survivor, user=member)
    Like.objects.create(idea=merged, user=member)  # the same member: one like remains
    Like.objects.create(idea=merged, user=carrier)
    Comment.objects.create(idea=merged, author=carrier, body="Sur le doublon")
    merged.imported_likes = 4
    merged.save()
    facilitator = client_as("facilitator")
    response = facilitator.post(
        f"/idees/espaces/{survivor.space.slug}/fusionner/",
        {"idea": merged.pk, "into": survivor.pk},
    )
    assert response.status_code == 302
    assert set(Like.objects.filter(idea=survivor).values_list("user", flat=True)) == {
        member.pk,
        carrier.pk,
    }
    assert not Like.objects.filter(idea=merged).exists()
    assert Comment.objects.get(body="Sur le doublon").idea == survivor
    survivor.refresh_from_db()
    assert survivor.imported_likes == 4
    redirect = client_as("anonymous").get(f"/idees/{merged.pk}/")
    assert redirect.status_code == 301
    assert redirect["Location"] == f"/idees/{survivor.pk}/"
    space_page = client_as("anonymous").get(f"/idees/espaces/{survivor.space.slug}/")
    assert [i.pk for i in space_page.context["page"]] == [survivor.pk]
    # A page left open on the merged idea still likes and comments the survivor.
    facilitator.post(f"/idees/{merged.pk}/aimer/")
    facilitator.post(f"/idees/{merged.pk}/commenter/", {"body": "Après fusion"})
    assert Like.objects.filter(idea=survivor).count() == 3
    assert Comment.objects.get(body="Après fusion").idea == survivor


def test_merging_an_idea_into_itself_is_refused(client_as, idea):
    response = client_as("facilitator").post(
        f"/idees/espaces/{idea.space.slug}/fusionner/", {"idea": idea.pk, "into": idea.pk}
    )
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.merged_into is None


def test_similarity_ignores_case_accents_and_punctuation():
    assert similarity("Vélo-École", "velo ecole") == 1.0
    assert similarity("Composteur partagé", "Un parking pour camions") < 0.5


def test_analysis_finds_similar_ideas_and_counts_per_theme(client_as, idea_space):
    energy = factories.ThemeFactory(name="Énergie", slug="energie")
    a = factories.IdeaFactory(space=idea_space, title="Des panneaux solaires sur les toits")
    b = factories.IdeaFactory(space=idea_space, title="des PANNEAUX solaires sur les toîts !")
    factories.IdeaFactory(space=idea_space, title="Un jardin partagé")
    a.themes.add(energy)
    b.themes.add(energy)
    pairs = similar_pairs(idea_space)
    assert len(pairs) == 1
    assert {pairs[0]["a"].pk, pairs[0]["b"].pk} == {a.pk, b.pk}
    response = client_as("facilitator").get(f"/idees/espaces/{idea_space.slug}/analyse/")
    assert [(t.name, t.n) for t in response.context["themes"]] == [("Énergie", 2)]
    assert response.context["without_theme"] == 1
    assert "Des panneaux solaires" in response.content.decode()


@pytest.mark.parametrize("n", [10, 200])
def test_analysis_queries_do_not_grow(client_as, idea_space, n, django_assert_max_num_queries):
    Idea.objects.bulk_create(
        Idea(space=idea_space, title=f"Idée numéro {i} sur le thème {i % 5}") for i in range(n)
    )
    facilitator = client_as("facilitator")
    with django_assert_max_num_queries(12):
        facilitator.get(f"/idees/espaces/{idea_space.slug}/analyse/")


def test_csv_export_neutralises_formulas(client_as, idea_space):
    factories.IdeaFactory(space=idea_space, title='=HYPERLINK("http://x")', body="@SUM(1)")
    factories.IdeaFactory(space=idea_space, title="+33 idées", body="-1")
    response = client_as("facilitator").get(f"/idees/espaces/{idea_space.slug}/export.csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:3] == ["Identifiant", "Titre", "Description"]
    cells = [cell for row in rows[1:] for cell in row]
    assert '\'=HYPERLINK("http://x")' in cells and "'@SUM(1)" in cells
    assert "'+33 idées" in cells and "'-1" in cells
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)


def test_xlsx_export_reads_back_through_the_importer(
    client_as, idea_space, django_capture_on_commit_callbacks
):
    factories.IdeaFactory(space=idea_space, title="=1+1", body="Texte")
    response = client_as("facilitator").get(f"/idees/espaces/{idea_space.slug}/export.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.cell(2, 2).value == "'=1+1"
    other = factories.IdeaSpaceFactory(name="Copie")
    upload = SimpleUploadedFile("copie.xlsx", response.content)
    with django_capture_on_commit_callbacks(execute=True):
        client_as("facilitator").post(f"/idees/espaces/{other.slug}/import/", {"file": upload})
    batch = ImportBatch.objects.get(space=other)
    assert batch.preview["new"] == 1
    assert batch.preview["sample"][0]["title"] == "=1+1"


def xlsx_bytes():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Titre", "Description", "Auteur", "Thème", "J'aime"])
    sheet.append(["Covoiturage", "Entre entreprises", "Léa", "Mobilité", 3])
    sheet.append([None, None, "Bob", None, "abc"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_upload_previews_then_confirm_imports(
    client_as, idea_space, django_capture_on_commit_callbacks
):
    facilitator = client_as("facilitator")
    upload = SimpleUploadedFile("export.xlsx", xlsx_bytes())
    with django_capture_on_commit_callbacks(execute=True):
        response = facilitator.post(f"/idees/espaces/{idea_space.slug}/import/", {"file": upload})
    batch = ImportBatch.objects.get()
    assert response["Location"] == f"/idees/imports/{batch.pk}/"
    assert "export" not in batch.file.name  # stored under a random name
    assert batch.original_name == "export.xlsx"
    assert batch.state == ImportBatch.State.PREVIEWED
    assert (batch.preview["read"], batch.preview["new"], batch.preview["rejected"]) == (2, 1, 1)
    assert not Idea.objects.exists()  # the dry run wrote nothing
    page = facilitator.get(f"/idees/imports/{batch.pk}/").content.decode()
    assert "Confirmer l&#x27;import" in page or "Confirmer l'import" in page
    assert "ni titre ni texte" in page
    with django_capture_on_commit_callbacks(execute=True):
        facilitator.post(f"/idees/imports/{batch.pk}/confirmer/", {"create_themes": "on"})
    batch.refresh_from_db()
    assert batch.state == ImportBatch.State.DONE
    assert batch.report["new"] == 1 and batch.report["created_themes"] == ["Mobilité"]
    assert Idea.objects.get().title == "Covoiturage"
    status = facilitator.get(f"/idees/imports/{batch.pk}/etat/", headers={"HX-Request": "true"})
    html = status.content.decode()
    assert html.lstrip().startswith('<section id="import-progress"')
    assert 'value="100"' in html and "hx-get" not in html  # done: polling stops


def test_the_import_waits_in_the_job_table_when_no_worker_runs(client_as, import_batch):
    """The confirmation records the job; the broker hears of it only on commit, and if it
    is down the sweep sends it again. Either way the batch and file are already stored."""
    from alliance import jobs

    facilitator = client_as("facilitator")
    facilitator.post(f"/idees/imports/{import_batch.pk}/confirmer/")  # callbacks not run
    facilitator.post(f"/idees/imports/{import_batch.pk}/confirmer/")  # a second click
    import_batch.refresh_from_db()
    assert import_batch.state == ImportBatch.State.QUEUED
    job = Job.objects.get(name="ideas.services.run_import")
    assert job.kwargs == {"batch_id": import_batch.pk}
    page = facilitator.get(
        f"/idees/imports/{import_batch.pk}/etat/", headers={"HX-Request": "true"}
    )
    assert "hx-get" in page.content.decode()  # still polling
    assert jobs.run(job.pk) == "done"  # what the worker does once it is back
    import_batch.refresh_from_db()
    assert import_batch.state == ImportBatch.State.DONE
    assert Idea.objects.filter(space=import_batch.space).count() == 1
    assert jobs.run(job.pk) == "skipped"  # a second delivery does nothing


def test_a_bad_upload_rerenders_with_a_french_message(client_as, idea_space):
    facilitator = client_as("facilitator")
    response = facilitator.post(
        f"/idees/espaces/{idea_space.slug}/import/",
        {"file": SimpleUploadedFile("photo.png", b"\x89PNG")},
    )
    assert response.status_code == 200
    assert "Seuls les fichiers CSV ou XLSX sont acceptés." in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_an_unreadable_file_cannot_be_confirmed(
    client_as, idea_space, django_capture_on_commit_callbacks
):
    facilitator = client_as("facilitator")
    with django_capture_on_commit_callbacks(execute=True):
        facilitator.post(
            f"/idees/espaces/{idea_space.slug}/import/",
            {"file": SimpleUploadedFile("x.csv", b"a;b\n1;2\n")},
        )
    batch = ImportBatch.objects.get()
    assert batch.preview["fatal"]
    facilitator.post(f"/idees/imports/{batch.pk}/confirmer/")
    batch.refresh_from_db()
    assert batch.state == ImportBatch.State.PREVIEWED
    assert not Job.objects.filter(name="ideas.services.run_import").exists()


def test_the_dry_run_waits_for_a_worker_too(client_as, idea_space):
    from alliance import jobs

    facilitator = client_as("facilitator")
    facilitator.post(
        f"/idees/espaces/{idea_space.slug}/import/",
        {"file": SimpleUploadedFile("x.csv", "titre\nVélo\n".encode())},
    )  # on-commit callbacks not run: as if the broker were down
    batch = ImportBatch.objects.get()
    assert batch.state == ImportBatch.State.PENDING and batch.file
    status = facilitator.get(f"/idees/imports/{batch.pk}/etat/", headers={"HX-Request": "true"})
    assert "hx-get" in status.content.decode()
    job = Job.objects.get(name="ideas.services.run_preview")
    assert jobs.run(job.pk) == "done"
    batch.refresh_from_db()
    assert batch.state == ImportBatch.State.PREVIEWED and batch.preview["new"] == 1
    status = facilitator.get(f"/idees/imports/{batch.pk}/etat/", headers={"HX-Request": "true"})
    assert status["HX-Refresh"] == "true"


def test_the_facilitator_opens_and_closes_a_space(client_as, idea_space):
    facilitator = client_as("facilitator")
    meeting = factories.MeetingFactory(title="Lancement")
    response = facilitator.post(
        "/idees/nouvel-espace/",
        {"name": "Transition énergétique", "meeting": meeting.pk, "is_public": "on"},
    )
    from ideas.models import IdeaSpace

    space = IdeaSpace.objects.get(name="Transition énergétique")
    assert response["Location"] == f"/idees/espaces/{space.slug}/"
    assert space.meeting == meeting and not space.is_open
    assert client_as("member").get(f"/idees/espaces/{space.slug}/proposer/").status_code == 403
    bad = facilitator.post("/idees/nouvel-espace/", {"name": ""})
    assert "Donnez un nom à l&#x27;espace." in bad.content.decode()
    assert IdeaSpace.objects.count() == 2
