"""Sign-up is by invitation: the facilitator invites by e-mail, the one-time link opens
allauth's sign-up with the address pre-filled, and the new account joins the members."""

import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from actors.models import Person
from alliance.access import MEMBERS
from alliance.models import Invitation, Job, User
from tests import factories

pytestmark = pytest.mark.django_db

SIGNUP = {
    "first_name": "Inès",
    "last_name": "Invitée",
    "password1": "un-mot-de-passe-long-42",
    "password2": "un-mot-de-passe-long-42",
}


def invite(facilitator, email="ines@example.org", **fields) -> Invitation:
    return Invitation.objects.create(email=email, invited_by=facilitator, **fields)


def link_in(message) -> str:
    return re.search(r"http://[^\s]+/invitation/[\w-]+/", message.body).group(0)


def test_facilitator_sees_the_form_and_the_invitations_sent(client, facilitator):
    invite(facilitator, "deja@example.org")
    client.force_login(facilitator)
    response = client.get("/animation/invitations/")
    html = response.content.decode()
    assert "Inviter une personne" in html
    assert "deja@example.org" in html
    assert "envoyée" in html


def test_facilitator_invites_and_the_email_carries_a_one_time_link(
    client, facilitator, django_capture_on_commit_callbacks
):
    client.force_login(facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/animation/invitations/",
            {"email": "Ines@Example.org", "message": "Bienvenue parmi nous !"},
            follow=True,
        )
    assert "l&#x27;e-mail est en file d&#x27;envoi" in response.content.decode()
    invitation = Invitation.objects.get()
    assert invitation.email == "ines@example.org"
    assert invitation.invited_by == facilitator
    assert invitation.expires_at > timezone.now() + timedelta(days=13)
    assert Job.objects.get(name="alliance.mail.deliver").state == Job.State.DONE
    [message] = mail.outbox
    assert message.to == ["ines@example.org"]
    assert message.subject == "[Alliance] Invitation à rejoindre l'Alliance"
    assert "Bienvenue parmi nous !" in message.body
    assert link_in(message).endswith(f"/invitation/{invitation.token}/")


def test_htmx_invitation_returns_the_panel_only(client, facilitator):
    client.force_login(facilitator)
    response = client.post(
        "/animation/invitations/", {"email": "panel@example.org"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert html.strip().startswith('<div id="invitation-panel">')
    assert "panel@example.org" in html
    assert "file d&#x27;envoi" in html


@pytest.mark.parametrize(
    ("email", "error"),
    [
        ("pas-une-adresse", "Saisissez une adresse e-mail valide."),
        ("membre@example.org", "Un compte existe déjà avec cette adresse."),
        ("", "Ce champ est obligatoire."),
    ],
)
def test_bad_invitations_re_render_with_french_errors_and_save_nothing(
    client, facilitator, member, email, error
):
    client.force_login(facilitator)
    response = client.post("/animation/invitations/", {"email": email})
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not Invitation.objects.exists()
    assert not Job.objects.exists()


def test_an_address_with_a_pending_invitation_is_not_invited_twice(client, facilitator):
    invite(facilitator, "ines@example.org")
    client.force_login(facilitator)
    response = client.post("/animation/invitations/", {"email": "ines@example.org"})
    assert "Une invitation encore valable a déjà été envoyée" in response.content.decode()
    assert Invitation.objects.count() == 1


def test_the_link_leads_to_the_signup_with_the_address_filled_in(client, facilitator):
    invitation = invite(facilitator)
    response = client.get(f"/invitation/{invitation.token}/")
    assert response.status_code == 302
    assert response["Location"] == "/compte/signup/?email=ines%40example.org"
    page = client.get(response["Location"]).content.decode()
    assert 'value="ines@example.org"' in page
    assert "Prénom" in page and "Nom" in page
    assert "Vous avez été invité·e à rejoindre la plateforme" in page


def test_signing_up_through_the_link_makes_a_verified_member_with_a_person(client, facilitator):
    invitation = invite(facilitator)
    client.get(f"/invitation/{invitation.token}/")
    response = client.post("/compte/signup/", {**SIGNUP, "email": "ines@example.org"})
    assert response.status_code == 302
    user = User.objects.get(email="ines@example.org")
    assert user.get_full_name() == "Inès Invitée"
    assert user.groups.filter(name=MEMBERS).exists()
    assert user.has_perm("alliance.participate")
    person = Person.objects.get(user=user)
    assert (person.first_name, person.last_name, person.email) == (
        "Inès",
        "Invitée",
        "ines@example.org",
    )
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    assert invitation.user == user
    # The link proved the address: no confirmation needed.
    assert EmailAddress.objects.get(user=user).verified
    assert client.get("/compte/profil/").status_code == 200


def test_a_used_link_cannot_make_a_second_account(client, facilitator):
    invitation = invite(facilitator)
    client.get(f"/invitation/{invitation.token}/")
    client.post("/compte/signup/", {**SIGNUP, "email": "ines@example.org"})
    client.logout()
    response = client.get(f"/invitation/{invitation.token}/")
    assert response.status_code == 410
    assert "a déjà servi" in response.content.decode()
    other = client.post("/compte/signup/", {**SIGNUP, "email": "autre@example.org"})
    assert "L'inscription se fait sur invitation" in other.content.decode()
    assert not User.objects.filter(email="autre@example.org").exists()


def test_an_expired_link_shows_a_french_page_and_no_signup(client, facilitator):
    invitation = invite(facilitator, expires_at=timezone.now() - timedelta(minutes=1))
    response = client.get(f"/invitation/{invitation.token}/")
    assert response.status_code == 410
    assert "a expiré" in response.content.decode()
    assert "invitation_token" not in client.session


def test_an_unknown_link_is_a_404_in_french(client):
    response = client.get("/invitation/nimporte-quoi/")
    assert response.status_code == 404
    assert "Ce lien d'invitation est inconnu" in response.content.decode()


def test_an_invitation_that_expires_after_the_link_was_opened_refuses_the_signup(
    client, facilitator
):
    invitation = invite(facilitator)
    client.get(f"/invitation/{invitation.token}/")
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now())
    response = client.post("/compte/signup/", {**SIGNUP, "email": "ines@example.org"})
    assert not User.objects.filter(email="ines@example.org").exists()
    assert "inscription se fait sur invitation" in response.content.decode()


def test_without_an_invitation_the_signup_page_says_it_is_by_invitation(client):
    response = client.get("/compte/signup/")
    assert "L'inscription se fait sur invitation" in response.content.decode()
    client.post("/compte/signup/", {**SIGNUP, "email": "intrus@example.org"})
    assert not User.objects.filter(email="intrus@example.org").exists()


def test_open_signup_lets_anyone_join_the_members(client, settings):
    settings.OPEN_SIGNUP = True
    response = client.post("/compte/signup/", {**SIGNUP, "email": "libre@example.org"})
    assert response.status_code == 302
    user = User.objects.get(email="libre@example.org")
    assert user.groups.filter(name=MEMBERS).exists()
    assert Person.objects.get(user=user).last_name == "Invitée"


def test_signup_requires_the_names_in_french(client, settings):
    settings.OPEN_SIGNUP = True
    data = {**SIGNUP, "email": "sansnom@example.org", "first_name": "", "last_name": ""}
    response = client.post("/compte/signup/", data)
    assert response.status_code == 200
    assert "Ce champ est obligatoire." in response.content.decode()
    assert not User.objects.filter(email="sansnom@example.org").exists()


def test_an_invited_register_entry_is_linked_rather_than_duplicated(client, facilitator):
    organisation = factories.OrganisationFactory(name="Régie Verte")
    entry = factories.PersonFactory(first_name="I.", last_name="Invitée", email="ines@example.org")
    factories.RepresentationFactory(person=entry, organisation=organisation)
    invitation = invite(facilitator)
    client.get(f"/invitation/{invitation.token}/")
    client.post("/compte/signup/", {**SIGNUP, "email": "ines@example.org"})
    entry.refresh_from_db()
    assert entry.user.email == "ines@example.org"
    assert entry.first_name == "Inès"
    assert Person.objects.filter(email="ines@example.org").count() == 1
    assert "Régie Verte" in client.get("/compte/profil/").content.decode()


def test_a_link_followed_while_logged_in_sends_home(client, member, facilitator):
    invitation = invite(facilitator)
    client.force_login(member)
    response = client.get(f"/invitation/{invitation.token}/")
    assert response.status_code == 302
    assert response["Location"] == "/"
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_htmx_invitation_with_errors_returns_the_panel_with_the_french_message(client, facilitator):
    client.force_login(facilitator)
    response = client.post(
        "/animation/invitations/", {"email": "faux"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert "<html" not in html
    assert "Saisissez une adresse e-mail valide." in html
    assert not Invitation.objects.exists()


def test_the_invitation_list_costs_the_same_queries_for_few_or_many(
    client, facilitator, django_assert_num_queries
):
    client.force_login(facilitator)
    counts = []
    for size in (3, 40):
        Invitation.objects.all().delete()
        Invitation.objects.bulk_create(
            Invitation(
                email=f"i{n}@example.org",
                invited_by=facilitator,
                token=f"tok-{size}-{n}",
                expires_at=timezone.now() + timedelta(days=3),
            )
            for n in range(size)
        )
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/animation/invitations/")
        assert response.content.decode().count('<tr id="invitation-') == size
        counts.append(len(queries))
    assert counts[0] == counts[1]
    with django_assert_num_queries(counts[0]):
        client.get("/animation/invitations/")
