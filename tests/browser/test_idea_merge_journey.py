"""The facilitator merges two look-alike ideas after a confirmation that says what moves,
then undoes the merge: every page on the way is axe-clean."""

import re

import pytest

from ideas.models import Comment, Idea, IdeaMerge, Like
from tests import factories
from tests.browser.conftest import assert_accessible, at_once

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
@at_once
def twins(db, member):
    space = factories.IdeaSpaceFactory(name="Réunion de lancement", slug="lancement")
    kept = factories.IdeaFactory(space=space, title="Une vélo-école pour adultes")
    duplicate = factories.IdeaFactory(space=space, title="Une velo ecole pour adultes !")
    Like.objects.create(idea=duplicate, user=member)
    Comment.objects.create(idea=duplicate, author=member, body="Je peux aider")
    return space, kept, duplicate


def test_facilitator_merges_after_confirmation_then_undoes(page, login, visit, facilitator, twins):
    space, kept, duplicate = twins
    login(facilitator)
    visit(f"/idees/espaces/{space.slug}/analyse/")
    page.locator(f"#pair-{kept.pk}-{duplicate.pk}, #pair-{duplicate.pk}-{kept.pk}").get_by_role(
        "button", name=re.compile(f"{re.escape(duplicate.title)} → {re.escape(kept.title)}")
    ).click()
    page.wait_for_url(re.compile(r"/fusionner/\?"))
    assert page.get_by_role("heading", name="Confirmer la fusion").is_visible()
    moves = page.locator("#merge-moves").inner_text()
    assert "1 j'aime déplacé" in moves
    assert "1 commentaire déplacé" in moves
    assert_accessible(page)
    assert Idea.objects.get(pk=duplicate.pk).merged_into is None

    page.get_by_role("button", name="Fusionner", exact=True).click()
    page.wait_for_url(re.compile(r"/analyse/$"))
    assert f"Idées fusionnées dans « {kept.title} »" in page.content()
    assert Idea.objects.get(pk=duplicate.pk).merged_into_id == kept.pk
    assert_accessible(page)

    page.get_by_role("button", name=re.compile("Annuler la fusion")).click()
    page.wait_for_url(re.compile(r"/analyse/$"))
    assert "est de retour" in page.content()
    assert "Annulée le" in page.content()
    assert_accessible(page)
    assert Idea.objects.get(pk=duplicate.pk).merged_into is None
    assert Like.objects.get().idea_id == duplicate.pk
    assert Comment.objects.get().idea_id == duplicate.pk
    assert IdeaMerge.objects.get().undone_at is not None

    visit(f"/idees/{duplicate.pk}/")
    assert page.get_by_role("heading", name=duplicate.title).is_visible()
