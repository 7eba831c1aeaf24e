"""The error pages are pages of the site: layout, French (or the chosen English), a way on.

All with DEBUG off, as in production; the 500 page even while the database refuses every
query.
"""

import pytest
from django.db import OperationalError, connection
from django.test import Client

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.alliance.error_urls")]


@pytest.fixture(autouse=True)
def _production(settings):
    settings.DEBUG = False


def _layout(body: str) -> None:
    """The header, the main navigation and the search box of base.html are there."""
    assert 'class="site-header"' in body
    assert 'id="main-nav"' in body
    assert 'id="site-search-q"' in body
    assert 'href="/feuille-de-route/"' in body


def _english(client: Client) -> Client:
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_a_stale_link_gets_a_french_404_inside_the_site_with_the_way_back_to_the_list(client):
    response = client.get("/projets/un-projet-disparu/")
    assert response.status_code == 404
    body = response.content.decode()
    _layout(body)
    assert '<html lang="fr"' in body
    assert "Page introuvable" in body
    assert '<a href="/projets/">Retour aux projets</a>' in body
    assert 'value="un projet disparu"' in body  # the search box starts from the old link
    assert "/compte/login/?next=%2Fprojets%2Fun-projet-disparu%2F" in body


def test_a_404_speaks_english_when_the_visitor_chose_english(client):
    response = _english(client).get("/projets/un-projet-disparu/")
    assert response.status_code == 404
    body = response.content.decode()
    _layout(body)
    assert '<html lang="en"' in body
    assert ">Projects</a>" in body  # the navigation, from the English catalogue


def test_a_member_on_a_facilitators_page_gets_a_403_that_says_whom_to_ask(client, member):
    client.force_login(member)
    response = client.get("/animation/invitations/", HTTP_REFERER="http://testserver/projets/")
    assert response.status_code == 403
    body = response.content.decode()
    _layout(body)
    assert "Accès réservé" in body
    assert "demandez l'accès à l'équipe d'animation" in body
    assert 'href="/compte/profil/"' in body
    assert 'href="http://testserver/projets/">Revenir à la page précédente' in body
    assert "Camille Membre" in body  # still logged in, and the header says so
    assert "Se connecter" not in body


def test_a_403_never_links_back_to_another_site(client, member):
    client.force_login(member)
    response = client.get("/animation/invitations/", HTTP_REFERER="https://evil.example/")
    assert response.status_code == 403
    assert "evil.example" not in response.content.decode()


def test_an_anonymous_visitor_refused_a_page_is_offered_to_log_in(client):
    response = client.get("/essai/interdit/")
    assert response.status_code == 403
    body = response.content.decode()
    _layout(body)
    assert "réservée aux membres" in body
    assert 'href="/compte/login/?next=%2Fessai%2Finterdit%2F"' in body


def test_a_403_speaks_english_when_chosen(client, member):
    client.force_login(member)
    body = _english(client).get("/animation/invitations/").content.decode()
    assert '<html lang="en"' in body
    assert ">Projects</a>" in body


def test_a_bad_request_gets_a_french_400_inside_the_site(client):
    response = client.get("/essai/suspect/")
    assert response.status_code == 400
    body = response.content.decode()
    _layout(body)
    assert "Requête incorrecte" in body
    assert '<a href="/">Retour à l\'accueil</a>' in body


def test_a_request_for_an_unknown_host_gets_the_400_page_too(client):
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    body = response.content.decode()
    _layout(body)
    assert "Requête incorrecte" in body


def test_a_bug_gets_a_french_500_inside_the_site():
    client = Client(raise_request_exception=False)
    response = client.get("/essai/panne/")
    assert response.status_code == 500
    body = response.content.decode()
    _layout(body)
    assert '<html lang="fr"' in body
    assert "Le site a rencontré une erreur" in body
    assert 'href="/essai/panne/">Réessayer' in body


def test_a_500_speaks_english_when_chosen():
    client = _english(Client(raise_request_exception=False))
    body = client.get("/essai/panne/").content.decode()
    assert '<html lang="en"' in body
    assert ">Projects</a>" in body


def test_the_500_page_renders_while_the_database_refuses_every_query(member):
    client = Client(raise_request_exception=False)
    client.force_login(member)  # the session itself cannot be read once the database is down
    refused = []

    def database_down(execute, sql, params, many, context):
        refused.append(sql)
        raise OperationalError("could not connect to server")

    with connection.execute_wrapper(database_down):
        response = client.get("/essai/base/")
        home = client.get("/")
    assert refused  # the database was asked, and said no
    for page in (response, home):
        assert page.status_code == 500
        body = page.content.decode()
        _layout(body)
        assert "Le site a rencontré une erreur" in body


def test_a_form_sent_without_its_csrf_token_gets_a_french_explanation_and_a_fresh_token(member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    response = client.post("/compte/profil/", {"first_name": "Camille", "last_name": "M"})
    assert response.status_code == 403
    body = response.content.decode()
    _layout(body)
    assert "Le formulaire n'a pas pu être envoyé" in body
    assert "cookies" in body
    assert "rien n'a été enregistré" in body
    assert "csrftoken" in response.cookies  # so that sending the form again works
    member.refresh_from_db()
    assert member.last_name == "Membre"


def test_the_csrf_page_speaks_english_when_chosen(client):
    client = _english(Client(enforce_csrf_checks=True))
    response = client.post("/compte/profil/")
    assert response.status_code == 403
    body = response.content.decode()
    assert '<html lang="en"' in body
    assert ">Projects</a>" in body
