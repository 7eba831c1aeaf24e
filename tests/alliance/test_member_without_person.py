"""A member whose account was made outside sign-up (in the admin, by `createsuperuser` or a
command) has no actors.Person at first. They are a member everywhere all the same: logging
in gives them one, and for a session opened before that existed, every form that needs it
makes it on POST. Never "Connectez-vous" while logged in, never a loop, and GETs stay
read-only."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.utils import timezone

from actors.models import Person
from alliance.models import User
from circles.models import DatePoll, Membership, PollAnswer, PollSlot, Registration
from ideas.models import Idea
from projects.models import Project
from tests import factories
from tests.get_writes import row_counts

pytestmark = pytest.mark.django_db

PASSWORD = "motdepasse-solide-42"
LOGIN_PROMPTS = ("Connectez-vous", "Se connecter")


def _log_in(client, email: str) -> None:
    response = client.post("/compte/login/", {"login": email, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()


@pytest.fixture
def bare_member(client):
    """An account made in the admin, logged in before its person existed (or whose person
    was removed since): the session is open, the register entry is missing."""
    user = User.objects.create_user("sans-fiche@example.org", PASSWORD, first_name="Sacha")
    user.last_name = "Sansfiche"
    user.save(update_fields=["last_name"])
    client.force_login(user)
    Person.objects.filter(user=user).delete()
    user.refresh_from_db()
    return user


def test_logging_in_gives_an_admin_made_account_its_person_and_address(client):
    user = User.objects.create_user("admin-fait@example.org", PASSWORD, first_name="Alix")
    assert not Person.objects.filter(user=user).exists()
    _log_in(client, "admin-fait@example.org")
    person = Person.objects.get(user=user)
    assert (person.first_name, person.email) == ("Alix", "admin-fait@example.org")
    assert EmailAddress.objects.filter(user=user, email="admin-fait@example.org").exists()
    _log_in(client, "admin-fait@example.org")  # a second login makes no second person
    assert Person.objects.filter(user=user).count() == 1


def test_a_superuser_made_by_createsuperuser_gets_a_person_at_login(client, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", PASSWORD)
    call_command("createsuperuser", interactive=False, email="root@example.org", verbosity=0)
    _log_in(client, "root@example.org")
    assert Person.objects.filter(user__email="root@example.org").exists()
    body = client.get("/compte/profil/").content.decode()
    assert not any(prompt in body for prompt in LOGIN_PROMPTS)


def test_member_pages_never_ask_a_member_without_person_to_log_in(client, bare_member):
    circle = factories.CircleFactory(slug="cercle-ouvert")
    meeting = factories.MeetingFactory(circle=circle)
    space = factories.IdeaSpaceFactory(slug="espace", is_open=True, is_public=True)
    idea = factories.IdeaFactory(space=space)
    factories.NeedFactory(project=factories.ProjectFactory(state=Project.State.PUBLISHED))
    poll = DatePoll.objects.create(circle=circle, title="Prochain cercle")
    start = timezone.now() + timedelta(days=20)
    PollSlot.objects.create(poll=poll, start=start, end=start + timedelta(hours=2))
    pages = [
        "/compte/profil/",
        "/projets/proposer/",
        meeting.get_absolute_url(),
        circle.get_absolute_url(),
        poll.get_absolute_url(),
        space.get_absolute_url(),
        f"/idees/espaces/{space.slug}/proposer/",
        idea.get_absolute_url(),
        "/besoins/",
        "/agenda/preferences/",
        "/abonnements/",
        "/notifications/",
    ]
    for url in pages:
        before = row_counts()
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert not any(prompt in body for prompt in LOGIN_PROMPTS), url
        assert row_counts() == before, f"GET {url} wrote rows"
    assert "Viendrez-vous ?" in client.get(meeting.get_absolute_url()).content.decode()
    assert "Je peux aider" in client.get("/besoins/").content.decode()
    assert "Prochain cercle" in client.get(circle.get_absolute_url()).content.decode()  # polls
    assert not Person.objects.filter(user=bare_member).exists()


def test_a_member_without_person_registers_for_a_meeting_and_the_person_is_made(
    client, bare_member
):
    meeting = factories.MeetingFactory()
    response = client.post(f"/cercles/reunions/{meeting.pk}/inscription/", {"answer": "oui"})
    assert response.status_code == 302
    person = Person.objects.get(user=bare_member)
    assert person.full_name == "Sacha Sansfiche"
    assert Registration.objects.get(meeting=meeting).person == person
    body = client.get(meeting.get_absolute_url()).content.decode()
    assert "Votre réponse" in body


def test_a_member_without_person_asks_to_join_a_circle(client, bare_member):
    circle = factories.CircleFactory(slug="cercle-ouvert", open_to_join=True)
    response = client.post(f"/cercles/{circle.slug}/rejoindre/")
    assert response.status_code == 302
    assert Membership.objects.get(circle=circle).person.user == bare_member


def test_a_member_without_person_answers_a_date_poll(client, bare_member):
    poll = DatePoll.objects.create(circle=factories.CircleFactory(), title="Prochain cercle")
    start = timezone.now() + timedelta(days=20)
    slot = PollSlot.objects.create(poll=poll, start=start, end=start + timedelta(hours=2))
    response = client.post(poll.get_absolute_url(), {f"slot_{slot.pk}": "oui"})
    assert response.status_code == 302
    assert PollAnswer.objects.get(slot=slot).person.user == bare_member


def test_a_member_without_person_proposes_an_idea_signed_with_their_name(client, bare_member):
    space = factories.IdeaSpaceFactory(slug="espace", is_open=True)
    response = client.post(
        f"/idees/espaces/{space.slug}/proposer/", {"title": "Un titre", "body": "Un texte"}
    )
    assert response.status_code == 302
    idea = Idea.objects.get(title="Un titre")
    assert idea.author == Person.objects.get(user=bare_member)


def test_a_member_without_person_proposes_a_project_and_is_its_referent(client, bare_member):
    data = {
        "title": "Jardin partagé",
        "summary": "Un jardin pour le quartier.",
        "description": "Ouvert à tous.",
        "phase": "idee",
        "phase_status": "en_cours",
    }
    response = client.post("/projets/proposer/", data)
    assert response.status_code == 302, response.content.decode()
    assert Project.objects.get(title="Jardin partagé").referent.user == bare_member


def test_a_member_without_person_likes_and_comments_an_idea(client, bare_member):
    idea = factories.IdeaFactory()
    assert client.post(f"/idees/{idea.pk}/aimer/").status_code == 302
    assert client.post(f"/idees/{idea.pk}/commenter/", {"body": "Bonne idée"}).status_code == 302
    body = client.get(idea.get_absolute_url()).content.decode()
    assert "Bonne idée" in body
    assert not any(prompt in body for prompt in LOGIN_PROMPTS)


def test_a_member_without_person_sets_meeting_preferences(client, bare_member):
    body = client.get("/agenda/preferences/").content.decode()
    assert "Créer mon adresse d" in body
    assert client.post("/agenda/preferences/", {"action": "feed"}).status_code == 302
    profile = Person.objects.get(user=bare_member).circle_profile
    assert profile.feed_token in client.get("/agenda/preferences/").content.decode()
