"""The error pages in a real browser: in the site's frame, accessible, each with a way on."""

import pytest

from tests.browser.conftest import assert_accessible

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.urls("tests.alliance.error_urls"),
]


def test_a_lost_visitor_finds_the_way_back_from_a_404(page, visit):
    visit("/projets/un-projet-disparu/")
    assert page.get_by_role("heading", name="Page introuvable").is_visible()
    page.get_by_role("link", name="Retour aux projets").click()
    page.wait_for_url("**/projets/")


def test_a_member_refused_a_page_sees_whom_to_ask(page, visit, login, member):
    login(member)
    visit("/animation/invitations/")
    assert page.get_by_role("heading", name="Accès réservé").is_visible()
    assert page.get_by_role("link", name="Voir mon profil et mes organisations").is_visible()


def test_the_500_page_is_accessible(page, visit):
    visit("/essai/panne/")
    assert page.get_by_role("heading", name="Le site a rencontré une erreur").is_visible()


def test_a_form_sent_without_cookies_explains_and_retrying_works(page, visit, context):
    visit("/")
    context.clear_cookies()  # as a browser blocking cookies, or a session long gone
    page.get_by_role("button", name="English").click()
    page.get_by_role("heading", name="Le formulaire n'a pas pu être envoyé").wait_for()
    assert_accessible(page)
    page.go_back()
    page.reload()  # the page now carries the fresh token the error page set
    page.get_by_role("button", name="English").click()
    page.wait_for_selector('html[lang="en"]')
