from datetime import timedelta

import pytest
from django.core import mail, signing
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.utils import timezone, translation

from alliance.models import Job
from network.following import digests
from network.following.news import news_for
from network.following.preferences import unsubscribe_token
from network.models import Follow, Subscriber
from projects.models import Project
from tests import factories
from tests.smtp import html_of, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def theme(db):
    return factories.ThemeFactory(name="Mobilité", slug="mobilite")


def _member_client(client, user):
    client.force_login(user)
    return client


def test_a_member_follows_a_theme_through_htmx_and_gets_the_button_back(client, member, theme):
    _member_client(client, member)
    response = client.post(
        f"/abonnements/suivre/theme/{theme.pk}/", {"next": "/"}, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert f'id="follow-theme-{theme.pk}"' in body
    assert "Ne plus suivre « Mobilité »" in body
    assert Follow.objects.filter(user=member, theme=theme).count() == 1


def test_following_twice_keeps_one_follow(client, member, theme):
    _member_client(client, member)
    client.post(f"/abonnements/suivre/theme/{theme.pk}/")
    client.post(f"/abonnements/suivre/theme/{theme.pk}/")
    assert Follow.objects.filter(user=member).count() == 1


def test_without_javascript_following_redirects_back(client, member, theme):
    _member_client(client, member)
    response = client.post(f"/abonnements/suivre/theme/{theme.pk}/", {"next": "/projets/"})
    assert response.status_code == 302
    assert response["Location"] == "/projets/"
    response = client.post(
        f"/abonnements/ne-plus-suivre/theme/{theme.pk}/", {"next": "https://evil.example/"}
    )
    assert response["Location"] == "/abonnements/"
    assert not Follow.objects.filter(user=member).exists()


def test_a_member_cannot_follow_someone_elses_draft(client, member):
    draft = factories.ProjectFactory(state=Project.State.DRAFT)
    _member_client(client, member)
    assert client.post(f"/abonnements/suivre/project/{draft.pk}/").status_code == 404
    assert client.post("/abonnements/suivre/organisation/1/").status_code == 404


def test_the_follow_button_tag_renders_for_members_and_visitors(member, theme):
    template = Template("{% load network_tags %}{% follow_button obj %}")
    request = RequestFactory().get("/themes/")
    request.user = member
    html = template.render(Context({"obj": theme, "request": request, "csrf_token": "tok"}))
    assert f'action="/abonnements/suivre/theme/{theme.pk}/"' in html
    assert 'hx-post="' in html
    Follow.objects.create(user=member, theme=theme)
    html = template.render(Context({"obj": theme, "request": request, "csrf_token": "tok"}))
    assert f'action="/abonnements/ne-plus-suivre/theme/{theme.pk}/"' in html
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    html = template.render(Context({"obj": theme, "request": request}))
    assert "Se connecter pour suivre" in html
    assert "<form" not in html


def test_the_subscriptions_page_saves_what_is_picked(client, member, theme):
    commune = factories.CommuneFactory(name="Colomiers")
    circle = factories.CircleFactory(name="Cercle mobilité")
    project = factories.ProjectFactory(title="Covoiturage")
    space = factories.IdeaSpaceFactory(name="Idées mobilité")
    old = factories.ThemeFactory(name="Ancien")
    Follow.objects.create(user=member, theme=old)
    _member_client(client, member)
    response = client.post(
        "/abonnements/",
        {
            "theme": [theme.pk],
            "commune": [commune.pk],
            "circle": [circle.pk],
            "project": [project.pk],
            "space": [space.pk],
        },
    )
    assert response.status_code == 302
    targets = Follow.objects.targets(member)
    assert targets == {
        "theme": {theme.pk},
        "commune": {commune.pk},
        "circle": {circle.pk},
        "project": {project.pk},
        "space": {space.pk},
    }
    assert Subscriber.of(member).weekly_digest is False  # the box was left unticked
    page = client.get("/abonnements/").content.decode()
    for name in ["Mobilité", "Colomiers", "Cercle mobilité", "Covoiturage", "Idées mobilité"]:
        assert f"Ne plus suivre « {name} »" in page


def test_the_subscriptions_page_refuses_a_draft_in_french(client, member):
    draft = factories.ProjectFactory(state=Project.State.DRAFT)
    _member_client(client, member)
    response = client.post("/abonnements/", {"project": [draft.pk], "weekly_digest": "on"})
    assert response.status_code == 200
    assert "n&#x27;est pas disponible" in response.content.decode()
    assert not Follow.objects.filter(user=member).exists()


def _news_world(member, theme):
    circle = factories.CircleFactory(name="Cercle suivi")
    space = factories.IdeaSpaceFactory(name="Espace suivi")
    Follow.objects.create(user=member, theme=theme)
    Follow.objects.create(user=member, circle=circle)
    Follow.objects.create(user=member, space=space)
    themed = factories.ProjectFactory(title="Projet du thème")
    themed.themes.add(theme)
    factories.ProjectFactory(title="Projet hors sujet")
    hidden = factories.ProjectFactory(title="Brouillon du thème", state=Project.State.DRAFT)
    hidden.themes.add(theme)
    factories.MeetingFactory(circle=circle, title="Réunion du cercle")
    factories.MeetingFactory(title="Réunion ailleurs")
    factories.IdeaFactory(space=space, title="Idée de l'espace")
    factories.IdeaFactory(title="Idée ailleurs")
    factories.MilestoneFactory(circle=circle, title="Jalon du cercle")
    return circle


def _titles(groups):
    return {g.key: [str(item) for item in g.items] for g in groups}


def test_news_are_what_changed_in_what_is_followed(member, theme):
    _news_world(member, theme)
    groups = news_for(member, timezone.now() - timedelta(days=1))
    assert _titles(groups) == {
        "projects": ["Projet du thème"],
        "meetings": ["Réunion du cercle"],
        "ideas": ["Idée de l'espace"],
        "milestones": ["Jalon du cercle"],
    }
    later = news_for(member, timezone.now() + timedelta(seconds=1))
    assert _titles(later) == {"milestones": ["Jalon du cercle"]}  # upcoming, not "changed"


def test_the_notification_page_shows_news_since_the_last_visit(client, member, theme):
    _news_world(member, theme)
    _member_client(client, member)
    body = client.get("/notifications/").content.decode()
    assert "Projet du thème" in body
    assert "Réunion du cercle" in body
    assert "Projet hors sujet" not in body
    assert "Brouillon du thème" not in body
    again = client.get("/notifications/").content.decode()
    assert "Projet du thème" in again  # opening the page marks nothing: a GET writes nothing
    assert 'name="shown_at"' in again
    assert client.post("/notifications/", {"shown_at": "not a date"}).status_code == 302
    seen = client.get("/notifications/").content.decode()
    assert "Projet du thème" not in seen  # marked as read


def test_marking_read_keeps_what_arrived_after_the_page_was_shown(client, member, theme):
    _news_world(member, theme)
    _member_client(client, member)
    shown_at = timezone.now() - timedelta(hours=1)  # the page was shown an hour ago
    client.post("/notifications/", {"shown_at": shown_at.isoformat()})
    assert Subscriber.objects.get(user=member).notifications_seen_at == shown_at
    body = client.get("/notifications/").content.decode()
    assert "Projet du thème" in body  # published since: still news


def test_notifications_cost_the_same_with_few_or_many_follows(
    client, member, theme, django_assert_num_queries
):
    _news_world(member, theme)
    _member_client(client, member)
    client.post("/notifications/")  # creates the subscriber row
    Subscriber.objects.filter(user=member).update(notifications_seen_at=None)
    with django_assert_num_queries(10):
        client.get("/notifications/")
    for _ in range(20):
        Follow.objects.create(user=member, theme=factories.ThemeFactory())
        Follow.objects.create(user=member, project=factories.ProjectFactory())
        Follow.objects.create(user=member, circle=factories.CircleFactory())
    Subscriber.objects.filter(user=member).update(notifications_seen_at=None)
    with django_assert_num_queries(10):
        client.get("/notifications/")


def test_the_weekly_digest_mails_each_follower_once_with_an_unsubscribe_link(
    member, theme, django_capture_on_commit_callbacks
):
    _news_world(member, theme)
    quiet = factories.UserFactory(email="calme@example.org")
    Follow.objects.create(user=quiet, theme=factories.ThemeFactory())  # nothing new there
    with django_capture_on_commit_callbacks(execute=True):
        assert digests.send_weekly_digests() == 2
    assert Job.objects.filter(name="network.following.digests.send_digest").count() == 2
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [member.email]
    assert "Projet du thème" in message.body
    assert "Idée de l'espace" in message.body
    link = f"/abonnements/desinscription/{unsubscribe_token(member)}/"
    assert link in message.body
    assert link in message.alternatives[0][0]
    with django_capture_on_commit_callbacks(execute=True):
        digests.send_weekly_digests()  # a second run the same week sends nothing
    assert len(mail.outbox) == 1


def test_the_digest_speaks_the_language_the_member_picked(
    member, theme, django_capture_on_commit_callbacks
):
    _news_world(member, theme)
    member.language = "en"
    member.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        digests.send_weekly_digests()
    (message,) = mail.outbox
    assert message.subject.endswith("This week's news in what you follow")
    assert "Here is what is new in what you follow" in message.body
    assert "Projet du thème" in message.body  # the members' own words stay as written
    assert translation.get_language() == "fr"  # the job leaves the thread as it found it


def test_the_digest_skips_members_who_unsubscribed(member, theme):
    _news_world(member, theme)
    Subscriber.of(member).unsubscribe()
    assert digests.send_weekly_digests() == 0
    assert digests.send_digest(user_id=member.pk) is False
    assert mail.outbox == []


def test_the_beat_task_runs_the_network_digest(member, theme, django_capture_on_commit_callbacks):
    from alliance.tasks import send_weekly_digests

    _news_world(member, theme)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_weekly_digests() == 1
    assert len(mail.outbox) == 1


def test_unsubscribing_works_without_login_after_confirming(client, member):
    url = f"/abonnements/desinscription/{unsubscribe_token(member)}/"
    page = client.get(url)
    assert "Me désinscrire" in page.content.decode()
    assert Subscriber.of(member).weekly_digest is True
    done = client.post(url)
    assert done.status_code == 200
    assert "vous ne recevrez plus" in done.content.decode()
    assert Subscriber.of(member).weekly_digest is False


def test_a_forged_unsubscribe_link_changes_nothing(client, member):
    token = unsubscribe_token(member)
    response = client.post(f"/abonnements/desinscription/{token[:-2]}xx/")
    assert response.status_code == 400
    assert Subscriber.of(member).weekly_digest is True


def test_the_digest_reaches_a_mail_client_with_one_click_unsubscribe(
    smtp, member, theme, django_capture_on_commit_callbacks
):
    _news_world(member, theme)
    with django_capture_on_commit_callbacks(execute=True):
        digests.send_weekly_digests()

    (message,) = smtp.messages
    assert message["Message-ID"].endswith("@alliance.example.org>")
    assert message["List-Id"] == "Alliance <resume.alliance.example.org>"
    https, mailto = (p.strip(" <>") for p in message["List-Unsubscribe"].split(","))
    assert mailto.startswith("mailto:") and "subject=unsubscribe" in mailto
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text = text_of(message)
    assert "Idée de l'espace" in text and "&#x27;" not in text
    assert https in text and https in html_of(message)

    client = Client(enforce_csrf_checks=True)  # a mail client's POST carries no CSRF token
    path = https.removeprefix("https://alliance.example.org")
    assert "Me désinscrire" in client.get(path).content.decode()
    assert Subscriber.of(member).weekly_digest is True  # opening the page changes nothing
    for _attempt in range(2):
        response = client.post(
            path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
        )
        assert response.status_code == 200
    assert Subscriber.of(member).weekly_digest is False


def test_an_older_digest_link_still_unsubscribes(client, member):
    old = signing.Signer(salt="network.digest-unsubscribe").sign(str(member.pk))
    assert client.post(f"/abonnements/desinscription/{old}/").status_code == 200
    assert Subscriber.of(member).weekly_digest is False
