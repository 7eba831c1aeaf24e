"""Each HTMX answer of the ideas pages carries what the live region will say (issue 15)."""

import json

import pytest

from tests import factories

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


def test_a_like_through_htmx_announces_it_and_keeps_the_buttons_id(client_as, idea):
    client = client_as("member")
    body = client.post(f"/idees/{idea.pk}/aimer/", headers=HTMX).content.decode()
    assert 'data-announce="Vous aimez cette idée (1 j\'aime)"' in body
    assert f'id="like-button-{idea.pk}"' in body
    body = client.post(f"/idees/{idea.pk}/ne-plus-aimer/", headers=HTMX).content.decode()
    assert 'data-announce="Vous n\'aimez plus cette idée"' in body


def test_a_posted_comment_is_announced_by_the_hx_trigger_header(client_as, idea):
    response = client_as("member").post(
        f"/idees/{idea.pk}/commenter/", {"body": "Bravo"}, headers=HTMX
    )
    assert json.loads(response["HX-Trigger"]) == {"announce": "Commentaire publié"}


def test_a_refused_comment_announces_its_french_error(client_as, idea):
    response = client_as("member").post(f"/idees/{idea.pk}/commenter/", {"body": ""}, headers=HTMX)
    assert "HX-Trigger" not in response
    assert 'data-announce="Le commentaire est vide."' in response.content.decode()


def test_filtered_ideas_announce_their_count(client, idea_space, idea):
    factories.IdeaFactory.create_batch(1, space=idea_space)
    response = client.get(f"/idees/espaces/{idea_space.slug}/", headers=HTMX)
    assert 'data-announce="2 idées"' in response.content.decode()
