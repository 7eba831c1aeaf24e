"""Accounts in a real browser: the invitation journey, and allauth's pages axe-clean."""

import re
from urllib.parse import urlparse

import pytest
from django.core import mail

from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def test_facilitator_invites_and_the_invitee_signs_up_as_a_member(page, visit, login, facilitator):
    login(facilitator)
    visit("/animation/invitations/")
    page.fill("#id_email", "ines@example.org")
    page.fill("#id_message", "Au plaisir de vous compter parmi nous.")
    page.get_by_role("button", name="Envoyer l'invitation").click()
    page.locator("#invitation-panel .message").wait_for()
    assert "en file d'envoi" in page.locator("#invitation-panel .message").inner_text()
    assert (
        page.locator("#invitation-panel tbody tr").first.inner_text().startswith("ines@example.org")
    )
    assert_accessible(page)

    [message] = mail.outbox
    link = urlparse(re.search(r"http://\S+/invitation/\S+/", message.body).group(0)).path
    page.get_by_role("button", name="Se déconnecter").click()
    page.wait_for_load_state()

    visit(link)
    assert page.input_value("input[name=email]") == "ines@example.org"
    page.fill("input[name=first_name]", "Inès")
    page.fill("input[name=last_name]", "Invitée")
    page.fill("input[name=password1]", "un-mot-de-passe-long-42")
    page.fill("input[name=password2]", "un-mot-de-passe-long-42")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/bienvenue/"))  # a new member lands on the welcome page
    assert page.locator(".account-name").inner_text() == "Inès Invitée"
    assert_accessible(page)

    visit(link)
    assert "a déjà servi" in page.locator("main").inner_text()


def test_visitor_account_pages_are_accessible(page, visit):
    for path in [
        "/compte/login/",
        "/compte/signup/",
        "/compte/password/reset/",
        "/compte/password/reset/done/",
        "/compte/password/reset/key/1-faux/",
        "/compte/confirm-email/faux/",
        "/invitation/x/",
    ]:
        visit(path)
        assert page.locator("h1").count() == 1, path


def test_member_account_pages_are_accessible(page, visit, login, member):
    login(member)
    for path in [
        "/compte/profil/",
        "/compte/password/change/",
        "/compte/email/",
        "/compte/logout/",
    ]:
        visit(path)
        assert page.locator("h1").count() == 1, path
