"""The import never destroys: only a value present in the file changes a field; the dry
run shows every change and asks before any text is shortened; a re-import keeps what
the facilitator and the members did on the platform."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from actors.models import Person
from ideas.models import Comment, Idea, ImportBatch, Like
from ideas.services import import_file, merge_ideas, promote_to_project
from tests import factories

pytestmark = pytest.mark.django_db

FULL = (
    "Identifiant;Titre;Description;Auteur;Thème;J'aime;Commentaires;Date;Statut\n"
    "C1;Vélo-école;Apprendre le vélo à tout âge;Anne;Mobilité;12;3;07/02/2023 10:00;retenue\n"
    "C2;Compost;Un composteur partagé au pied des immeubles;Bob;Déchets;4;0;07/02/2023;\n"
)


@pytest.fixture
def space():
    factories.ThemeFactory(name="Mobilité", slug="mobilite")
    factories.ThemeFactory(name="Déchets", slug="dechets")
    return factories.IdeaSpaceFactory(name="Lancement", slug="lancement")


def run(space, text: str, *, dry_run=False):
    return import_file(space, text.encode(), filename="f.csv", dry_run=dry_run)


def snapshot(space):
    return {
        i.source_id: (i.title, i.body, i.author_name, i.source_theme, i.imported_likes,
                      i.imported_comments, i.created_at, i.status,
                      sorted(t.name for t in i.themes.all()))
        for i in Idea.objects.filter(space=space).prefetch_related("themes")
    }  # fmt: skip


def test_a_file_without_the_description_column_leaves_every_description(space):
    run(space, FULL)
    before = snapshot(space)
    again = "Identifiant;Titre\nC1;Vélo-école\nC2;Compost\n"
    preview = run(space, again, dry_run=True)
    assert (preview["updated"], preview["unchanged"], preview["changed_rows"]) == (2, 2, 0)
    report = run(space, again)
    assert report["unchanged"] == 2
    assert snapshot(space) == before


def test_empty_cells_leave_author_theme_counts_date_and_body_untouched(space):
    run(space, FULL)
    before = snapshot(space)
    report = run(
        space,
        "Identifiant;Titre;Description;Auteur;Thème;J'aime;Commentaires;Date\n"
        "C1;Vélo-école;;;;;;\nC2;Compost; ;;;;;\n",
    )
    assert report["unchanged"] == 2
    assert snapshot(space) == before


def test_only_the_values_present_change_and_the_dry_run_shows_them_before_and_after(space):
    run(space, FULL)
    text = "Identifiant;Titre;J'aime;Auteur\nC1;Vélo-école;20;\nC2;Compost;;Bob Martin\n"
    preview = run(space, text, dry_run=True)
    assert preview["changed_rows"] == 2 and preview["shortening"] == 0
    changes = {row["line"]: row["fields"] for row in preview["changes"]}
    assert changes[2] == [
        {
            "field": "imported_likes",
            "label": "j'aime importés",
            "before": "12",
            "after": "20",
            "shorter": False,
        }
    ]
    assert [(c["field"], c["before"], c["after"]) for c in changes[3]] == [
        ("author_name", "Bob", "Bob Martin")
    ]
    assert Idea.objects.get(source_id="C1").imported_likes == 12  # a dry run writes nothing
    run(space, text)
    velo, compost = Idea.objects.get(source_id="C1"), Idea.objects.get(source_id="C2")
    assert (velo.imported_likes, velo.author_name, velo.body) == (
        20,
        "Anne",
        "Apprendre le vélo à tout âge",
    )
    assert (compost.author_name, compost.imported_likes) == ("Bob Martin", 4)


def test_an_update_that_shortens_a_text_is_counted_and_flagged(space):
    run(space, FULL)
    preview = run(space, "Identifiant;Titre;Description\nC1;Vélo-école;Vélo\n", dry_run=True)
    assert preview["shortening"] == 1
    (row,) = preview["changes"]
    assert row["shortens"] is True
    assert row["fields"][0]["before"] == "Apprendre le vélo à tout âge"
    assert row["fields"][0]["after"] == "Vélo"


def test_a_reimport_keeps_status_answer_platform_likes_and_comments(space, member):
    run(space, FULL)
    velo = Idea.objects.get(source_id="C1")
    velo.status, velo.answer = Idea.Status.STUDY, "Nous regardons les horaires."
    velo.save(update_fields=["status", "answer"])
    Like.objects.create(idea=velo, user=member)
    Comment.objects.create(idea=velo, author=member, body="Oui !")
    # The tool's export now counts our like and comment too, and says "retenue" again.
    report = run(space, FULL.replace(";12;3;", ";13;4;"))
    assert report["unchanged"] == 2
    velo.refresh_from_db()
    assert (velo.status, velo.answer) == (Idea.Status.STUDY, "Nous regardons les horaires.")
    assert (velo.imported_likes, velo.imported_comments) == (12, 3)
    assert velo.likes.count() == 1 and velo.comments.count() == 1


def test_a_reimport_keeps_merges_and_promotions(space, facilitator):
    run(space, FULL)
    velo, compost = Idea.objects.get(source_id="C1"), Idea.objects.get(source_id="C2")
    merge_ideas(idea=compost, into=velo)
    project, _url = promote_to_project(idea=velo, by=facilitator)
    velo.refresh_from_db()
    before = (velo.imported_likes, velo.body, velo.status)
    report = run(space, FULL.replace("Un composteur", "Deux composteurs"))
    assert report["new"] == 0
    compost.refresh_from_db()
    velo.refresh_from_db()
    assert compost.merged_into_id == velo.pk and compost.body.startswith("Un composteur")
    assert (velo.imported_likes, velo.body, velo.status) == before
    assert velo.status == Idea.Status.PROJECT
    assert project.idea_id == velo.pk


def test_platform_ideas_keep_their_author_and_themes(space, member):
    person = Person.objects.get(user=member)
    idea = factories.IdeaFactory(space=space, title="Jardin partagé", author=person)
    theme = factories.ThemeFactory(name="Nature", slug="nature")
    idea.themes.add(theme)
    when = timezone.localtime(idea.created_at).strftime("%d/%m/%Y %H:%M")
    report = run(space, f"Titre;Auteur;Thème;Date\nJardin partagé;{person};Mobilité;{when}\n")
    assert (report["updated"], report["new"]) == (1, 0)
    idea.refresh_from_db()
    assert idea.author_id == person.pk and idea.author_name == ""
    assert [t.name for t in idea.themes.all()] == ["Nature"]


def test_unknown_theme_labels_never_clear_an_imported_ideas_themes(space):
    run(space, FULL)
    run(space, "Identifiant;Titre;Thème\nC1;Vélo-école;Cyclisme\n")
    velo = Idea.objects.get(source_id="C1")
    assert [t.name for t in velo.themes.all()] == ["Mobilité"]
    assert velo.source_theme == "Cyclisme"  # the label is what the file says now


# --- Through the pages: the explicit confirmation -----------------------------


def _upload(client, space, text: str, capture):
    upload = SimpleUploadedFile("export.csv", text.encode())
    with capture(execute=True):
        client.post(f"/idees/espaces/{space.slug}/import/", {"file": upload})
    return ImportBatch.objects.latest("pk")


def test_the_confirm_is_refused_without_the_box_when_a_text_would_be_shortened(
    client_as, space, django_capture_on_commit_callbacks
):
    run(space, FULL)
    facilitator = client_as("facilitator")
    batch = _upload(
        facilitator,
        space,
        "Identifiant;Titre;Description\nC1;Vélo-école;Vélo\n",
        django_capture_on_commit_callbacks,
    )
    page = facilitator.get(f"/idees/imports/{batch.pk}/").content.decode()
    assert "raccourcirait le texte" in page
    assert "Apprendre le vélo à tout âge" in page  # before → after in the dry run
    assert 'name="accept_shortening"' in page
    with django_capture_on_commit_callbacks(execute=True):
        refused = facilitator.post(f"/idees/imports/{batch.pk}/confirmer/")
    assert refused.status_code == 200
    assert "cochez la case pour confirmer" in refused.content.decode()
    batch.refresh_from_db()
    assert batch.state == ImportBatch.State.PREVIEWED
    assert Idea.objects.get(source_id="C1").body == "Apprendre le vélo à tout âge"
    with django_capture_on_commit_callbacks(execute=True):
        accepted = facilitator.post(
            f"/idees/imports/{batch.pk}/confirmer/", {"accept_shortening": "on"}
        )
    assert accepted.status_code == 302
    batch.refresh_from_db()
    assert batch.state == ImportBatch.State.DONE
    assert Idea.objects.get(source_id="C1").body == "Vélo"


def test_no_box_is_asked_when_nothing_is_shortened(
    client_as, space, django_capture_on_commit_callbacks
):
    facilitator = client_as("facilitator")
    batch = _upload(facilitator, space, FULL, django_capture_on_commit_callbacks)
    page = facilitator.get(f"/idees/imports/{batch.pk}/").content.decode()
    assert 'name="accept_shortening"' not in page
    with django_capture_on_commit_callbacks(execute=True):
        facilitator.post(f"/idees/imports/{batch.pk}/confirmer/")
    batch.refresh_from_db()
    assert batch.state == ImportBatch.State.DONE
    assert Idea.objects.filter(space=space).count() == 2


def test_the_final_report_shows_the_first_rows_as_imported(
    client_as, space, django_capture_on_commit_callbacks
):
    facilitator = client_as("facilitator")
    batch = _upload(facilitator, space, FULL, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        facilitator.post(f"/idees/imports/{batch.pk}/confirmer/")
    batch.refresh_from_db()
    sample = batch.report["sample"]
    assert [(r["title"], r["author"], r["likes"], r["status"], r["action"]) for r in sample] == [
        ("Vélo-école", "Anne", 12, "Retenue", "new"),
        ("Compost", "Bob", 4, "Nouvelle", "new"),
    ]
    page = facilitator.get(f"/idees/imports/{batch.pk}/").content.decode()
    assert "telles qu&#x27;elles ont été importées" in page or "ont été importées" in page
    assert "Vélo-école" in page and "Retenue" in page


# --- Any shape of file: only what it carries changes ---------------------------

COLUMNS = {  # header -> (attribute read back, a new value to write)
    "Description": ("body", "Un tout autre texte, plus long que le premier de loin"),
    "Auteur": ("author_name", "Zoé Nouvelle"),
    "Thème": ("source_theme", "Déchets"),
    "J'aime": ("imported_likes", "99"),
    "Commentaires": ("imported_comments", "42"),
}


@settings(
    max_examples=30,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    present=st.lists(st.sampled_from(sorted(COLUMNS)), unique=True),
    blank=st.sets(st.sampled_from(sorted(COLUMNS))),
)
def test_any_subset_of_columns_and_empty_cells_changes_only_the_values_present(
    space, present, blank
):
    with transaction.atomic():
        run(space, FULL)
        before = Idea.objects.get(source_id="C1")
        cells = ["" if h in blank else COLUMNS[h][1] for h in present]
        run(space, ";".join(["Identifiant", "Titre", *present]) + "\n" +
            ";".join(["C1", "Vélo-école", *cells]) + "\n")  # fmt: skip
        after = Idea.objects.get(source_id="C1")
        for header, (attribute, new) in COLUMNS.items():
            expected = getattr(before, attribute)
            if header in present and header not in blank:
                expected = int(new) if isinstance(expected, int) else new
            assert getattr(after, attribute) == expected, header
        assert (after.status, after.created_at) == (before.status, before.created_at)
        transaction.set_rollback(True)
