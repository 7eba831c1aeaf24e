"""allauth's pages in French and in the site's frame; password reset; e-mail login;
e-mail verification mandatory in production."""

import re
import runpy
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.core import mail

from alliance.models import Job

pytestmark = pytest.mark.django_db

SETTINGS = Path(__file__).resolve().parents[2] / "alliance" / "settings.py"


def in_frame(html: str) -> bool:
    return 'id="main-nav"' in html and 'class="site-footer"' in html and '<html lang="fr"' in html


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/compte/login/", "Connexion"),
        ("/compte/signup/", "L'inscription se fait sur invitation"),
        ("/compte/password/reset/", "Réinitialisation du mot de passe"),
        ("/compte/password/reset/done/", "Réinitialisation du mot de passe"),
        ("/compte/password/reset/key/1-faux/", "Mauvais jeton d'identification"),
        ("/compte/confirm-email/faux/", "Confirmer l'adresse e-mail"),
    ],
)
def test_visitor_pages_are_french_and_in_the_site_frame(client, path, heading):
    html = client.get(path).content.decode()
    assert in_frame(html)
    h1 = re.search(r"<h1>(.*?)</h1>", html, re.S).group(1)
    assert heading in h1


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/compte/password/change/", "Modifier le mot de passe"),
        ("/compte/email/", "Adresses e-mail"),
        ("/compte/logout/", "Se déconnecter"),
    ],
)
def test_member_pages_are_french_in_the_frame_with_a_way_back_to_the_profile(
    client, member, path, heading
):
    client.force_login(member)
    html = client.get(path).content.decode()
    assert in_frame(html)
    assert heading in re.search(r"<h1>(.*?)</h1>", html, re.S).group(1)
    if path != "/compte/logout/":
        assert 'href="/compte/profil/"' in html


def test_member_logs_in_with_their_email(client, member):
    response = client.post(
        "/compte/login/", {"login": "MEMBRE@example.org", "password": "motdepasse-solide-42"}
    )
    assert response.status_code == 302
    assert client.get("/").context["user"] == member


def test_a_wrong_password_is_refused_in_french(client, member):
    response = client.post("/compte/login/", {"login": member.email, "password": "faux"})
    assert response.status_code == 200
    assert "L’adresse e-mail ou le mot de passe sont incorrects." in response.content.decode()


def test_password_reset_mail_goes_through_a_job_and_its_link_sets_a_new_password(
    client, member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/compte/password/reset/", {"email": member.email})
    assert response.status_code == 302
    assert Job.objects.get(name="alliance.mail.deliver").state == Job.State.DONE
    [message] = mail.outbox
    assert message.to == [member.email]
    assert message.subject.startswith("[Alliance] ")
    assert "mot de passe" in message.body
    link = re.search(r"http://\S+/compte/password/reset/key/\S+/", message.body).group(0)

    # allauth swaps the key in the URL for one kept in the session, then shows the form.
    opened = client.get(urlparse(link).path)
    assert opened.status_code == 302
    response = client.post(
        opened["Location"],
        {"password1": "nouveau-mot-de-passe-77", "password2": "nouveau-mot-de-passe-77"},
    )
    assert response.status_code == 302
    client.logout()
    assert client.login(email=member.email, password="nouveau-mot-de-passe-77")


def test_password_reset_for_an_unknown_address_reveals_nothing(client, db):
    response = client.post("/compte/password/reset/", {"email": "personne@example.org"})
    assert response.status_code == 302
    assert response["Location"] == "/compte/password/reset/done/"


def test_email_verification_is_mandatory_when_the_site_is_https(monkeypatch):
    monkeypatch.delenv("ACCOUNT_EMAIL_VERIFICATION", raising=False)
    monkeypatch.setenv("SITE_URL", "https://alliance.example.org")
    production = runpy.run_path(str(SETTINGS))
    assert production["ACCOUNT_EMAIL_VERIFICATION"] == "mandatory"
    assert production["SESSION_COOKIE_SECURE"] is True

    monkeypatch.setenv("SITE_URL", "http://127.0.0.1:8000")
    embedded = runpy.run_path(str(SETTINGS))
    assert embedded["ACCOUNT_EMAIL_VERIFICATION"] == "optional"


def test_with_mandatory_verification_an_open_signup_waits_for_the_confirmation_mail(
    client, settings, django_capture_on_commit_callbacks
):
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"
    settings.OPEN_SIGNUP = True
    data = {
        "first_name": "Vé",
        "last_name": "Rifiée",
        "email": "verif@example.org",
        "password1": "un-mot-de-passe-long-42",
        "password2": "un-mot-de-passe-long-42",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/compte/signup/", data)
    assert response["Location"] == "/compte/confirm-email/"
    assert "_auth_user_id" not in client.session
    [message] = mail.outbox
    assert message.to == ["verif@example.org"]
    link = re.search(r"http://\S+/compte/confirm-email/\S+/", message.body).group(0)
    response = client.post(urlparse(link).path)
    assert response.status_code == 302
    login = client.post(
        "/compte/login/", {"login": "verif@example.org", "password": "un-mot-de-passe-long-42"}
    )
    assert login.status_code == 302
    assert client.session["_auth_user_id"]


def test_with_mandatory_verification_the_invitation_link_is_proof_enough(client, settings):
    from alliance.models import Invitation

    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"
    invitation = Invitation.objects.create(email="ines@example.org")
    client.get(invitation.get_absolute_url())
    response = client.post(
        "/compte/signup/",
        {
            "first_name": "Inès",
            "last_name": "Invitée",
            "email": "ines@example.org",
            "password1": "un-mot-de-passe-long-42",
            "password2": "un-mot-de-passe-long-42",
        },
    )
    assert response["Location"] == "/bienvenue/"  # straight to the welcome page
    assert client.session["_auth_user_id"]
    assert mail.outbox == []
