"""Too-long values posted to the main forms: a French error on the re-rendered form
(status 200), nothing saved, never a 500 (PostgreSQL refuses an over-long varchar)."""

import pytest

from actors.models import Person
from alliance.models import User
from circles.models import Meeting
from ideas.models import Comment, Idea
from projects.models import Need, Offer, Project
from tests import factories

pytestmark = pytest.mark.django_db

TOO_LONG = "au plus"  # "Assurez-vous que cette valeur comporte au plus N caractères"
HTMX = {"HX-Request": "true"}


def _refused(response, limit: int) -> None:
    assert response.status_code == 200
    text = response.content.decode()
    assert TOO_LONG in text
    assert f"{limit}\xa0caractères" in text or f"{limit} caractères" in text


@pytest.fixture
def idea(db):
    return factories.IdeaFactory(space=factories.IdeaSpaceFactory(slug="lancement"))


def test_a_comment_longer_than_5000_characters_is_refused(client_as, idea):
    response = client_as("member").post(
        f"/idees/{idea.pk}/commenter/", {"body": "x" * 5001}, headers=HTMX
    )
    _refused(response, 5000)
    assert not Comment.objects.exists()


def test_a_comment_of_5000_characters_with_line_breaks_is_accepted(client_as, idea):
    # A textarea posts CR LF: 2 500 lines of "a" are 5 000 characters, as the counter says.
    body = "\r\n".join(["a"] * 2500) + "a" * 1
    response = client_as("member").post(f"/idees/{idea.pk}/commenter/", {"body": body})
    assert response.status_code == 302
    assert Comment.objects.get().body.startswith("a\r\na")


def test_an_idea_longer_than_its_limit_is_refused(client_as, idea):
    response = client_as("member").post(
        "/idees/espaces/lancement/proposer/", {"title": "Vélo", "body": "x" * 20_001}
    )
    _refused(response, 20000)
    assert Idea.objects.count() == 1


def test_an_idea_title_longer_than_its_column_is_refused(client_as, idea):
    response = client_as("member").post(
        "/idees/espaces/lancement/proposer/", {"title": "t" * 301, "body": "Corps"}
    )
    _refused(response, 300)


def test_a_project_description_longer_than_its_limit_is_refused(client_as, member):
    response = client_as("member").post(
        "/projets/proposer/",
        {
            "title": "Jardin",
            "description": "x" * 20_001,
            "summary": "s" * 301,
            "phase": "idee",
            "phase_status": "en_cours",
        },
    )
    _refused(response, 20000)
    assert "300" in response.content.decode()
    assert not Project.objects.exists()


def test_a_need_longer_than_its_limit_is_refused(client_as, carried_project):
    response = client_as("carrier").post(
        f"/projets/{carried_project.slug}/besoins/ajouter/",
        {"kind": "competences", "description": "x" * 2001},
        headers=HTMX,
    )
    _refused(response, 2000)
    assert not Need.objects.exists()


def test_an_offer_longer_than_its_limit_is_refused(client_as, carrier):
    organisation = carrier.person.organisations.get()
    response = client_as("carrier").post(
        "/besoins/offres/proposer/",
        {"organisation": organisation.pk, "kind": "competences", "description": "x" * 2001},
    )
    _refused(response, 2000)
    assert not Offer.objects.exists()


def test_a_help_message_longer_than_its_limit_is_refused(client_as, member):
    need = factories.NeedFactory()
    response = client_as("member").post(
        f"/besoins/{need.pk}/aider/", {"message": "x" * 2001}, headers=HTMX
    )
    assert response.status_code == 200
    assert "trop long" in response.content.decode()


def test_minutes_longer_than_their_limit_are_refused(client_as, facilitator):
    meeting = factories.MeetingFactory()
    response = client_as("facilitator").post(
        f"/cercles/reunions/{meeting.pk}/compte-rendu/",
        {"minutes": "x" * 50_001, "decisions": ""},
    )
    _refused(response, 50000)
    meeting.refresh_from_db()
    assert meeting.minutes == "" and meeting.status != Meeting.Status.HELD


def test_contact_details_longer_than_their_columns_are_refused(client_as, member):
    response = client_as("member").post(
        "/compte/coordonnees/", {"title": "t" * 151, "phone": "0" * 31}
    )
    _refused(response, 150)
    assert "30" in response.content.decode()
    assert Person.objects.get(user=member).title == ""


def test_an_organisation_website_longer_than_its_column_is_refused(client_as, facilitator):
    organisation = factories.OrganisationFactory(name="Coop")
    response = client_as("facilitator").post(
        f"/acteurs/{organisation.slug}/modifier/",
        {
            "name": "Coop",
            "kind": "entreprise",
            "website": "https://example.org/" + "a" * 200,
            "siren": "1" * 20,
            "description": "x" * 20_001,
            "status": "active",
        },
    )
    _refused(response, 200)
    assert "20000" in response.content.decode() or "20\u202f000" in response.content.decode()
    organisation.refresh_from_db()
    assert organisation.website == "" and organisation.siren is None


def test_an_invitation_message_longer_than_its_limit_is_refused(client_as, facilitator):
    response = client_as("facilitator").post(
        "/animation/invitations/", {"email": "nouvelle@example.org", "message": "x" * 2001}
    )
    _refused(response, 2000)


def test_a_sign_up_email_longer_than_the_column_is_refused(client, settings):
    settings.OPEN_SIGNUP = True
    email = "a" * 60 + "@" + ".".join(["b" * 60] * 4) + ".org"  # 308 characters, valid
    response = client.post(
        "/compte/signup/",
        {
            "first_name": "Zoé",
            "last_name": "Nouvelle",
            "email": email,
            "password1": "motdepasse-solide-42",
            "password2": "motdepasse-solide-42",
        },
    )
    _refused(response, 254)
    assert not User.objects.filter(email=email).exists()


def test_the_textarea_carries_its_limit_for_the_counter(client_as, idea):
    html = client_as("member").get(f"/idees/{idea.pk}/").content.decode()
    assert 'data-char-limit="5000"' in html
    assert "{count} / {limit} caractères" in html


def test_a_login_longer_than_the_lockout_log_column_is_a_plain_failure(client, settings):
    """django-axes records the login typed (255 characters at most) at each failure."""
    settings.AXES_ENABLED = True
    login = "a" * 60 + "@" + ".".join(["b" * 60] * 4) + ".org"
    response = client.post("/compte/login/", {"login": login, "password": "mauvais"})
    assert response.status_code == 200


def test_a_new_address_longer_than_the_column_is_refused(client_as, member):
    email = "a" * 60 + "@" + ".".join(["b" * 60] * 4) + ".org"
    response = client_as("member").post("/compte/email/", {"action_add": "", "email": email})
    _refused(response, 254)


def test_hand_written_textareas_carry_their_limit_too(client_as, idea, member):
    Comment.objects.create(idea=idea, author=member, body="Premier")
    html = client_as("member").get(f"/idees/{idea.pk}/").content.decode()
    assert html.count('data-char-limit="5000"') == 2  # the comment and the reply
    factories.NeedFactory()
    html = client_as("member").get("/besoins/").content.decode()
    assert 'data-char-limit="2000"' in html
