"""Asking to join: a visitor who may not sign up sends a short request, is thanked on a
page and by mail, the facilitators hear of it, and one of them accepts (an invitation
goes out) or declines (a polite mail, with the reason when given)."""

import pytest
from django.core import mail

from alliance.models import Invitation, JoinRequest

pytestmark = pytest.mark.django_db

ASK = {
    "name": "Anne Onyme",
    "email": "anne@example.org",
    "organisation": "Coopérative du Lauragais",
    "role": "chargée de mission",
    "message": "Nous portons un projet de méthanisation.",
}


@pytest.fixture
def run_mail(django_capture_on_commit_callbacks):
    """Delivers the mails queued inside the block (the Job runs on commit)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def pending(**fields) -> JoinRequest:
    return JoinRequest.objects.create(**{"name": ASK["name"], "email": ASK["email"], **fields})


def test_the_login_page_offers_to_ask_to_join_instead_of_a_closed_sign_up(client):
    html = client.get("/compte/login/").content.decode()
    assert 'href="/demander-a-rejoindre/"' in html
    assert "/compte/signup/" not in html


def test_the_home_page_and_a_connectez_vous_prompt_offer_to_ask_to_join(client):
    assert "/demander-a-rejoindre/" in client.get("/").content.decode()
    html = client.get("/page-qui-n-existe-pas/").content.decode()
    assert "Demander à rejoindre" in html


def test_a_visitor_asks_to_join_and_is_thanked_by_page_and_mail(client, facilitator, run_mail):
    with run_mail():
        response = client.post("/demander-a-rejoindre/", ASK, follow=True)
    assert response.redirect_chain[-1][0] == "/demander-a-rejoindre/merci/"
    assert "Merci, votre demande est envoyée" in response.content.decode()
    request = JoinRequest.objects.get()
    assert request.state == JoinRequest.State.PENDING
    assert request.organisation == "Coopérative du Lauragais"
    by_address = {m.to[0]: m for m in mail.outbox}
    assert "Nous avons bien reçu votre demande" in by_address["anne@example.org"].body
    notice = by_address[facilitator.email]
    assert "Anne Onyme" in notice.subject
    assert "/animation/invitations/" in notice.body


def test_a_request_without_name_or_a_valid_address_is_refused_in_french(client):
    response = client.post("/demander-a-rejoindre/", {"email": "pas-une-adresse"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ce champ est obligatoire." in html
    assert "Saisissez une adresse e-mail valide." in html
    assert not JoinRequest.objects.exists()


def test_a_bot_filling_the_trap_field_is_thanked_and_nothing_is_recorded(client):
    response = client.post("/demander-a-rejoindre/", {**ASK, "website": "http://spam.example"})
    assert response["Location"] == "/demander-a-rejoindre/merci/"
    assert not JoinRequest.objects.exists()
    assert not mail.outbox


def test_the_request_form_needs_the_csrf_token(facilitator):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post("/demander-a-rejoindre/", ASK)
    assert response.status_code == 403


def test_the_facilitator_sees_pending_requests_on_the_invitations_page(client, facilitator):
    pending(organisation="Coopérative du Lauragais")
    pending(name="Déjà Traitée", email="fait@example.org", state=JoinRequest.State.DECLINED)
    client.force_login(facilitator)
    html = client.get("/animation/invitations/").content.decode()
    assert "Coopérative du Lauragais" in html
    assert "Accepter" in html and "Refuser" in html
    assert "Déjà Traitée" not in html


def test_accepting_sends_the_invitation_and_links_it_to_the_request(client, facilitator, run_mail):
    request = pending()
    client.force_login(facilitator)
    with run_mail():
        response = client.post(f"/animation/demandes/{request.pk}/accepter/", follow=True)
    assert "une invitation part pour anne@example.org" in response.content.decode()
    request.refresh_from_db()
    assert request.state == JoinRequest.State.ACCEPTED
    assert request.decided_by == facilitator and request.decided_at
    invitation = Invitation.objects.get()
    assert request.invitation == invitation and invitation.invited_by == facilitator
    [message] = mail.outbox
    assert message.to == ["anne@example.org"]
    assert invitation.get_absolute_url() in message.body


def test_declining_mails_the_reason_politely(client, facilitator, run_mail):
    request = pending()
    client.force_login(facilitator)
    with run_mail():
        client.post(
            f"/animation/demandes/{request.pk}/refuser/",
            {"reason": "La plateforme est réservée aux signataires de la charte."},
        )
    request.refresh_from_db()
    assert request.state == JoinRequest.State.DECLINED and request.decided_by == facilitator
    assert not Invitation.objects.exists()
    [message] = mail.outbox
    assert message.to == ["anne@example.org"]
    assert "ne peut pas y donner suite" in message.body
    assert "réservée aux signataires de la charte" in message.body


def test_a_request_decided_once_cannot_be_decided_again(client, facilitator):
    request = pending()
    client.force_login(facilitator)
    client.post(f"/animation/demandes/{request.pk}/refuser/")
    response = client.post(f"/animation/demandes/{request.pk}/accepter/", follow=True)
    assert "Cette demande a déjà été traitée." in response.content.decode()
    assert not Invitation.objects.exists()


def test_accepting_an_address_that_has_an_account_sends_nothing(client, facilitator, member):
    request = pending(email=member.email.upper())
    client.force_login(facilitator)
    response = client.post(f"/animation/demandes/{request.pk}/accepter/", follow=True)
    assert "Un compte existe déjà avec cette adresse" in response.content.decode()
    assert not Invitation.objects.exists()


def test_a_sixth_request_within_the_hour_is_refused_with_429_and_the_form(client):
    for n in range(5):
        response = client.post("/demander-a-rejoindre/", {**ASK, "email": f"a{n}@example.org"})
        assert response.status_code == 302
    response = client.post("/demander-a-rejoindre/", {**ASK, "email": "a9@example.org"})
    assert response.status_code == 429
    html = response.content.decode()
    assert "Trop de demandes en peu de temps" in html
    assert 'value="a9@example.org"' in html  # the form comes back filled in
    assert JoinRequest.objects.count() == 5


def test_one_address_asked_for_from_many_places_is_limited_too(client):
    for n in range(5):
        forwarded = {"REMOTE_ADDR": f"192.0.2.{n + 1}"}
        assert client.post("/demander-a-rejoindre/", ASK, **forwarded).status_code == 302
    response = client.post("/demander-a-rejoindre/", ASK, REMOTE_ADDR="192.0.2.99")
    assert response.status_code == 429
    assert JoinRequest.objects.count() == 5


def test_a_facilitator_who_reads_english_is_told_in_english(client, facilitator, run_mail):
    facilitator.language = "en"
    facilitator.save(update_fields=["language"])
    with run_mail():
        client.post("/demander-a-rejoindre/", ASK)
    by_address = {m.to[0]: m for m in mail.outbox}
    notice = by_address[facilitator.email]
    assert notice.subject == "[Alliance] New request to join the Alliance: Anne Onyme"
    assert "asks to join the Alliance platform." in notice.body
    assert "Organisation: Coopérative du Lauragais" in notice.body
    assert "Nous avons bien reçu votre demande" in by_address["anne@example.org"].body
