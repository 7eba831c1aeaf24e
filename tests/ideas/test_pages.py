"""The idea space and idea pages through the client: sorting, filters, likes, comments."""

from datetime import timedelta

import pytest
from django.utils import timezone

from ideas.models import Comment, Idea, Like
from tests import factories

pytestmark = pytest.mark.django_db


def make_ideas(space, n, *, theme=None):
    ideas = Idea.objects.bulk_create(
        Idea(space=space, title=f"Idée {i}", body="Texte", imported_likes=i % 7) for i in range(n)
    )
    if theme:
        Idea.themes.through.objects.bulk_create(
            Idea.themes.through(idea_id=idea.pk, theme_id=theme.pk) for idea in ideas
        )
    return ideas


def titles(response):
    return [idea.title for idea in response.context["page"]]


def test_space_page_sorts_by_likes_and_comments(client, idea_space, member):
    """Most liked counts the platform's likes and the imported ones together."""
    a = factories.IdeaFactory(space=idea_space, title="Aimée ici", imported_likes=1)
    factories.IdeaFactory(space=idea_space, title="Aimée sur Colidée", imported_likes=2)
    Like.objects.create(idea=a, user=member)
    Like.objects.create(idea=a, user=factories.UserFactory())
    factories.IdeaFactory(space=idea_space, title="Commentée", imported_comments=9)
    url = f"/idees/espaces/{idea_space.slug}/"
    assert titles(client.get(url, {"tri": "likes"})) == [
        "Aimée ici",
        "Aimée sur Colidée",
        "Commentée",
    ]
    assert titles(client.get(url, {"tri": "comments"}))[0] == "Commentée"
    assert titles(client.get(url)) == ["Commentée", "Aimée sur Colidée", "Aimée ici"]


def test_space_page_filters_by_theme_and_status(client, idea_space):
    energy = factories.ThemeFactory(name="Énergie", slug="energie")
    solar = factories.IdeaFactory(space=idea_space, title="Solaire", status="retenue")
    solar.themes.add(energy)
    factories.IdeaFactory(space=idea_space, title="Autre")
    url = f"/idees/espaces/{idea_space.slug}/"
    assert titles(client.get(url, {"theme": "energie"})) == ["Solaire"]
    assert titles(client.get(url, {"statut": "retenue"})) == ["Solaire"]
    assert titles(client.get(url, {"statut": "ecartee"})) == []


def test_an_invalid_filter_is_ignored_and_explained(client, idea_space, idea):
    response = client.get(f"/idees/espaces/{idea_space.slug}/", {"tri": "n'importe", "theme": "x"})
    assert response.status_code == 200
    assert titles(response) == [idea.title]
    assert "Sélectionnez un choix valide" in response.content.decode()


def test_htmx_request_returns_rows_only(client, idea_space, idea):
    response = client.get(
        f"/idees/espaces/{idea_space.slug}/", {"tri": "likes"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="idea-rows"')
    assert "<header" not in html
    assert idea.title in html


def test_a_history_restore_gets_the_whole_page(client, idea_space, idea):
    response = client.get(
        f"/idees/espaces/{idea_space.slug}/",
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )
    assert "<header" in response.content.decode()


def test_the_filter_form_carries_its_choice_in_the_url(client, idea_space):
    html = client.get(f"/idees/espaces/{idea_space.slug}/").content.decode()
    assert 'hx-push-url="true"' in html
    assert 'method="get"' in html


@pytest.mark.parametrize("n", [10, 300])
def test_space_page_queries_do_not_grow_with_ideas(
    client, idea_space, n, django_assert_num_queries
):
    theme = factories.ThemeFactory(name="Énergie", slug="energie")
    make_ideas(idea_space, n, theme=theme)
    # space, count, page of ideas, their themes, the theme choices of the filter form
    with django_assert_num_queries(5):
        response = client.get(f"/idees/espaces/{idea_space.slug}/", {"tri": "likes"})
    assert len(response.context["page"]) == min(n, 30)


@pytest.mark.parametrize("n", [10, 300])
def test_idea_page_queries_do_not_grow(client, member, idea_space, n, django_assert_num_queries):
    ideas = make_ideas(idea_space, n)
    target = ideas[0]
    comments = Comment.objects.bulk_create(
        Comment(idea=target, author=member, body=f"c{i}") for i in range(n // 10)
    )
    Comment.objects.bulk_create(
        Comment(idea=target, author=member, body="r", parent=c) for c in comments
    )
    Like.objects.create(idea=target, user=member)
    client.force_login(member)
    # idea with counts, comments, session, user, 2 permission lookups, liked?, themes
    with django_assert_num_queries(8):
        response = client.get(f"/idees/{target.pk}/")
    assert response.context["idea"].like_total == 1 + target.imported_likes


def test_spaces_list_queries_do_not_grow(client, django_assert_num_queries):
    for i in range(5):
        make_ideas(factories.IdeaSpaceFactory(name=f"E{i}"), 3)
    with django_assert_num_queries(1):
        response = client.get("/idees/")
    assert len(response.context["spaces"]) == 5


def test_private_space_is_hidden_from_the_list_for_visitors(client, private_space, idea_space):
    response = client.get("/idees/")
    assert [s.slug for s in response.context["spaces"]] == [idea_space.slug]


def test_imported_html_is_shown_escaped(client, idea_space):
    idea = factories.IdeaFactory(
        space=idea_space, title="<img src=x onerror=alert(1)>", body="<script>alert(1)</script>"
    )
    html = client.get(f"/idees/{idea.pk}/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img src=x" not in html
    space_html = client.get(f"/idees/espaces/{idea_space.slug}/").content.decode()
    assert "<img src=x" not in space_html


def test_a_member_likes_and_unlikes_through_htmx(client, member, idea):
    client.force_login(member)
    response = client.post(f"/idees/{idea.pk}/aimer/", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert '<span class="like-total">1</span>' in html
    assert 'aria-pressed="true"' in html
    client.post(f"/idees/{idea.pk}/aimer/", headers={"HX-Request": "true"})
    assert Like.objects.filter(idea=idea).count() == 1  # one per member
    response = client.post(f"/idees/{idea.pk}/ne-plus-aimer/", headers={"HX-Request": "true"})
    assert '<span class="like-total">0</span>' in response.content.decode()
    assert not Like.objects.exists()


def test_a_plain_like_redirects_to_the_idea(client, member, idea):
    client.force_login(member)
    response = client.post(f"/idees/{idea.pk}/aimer/")
    assert response["Location"] == f"/idees/{idea.pk}/"


def test_the_idea_page_offers_its_stable_link_and_share_buttons(client, idea):
    html = client.get(f"/idees/{idea.pk}/").content.decode()
    assert f'value="http://testserver/idees/{idea.pk}/"' in html
    assert "js-copy-link" in html and "js-share" in html
    assert "js/ideas.js" in html


def test_a_member_posts_an_idea_in_an_open_space(client, member, idea_space):
    client.force_login(member)
    response = client.post(
        f"/idees/espaces/{idea_space.slug}/proposer/",
        {"title": "Un composteur", "body": "Dans chaque quartier"},
    )
    idea = Idea.objects.get(title="Un composteur")
    assert response["Location"] == idea.get_absolute_url()
    assert idea.author == member.person
    assert idea.source == Idea.Source.PLATFORM


def test_a_bad_idea_form_rerenders_in_french_and_saves_nothing(client, member, idea_space):
    client.force_login(member)
    response = client.post(f"/idees/espaces/{idea_space.slug}/proposer/", {"title": ""})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Donnez un titre à votre idée." in html
    assert "Décrivez votre idée" in html
    assert not Idea.objects.exists()


def test_replies_stay_one_level_deep(client, member, idea):
    client.force_login(member)
    client.post(f"/idees/{idea.pk}/commenter/", {"body": "Premier"})
    first = Comment.objects.get()
    client.post(f"/idees/{idea.pk}/commenter/", {"body": "Réponse", "parent": first.pk})
    reply = Comment.objects.get(body="Réponse")
    client.post(f"/idees/{idea.pk}/commenter/", {"body": "Sous-réponse", "parent": reply.pk})
    assert Comment.objects.get(body="Sous-réponse").parent == first
    html = client.get(f"/idees/{idea.pk}/").content.decode()
    assert html.index("Premier") < html.index("Réponse") < html.index("Sous-réponse")


def test_htmx_comment_returns_the_comment_section(client, member, idea):
    client.force_login(member)
    response = client.post(
        f"/idees/{idea.pk}/commenter/", {"body": "Oui"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="comments"')
    assert "Oui" in html
    empty = client.post(
        f"/idees/{idea.pk}/commenter/", {"body": "  "}, headers={"HX-Request": "true"}
    )
    assert "Le commentaire est vide." in empty.content.decode()
    assert Comment.objects.count() == 1


def test_the_author_edits_within_15_minutes_only(client, member, member_comment):
    client.force_login(member)
    url = f"/idees/commentaires/{member_comment.pk}/modifier/"
    client.post(url, {"body": "Corrigé"})
    member_comment.refresh_from_db()
    assert member_comment.body == "Corrigé" and member_comment.edited_at
    Comment.objects.filter(pk=member_comment.pk).update(
        created_at=timezone.now() - timedelta(minutes=16)
    )
    assert client.post(url, {"body": "Trop tard"}).status_code == 403
    member_comment.refresh_from_db()
    assert member_comment.body == "Corrigé"


def test_a_reported_comment_reaches_moderation_and_can_be_hidden(client_as, member_comment, idea):
    carrier = client_as("carrier")
    carrier.post(f"/idees/commentaires/{member_comment.pk}/signaler/", {"reason": "hors sujet"})
    facilitator = client_as("facilitator")
    page = facilitator.get("/idees/moderation/")
    assert list(page.context["reported"]) == [member_comment]
    facilitator.post(
        f"/idees/commentaires/{member_comment.pk}/moderer/",
        {"action": "hide", "next": "moderation"},
    )
    assert not facilitator.get("/idees/moderation/").context["reported"]
    assert "Bonne idée" not in carrier.get(f"/idees/{idea.pk}/").content.decode()
    assert "Bonne idée" in facilitator.get(f"/idees/{idea.pk}/").content.decode()


def test_the_facilitator_answers_and_changes_status(client_as, idea):
    facilitator = client_as("facilitator")
    facilitator.post(f"/idees/{idea.pk}/reponse/", {"status": "etude", "answer": "On regarde."})
    idea.refresh_from_db()
    assert (idea.status, idea.answer) == ("etude", "On regarde.")
    assert "On regarde." in client_as("anonymous").get(f"/idees/{idea.pk}/").content.decode()


def test_a_hidden_idea_is_gone_for_members(client_as, idea):
    client_as("facilitator").post(f"/idees/{idea.pk}/moderer/", {"action": "hide"})
    assert client_as("member").get(f"/idees/{idea.pk}/").status_code == 404
    assert client_as("facilitator").get(f"/idees/{idea.pk}/").status_code == 200


def test_the_space_page_newest_first_order_has_its_own_index():
    # On PostgreSQL the page reads the first ideas of the space in index order instead of
    # sorting the whole space: the index must follow the page's default sort.
    recent = Idea.objects.sorted_by("recent").query.order_by
    index = next(i for i in Idea._meta.indexes if i.name == "ideas_idea_space_recent_idx")
    assert list(index.fields) == ["space", *(f.replace("-pk", "-id") for f in recent)]
