"""The facilitator assigns columns in the dry run: a select per column, applied to the
import, remembered for the next file with the same headers in that space."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ideas.models import HeaderMapping, Idea, ImportBatch
from tests import factories

pytestmark = pytest.mark.django_db

ODD = "Ref;Intitulé;Ce que je propose;Pseudo;Note interne\nA1;Vélo;Des ateliers;anne;x\n"


@pytest.fixture
def facilitator_client(client_as):
    return client_as("facilitator")


def upload(client, space, text: str, capture, name="export.csv") -> ImportBatch:
    with capture(execute=True):
        client.post(
            f"/idees/espaces/{space.slug}/import/",
            {"file": SimpleUploadedFile(name, text.encode())},
        )
    return ImportBatch.objects.latest("pk")


def test_unknown_columns_are_shown_at_the_top_with_a_labelled_select_each(
    facilitator_client, idea_space, django_capture_on_commit_callbacks
):
    batch = upload(facilitator_client, idea_space, ODD, django_capture_on_commit_callbacks)
    page = facilitator_client.get(f"/idees/imports/{batch.pk}/").content.decode()
    notices = page.index("À vérifier")
    assert notices < page.index("Lignes lues")  # above the counts, not folded away
    assert "Colonnes non reconnues" in page and "« Ce que je propose »" in page
    for index in range(5):
        assert f'<label for="id_column_{index}">' in page
        assert f'<select name="column_{index}"' in page
    assert '<option value="title" selected>' in page  # "Intitulé" was recognised


def test_a_column_assigned_by_hand_is_imported_and_remembered(
    facilitator_client, idea_space, facilitator, django_capture_on_commit_callbacks
):
    batch = upload(facilitator_client, idea_space, ODD, django_capture_on_commit_callbacks)
    assert batch.preview["columns"] == {"source_id": "Ref", "title": "Intitulé"}
    choice = {"column_0": "source_id", "column_1": "title", "column_2": "body"}
    choice |= {"column_3": "author", "column_4": ""}
    with django_capture_on_commit_callbacks(execute=True):
        response = facilitator_client.post(f"/idees/imports/{batch.pk}/colonnes/", choice)
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.state == ImportBatch.State.PREVIEWED  # the dry run was done again
    assert batch.preview["columns"] == {
        "source_id": "Ref",
        "title": "Intitulé",
        "body": "Ce que je propose",
        "author": "Pseudo",
    }
    assert batch.preview["mapping_source"] == "hand"
    assert not Idea.objects.exists()
    remembered = HeaderMapping.objects.get(space=idea_space)
    assert remembered.updated_by == facilitator
    with django_capture_on_commit_callbacks(execute=True):
        facilitator_client.post(f"/idees/imports/{batch.pk}/confirmer/")
    idea = Idea.objects.get()
    assert (idea.body, idea.author_name) == ("Des ateliers", "anne")

    # The next file with the same headers, in the same space, gets the same choices.
    later = ODD.replace("A1;Vélo;Des ateliers;anne", "A2;Compost;Au pied des immeubles;bob")
    second = upload(facilitator_client, idea_space, later, django_capture_on_commit_callbacks)
    assert second.preview["mapping_source"] == "remembered"
    assert second.preview["columns"]["body"] == "Ce que je propose"
    page = facilitator_client.get(f"/idees/imports/{second.pk}/").content.decode()
    assert "Les choix faits pour un fichier précédent" in page

    # Another space does not.
    other = factories.IdeaSpaceFactory(name="Autre", slug="autre")
    third = upload(facilitator_client, other, later, django_capture_on_commit_callbacks)
    assert third.preview["mapping_source"] == ""
    assert "body" not in third.preview["columns"]


def test_a_column_can_be_set_to_nothing(
    facilitator_client, idea_space, django_capture_on_commit_callbacks
):
    text = "Titre;Description;Auteur\nVélo;Des ateliers;Anne\n"
    batch = upload(facilitator_client, idea_space, text, django_capture_on_commit_callbacks)
    choice = {"column_0": "title", "column_1": "body", "column_2": ""}
    with django_capture_on_commit_callbacks(execute=True):
        facilitator_client.post(f"/idees/imports/{batch.pk}/colonnes/", choice)
    with django_capture_on_commit_callbacks(execute=True):
        facilitator_client.post(f"/idees/imports/{batch.pk}/confirmer/")
    assert Idea.objects.get().author_name == ""


@pytest.mark.parametrize(
    ("choice", "message"),
    [
        ({"column_0": "title", "column_1": "title"}, "le même champ"),
        ({"column_0": "body", "column_1": ""}, "colonne qui porte le titre"),
        ({"column_0": "title", "column_1": "nonsense"}, "Sélectionnez un choix valide"),
    ],
)
def test_an_impossible_choice_rerenders_with_a_french_message(
    facilitator_client, idea_space, django_capture_on_commit_callbacks, choice, message
):
    text = "Titre;Description\nVélo;Des ateliers\n"
    batch = upload(facilitator_client, idea_space, text, django_capture_on_commit_callbacks)
    response = facilitator_client.post(f"/idees/imports/{batch.pk}/colonnes/", choice)
    assert response.status_code == 200
    assert message in response.content.decode()
    batch.refresh_from_db()
    assert batch.mapping == {} and not HeaderMapping.objects.exists()


def test_columns_of_a_confirmed_import_cannot_change(
    facilitator_client, idea_space, django_capture_on_commit_callbacks
):
    text = "Titre;Description\nVélo;Des ateliers\n"
    batch = upload(facilitator_client, idea_space, text, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        facilitator_client.post(f"/idees/imports/{batch.pk}/confirmer/")
    response = facilitator_client.post(
        f"/idees/imports/{batch.pk}/colonnes/", {"column_0": "title", "column_1": ""}, follow=True
    )
    assert "ne peuvent plus être changées" in response.content.decode()
    assert Idea.objects.get().body == "Des ateliers"


def test_ambiguities_and_unknown_statuses_are_reported_once_with_their_count(
    facilitator_client, idea_space, django_capture_on_commit_callbacks
):
    text = (
        "Titre;Votes;Likes;Statut\n"
        "Vélo;3;4;En délibéré\nCompost;1;2;en délibéré\nJardin;0;0;Publiée\n"
    )
    batch = upload(facilitator_client, idea_space, text, django_capture_on_commit_callbacks)
    assert batch.preview["ambiguities"] == [
        {"field": "likes", "label": "j'aime", "chosen": "Votes", "others": ["Likes"]}
    ]
    assert batch.preview["unknown_statuses"] == [{"label": "En délibéré", "rows": 2}]
    page = facilitator_client.get(f"/idees/imports/{batch.pk}/").content.decode()
    assert page.count("Statut inconnu") == 1 and "(2 lignes)" in page
    assert "Plusieurs colonnes pourraient être « j&#x27;aime »" in page
    with django_capture_on_commit_callbacks(execute=True):
        facilitator_client.post(f"/idees/imports/{batch.pk}/confirmer/")
    velo = Idea.objects.get(title="Vélo")
    assert (velo.status, velo.source_status) == (Idea.Status.NEW, "En délibéré")
    assert Idea.objects.get(title="Jardin").source_status == ""
