"""A comment or a reply posted says so in French (issue 15): by a message after a plain
post, by the live region's sentence after an HTMX one."""

import json

import pytest

from ideas.models import Comment

pytestmark = pytest.mark.django_db


def test_a_comment_posted_is_confirmed_on_the_idea_page(client_as, idea):
    response = client_as("member").post(
        f"/idees/{idea.pk}/commenter/", {"body": "Premier"}, follow=True
    )
    assert "Votre commentaire est publié." in response.text


def test_a_reply_posted_is_confirmed_as_a_reply(client_as, idea, member_comment):
    response = client_as("member").post(
        f"/idees/{idea.pk}/commenter/",
        {"body": "Je réponds", "parent": member_comment.pk},
        follow=True,
    )
    assert "Votre réponse est publiée." in response.text
    assert Comment.objects.get(body="Je réponds").parent == member_comment


def test_a_comment_posted_through_htmx_is_announced(client_as, idea):
    response = client_as("member").post(
        f"/idees/{idea.pk}/commenter/", {"body": "Premier"}, headers={"HX-Request": "true"}
    )
    assert json.loads(response.headers["HX-Trigger"]) == {"announce": "Commentaire publié"}
