"""Merging two ideas asks for confirmation and shows what moves; each merge is recorded
(IdeaMerge) and the facilitator can undo it: likes and comments move back and the merged
idea reappears. The merged idea's address redirects permanently while merged."""

import pytest

from ideas.models import Comment, Idea, IdeaMerge, Like
from ideas.services import merge_ideas
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def busy_twins(twin_ideas, member, carrier, facilitator):
    """The survivor has a like by `member`; the duplicate has likes by `member` (a
    duplicate) and `carrier`, two comments (one a reply), imported counts and a theme."""
    survivor, merged = twin_ideas
    Like.objects.create(idea=survivor, user=member)
    Like.objects.create(idea=merged, user=member)
    Like.objects.create(idea=merged, user=carrier)
    first = Comment.objects.create(idea=merged, author=carrier, body="Sur le doublon")
    Comment.objects.create(idea=merged, author=member, body="Une réponse", parent=first)
    Idea.objects.filter(pk=merged.pk).update(imported_likes=4, imported_comments=2)
    merged.refresh_from_db()
    merged.themes.add(factories.ThemeFactory(name="Mobilité", slug="mobilite"))
    return survivor, merged


def merge_url(idea) -> str:
    return f"/idees/espaces/{idea.space.slug}/fusionner/"


def test_the_confirmation_page_shows_what_moves_and_merges_nothing(client_as, busy_twins):
    survivor, merged = busy_twins
    response = client_as("facilitator").get(
        merge_url(survivor), {"idea": merged.pk, "into": survivor.pk}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Confirmer la fusion" in html
    assert "1 j&#x27;aime déplacé" in html or "1 j'aime déplacé" in html
    assert "1 membre a aimé les deux idées" in html
    assert "2 commentaires déplacés" in html
    assert "Compteurs importés ajoutés : 4 j&#x27;aime, 2 commentaires" in html or (
        "Compteurs importés ajoutés : 4 j'aime, 2 commentaires" in html
    )
    assert "Thèmes ajoutés : Mobilité" in html
    assert f'name="idea" value="{merged.pk}"' in html
    merged.refresh_from_db()
    assert merged.merged_into is None
    assert not IdeaMerge.objects.exists()


def test_the_analysis_page_leads_to_the_confirmation_not_to_the_merge(client_as, twin_ideas):
    survivor, _merged = twin_ideas
    html = client_as("facilitator").get(f"/idees/espaces/{survivor.space.slug}/analyse/")
    page = html.content.decode()
    assert f'<form method="get" action="{merge_url(survivor)}"' in page
    assert f'<form method="post" action="{merge_url(survivor)}"' not in page


def test_a_confirmation_for_bad_ideas_goes_back_with_a_french_error(client_as, idea):
    response = client_as("facilitator").get(
        merge_url(idea), {"idea": idea.pk, "into": idea.pk}, follow=True
    )
    assert "Choisissez deux idées différentes de cet espace." in response.content.decode()


def test_confirming_records_what_moved(client_as, busy_twins, facilitator, member, carrier):
    survivor, merged = busy_twins
    client_as("facilitator").post(merge_url(survivor), {"idea": merged.pk, "into": survivor.pk})
    record = IdeaMerge.objects.get()
    assert (record.idea, record.into, record.merged_by) == (merged, survivor, facilitator)
    assert record.moved["dropped_likes"] == [member.pk]
    assert len(record.moved["likes"]) == 1
    assert len(record.moved["comments"]) == 2
    assert (record.moved["imported_likes"], record.moved["imported_comments"]) == (4, 2)
    survivor.refresh_from_db()
    assert survivor.imported_likes == 4
    assert [t.slug for t in survivor.themes.all()] == ["mobilite"]


def test_a_merged_idea_redirects_permanently_then_reappears_once_undone(client_as, busy_twins):
    survivor, merged = busy_twins
    facilitator = client_as("facilitator")
    facilitator.post(merge_url(survivor), {"idea": merged.pk, "into": survivor.pk})
    response = client_as("anonymous").get(f"/idees/{merged.pk}/")
    assert response.status_code == 301
    assert response["Location"] == f"/idees/{survivor.pk}/"

    record = IdeaMerge.objects.get()
    response = facilitator.post(f"/idees/fusions/{record.pk}/annuler/", follow=True)
    assert f"Fusion annulée : « {merged.title} » est de retour." in response.content.decode()
    assert client_as("anonymous").get(f"/idees/{merged.pk}/").status_code == 200
    space = client_as("anonymous").get(f"/idees/espaces/{survivor.space.slug}/")
    assert {i.pk for i in space.context["page"]} == {survivor.pk, merged.pk}


def test_undoing_moves_likes_comments_counts_and_themes_back(
    client_as, busy_twins, member, carrier, facilitator
):
    survivor, merged = busy_twins
    client = client_as("facilitator")
    client.post(merge_url(survivor), {"idea": merged.pk, "into": survivor.pk})
    # After the merge, a reply to a moved comment, and a new comment on the survivor.
    moved = Comment.objects.get(body="Sur le doublon")
    Comment.objects.create(idea=survivor, author=member, body="Réponse tardive", parent=moved)
    Comment.objects.create(idea=survivor, author=member, body="Sur l'original")
    record = IdeaMerge.objects.get()
    client.post(f"/idees/fusions/{record.pk}/annuler/")

    merged.refresh_from_db()
    survivor.refresh_from_db()
    assert merged.merged_into is None
    assert set(Like.objects.filter(idea=merged).values_list("user", flat=True)) == {
        member.pk,
        carrier.pk,
    }
    assert list(Like.objects.filter(idea=survivor).values_list("user", flat=True)) == [member.pk]
    assert set(Comment.objects.filter(idea=merged).values_list("body", flat=True)) == {
        "Sur le doublon",
        "Une réponse",
        "Réponse tardive",
    }
    assert list(Comment.objects.filter(idea=survivor).values_list("body", flat=True)) == [
        "Sur l'original"
    ]
    assert (survivor.imported_likes, survivor.imported_comments) == (0, 0)
    assert not survivor.themes.exists()
    assert [t.slug for t in merged.themes.all()] == ["mobilite"]
    record.refresh_from_db()
    assert record.undone_at is not None and record.undone_by == facilitator


def test_a_merge_is_undone_once(client_as, twin_ideas):
    survivor, merged = twin_ideas
    record = merge_ideas(idea=merged, into=survivor)
    client = client_as("facilitator")
    client.post(f"/idees/fusions/{record.pk}/annuler/")
    response = client.post(f"/idees/fusions/{record.pk}/annuler/", follow=True)
    assert "Cette fusion ne peut pas être annulée" in response.content.decode()


def test_a_chain_is_undone_from_its_last_merge(client_as, idea_space, twin_ideas):
    a, b = twin_ideas
    c = factories.IdeaFactory(space=idea_space, title="Vélo-école encore")
    comment = Comment.objects.create(idea=b, body="Sur B")
    first = merge_ideas(idea=b, into=a)
    second = merge_ideas(idea=a, into=c)
    b.refresh_from_db()
    assert b.merged_into == c  # the earlier merged idea follows its survivor
    client = client_as("facilitator")
    page = client.get(f"/idees/espaces/{idea_space.slug}/analyse/").content.decode()
    assert f"/idees/fusions/{first.pk}/annuler/" not in page
    assert f"/idees/fusions/{second.pk}/annuler/" in page

    client.post(f"/idees/fusions/{first.pk}/annuler/")
    first.refresh_from_db()
    assert first.undone_at is None

    client.post(f"/idees/fusions/{second.pk}/annuler/")
    client.post(f"/idees/fusions/{first.pk}/annuler/")
    a.refresh_from_db()
    b.refresh_from_db()
    comment.refresh_from_db()
    assert (a.merged_into, b.merged_into) == (None, None)
    assert comment.idea == b


def test_undoable_agrees_with_its_python_twin(idea_space, twin_ideas):
    a, b = twin_ideas
    c = factories.IdeaFactory(space=idea_space, title="Troisième")
    merge_ideas(idea=b, into=a)
    merge_ideas(idea=a, into=c)
    undoable = set(IdeaMerge.objects.undoable().values_list("pk", flat=True))
    for record in IdeaMerge.objects.select_related("into"):
        assert record.is_undoable == (record.pk in undoable)


def test_the_analysis_lists_merges_without_a_query_per_merge(
    client_as, idea_space, django_assert_max_num_queries
):
    client = client_as("facilitator")
    for n in range(12):
        keep = factories.IdeaFactory(space=idea_space, title=f"Idée gardée {n}")
        merge_ideas(idea=factories.IdeaFactory(space=idea_space, title=f"Doublon {n}"), into=keep)
    with django_assert_max_num_queries(20):
        response = client.get(f"/idees/espaces/{idea_space.slug}/analyse/")
    assert len(response.context["merges"]) == 12
    assert response.content.decode().count("Annuler la fusion") == 12
