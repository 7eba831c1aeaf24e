"""The moderation page lists only the comments reported and not yet decided on, each with
its reports' reasons."""

import pytest

from ideas.models import Comment, CommentReport
from tests import factories

pytestmark = pytest.mark.django_db


def report(comment, reason="", user=None):
    return CommentReport.objects.create(
        comment=comment, user=user or factories.UserFactory(), reason=reason
    )


def test_only_reported_comments_are_listed_with_their_reasons(client_as, idea, member):
    quiet = Comment.objects.create(idea=idea, author=member, body="Un avis paisible")
    reported = Comment.objects.create(idea=idea, author=member, body="Un avis contesté")
    report(reported, "Propos blessants")
    report(reported, "Hors sujet")
    report(reported)
    page = client_as("facilitator").get("/idees/moderation/")
    html = page.content.decode()
    assert list(page.context["reported"]) == [reported]
    assert quiet.body not in html
    assert "3 signalements" in html
    assert "« Propos blessants »" in html and "« Hors sujet »" in html
    assert "(sans motif)" in html


def test_a_decided_comment_leaves_the_list_and_a_new_report_brings_it_back(client_as, idea, member):
    comment = Comment.objects.create(idea=idea, author=member, body="Avis")
    report(comment, "Ancien motif")
    facilitator = client_as("facilitator")
    facilitator.post(
        f"/idees/commentaires/{comment.pk}/moderer/", {"action": "show", "next": "moderation"}
    )
    assert not facilitator.get("/idees/moderation/").context["reported"]
    report(comment, "Nouveau motif")
    html = facilitator.get("/idees/moderation/").content.decode()
    assert "« Nouveau motif »" in html
    assert "Ancien motif" not in html
    assert "1 signalement" in html


def test_the_most_reported_comes_first(client_as, idea, member):
    once = Comment.objects.create(idea=idea, author=member, body="Une fois")
    twice = Comment.objects.create(idea=idea, author=member, body="Deux fois")
    report(once)
    report(twice)
    report(twice)
    page = client_as("facilitator").get("/idees/moderation/")
    assert list(page.context["reported"]) == [twice, once]


def test_the_moderation_page_runs_no_query_per_comment(
    client_as, idea, member, django_assert_max_num_queries
):
    client = client_as("facilitator")
    for n in range(25):
        comment = Comment.objects.create(idea=idea, author=member, body=f"Avis {n}")
        report(comment, f"Motif {n}")
    with django_assert_max_num_queries(10):
        response = client.get("/idees/moderation/")
    assert len(response.context["reported"]) == 25
    assert "« Motif 24 »" in response.content.decode()
