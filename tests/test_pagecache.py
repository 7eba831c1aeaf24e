"""Public pages kept whole for anonymous visitors (alliance/pagecache.py): served again
without a query, never to a member, never stale after a change, each with its own CSRF
token."""

import gzip
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from alliance import pagecache
from projects.models import Project
from tests import factories

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(autouse=True)
def _page_cache_on(settings, db):
    settings.PAGE_CACHE_SECONDS = 60
    pagecache.bump()  # nothing kept by an earlier test of this database is reachable


def queries(client, url, **extra):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **extra)
    assert response.status_code == 200
    return response, len(captured)


def test_an_anonymous_visitor_gets_the_page_kept_for_the_previous_one_without_a_query():
    factories.ProjectFactory(title="Jardins partagés de Blagnac")
    first, counted = queries(Client(), reverse("projects:list"))
    again, second = queries(Client(), reverse("projects:list"))
    assert counted > 0
    assert second == 0
    assert "Jardins partagés de Blagnac" in again.content.decode()
    token = TOKEN.search(first.content.decode()).group(1)
    assert token not in again.content.decode()  # a token of its own, everywhere
    mine = TOKEN.search(again.content.decode()).group(1)
    assert again.content.decode().replace(mine, token) == first.content.decode()
    assert again["Content-Type"] == first["Content-Type"]


def test_each_visitor_gets_a_csrf_token_of_their_own_that_works():
    Client().get(reverse("home"))  # kept
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get(reverse("home"))
    tokens = set(TOKEN.findall(page.content.decode()))
    assert len(tokens) == 1
    assert "csrftoken" in page.cookies  # the cookie the token goes with
    other = set(TOKEN.findall(Client().get(reverse("home")).content.decode()))
    assert tokens != other
    switched = visitor.post(
        reverse("set_language"),
        {"language": "en", "next": "/", "csrfmiddlewaretoken": tokens.pop()},
    )
    assert switched.status_code == 302
    assert visitor.cookies["django_language"].value == "en"


def test_a_saved_project_shows_at_once():
    queries(Client(), reverse("projects:list"))
    factories.ProjectFactory(title="Ressourcerie de Colomiers")
    page, counted = queries(Client(), reverse("projects:list"))
    assert counted > 0
    assert "Ressourcerie de Colomiers" in page.content.decode()


def test_a_write_through_the_site_retires_the_pages_even_without_a_signal(client_as):
    project = factories.ProjectFactory(title="Atelier vélo")
    url = reverse("projects:detail", args=[project.slug])
    queries(Client(), url)
    Project.objects.filter(pk=project.pk).update(title="Atelier vélo solidaire")  # no signal
    member = client_as("member")
    member.post(reverse("set_language"), {"language": "fr", "next": "/"})
    page, counted = queries(Client(), url)
    assert counted > 0
    assert "Atelier vélo solidaire" in page.content.decode()


def test_a_member_never_reads_a_kept_page(client_as):
    queries(Client(), reverse("projects:list"))
    page, counted = queries(client_as("member"), reverse("projects:list"))
    assert counted > 0
    assert "Se déconnecter" in page.content.decode()


def test_a_member_page_is_never_kept_for_anonymous_visitors(client_as):
    queries(client_as("member"), reverse("projects:list"))
    page, _ = queries(Client(), reverse("projects:list"))
    assert "Se déconnecter" not in page.content.decode()


def test_a_visitor_with_a_session_or_pending_messages_goes_to_the_view():
    queries(Client(), reverse("home"))
    for cookie in ("sessionid", "messages"):
        visitor = Client()
        visitor.cookies[cookie] = "x"
        _page, counted = queries(visitor, reverse("home"))
        assert counted > 0, cookie


def test_an_htmx_request_gets_its_fragment_not_the_kept_page():
    factories.ProjectFactory()
    full, _ = queries(Client(), reverse("projects:list"))
    fragment, _ = queries(Client(), reverse("projects:list"), HTTP_HX_REQUEST="true")
    assert b"<html" in full.content
    assert b"<html" not in fragment.content


def test_french_and_english_pages_are_kept_apart():
    queries(Client(), reverse("projects:list"))
    english = Client()
    english.cookies["django_language"] = "en"
    page, _ = queries(english, reverse("projects:list"))
    assert '<html lang="en"' in page.content.decode()
    again, counted = queries(english, reverse("projects:list"))
    assert counted == 0
    assert '<html lang="en"' in again.content.decode()


def test_a_missing_page_is_not_kept():
    url = reverse("projects:detail", args=["absent"])
    assert Client().get(url).status_code == 404
    factories.ProjectFactory(title="Absent", slug="absent")
    page, _ = queries(Client(), url)
    assert "Absent" in page.content.decode()


def test_query_strings_are_pages_of_their_own():
    theme = factories.ThemeFactory()
    factories.ProjectFactory(title="Hors thème")
    queries(Client(), reverse("projects:list"))
    page, counted = queries(Client(), reverse("projects:list") + f"?theme={theme.slug}")
    assert counted > 0
    assert "Hors thème" not in page.content.decode()


def test_the_bookkeeping_of_jobs_does_not_retire_the_pages():
    from alliance.models import Job

    queries(Client(), reverse("home"))
    before = pagecache.version()
    Job.objects.create(name="alliance.tasks.sweep_jobs")
    assert pagecache.version() == before
    factories.ThemeFactory()
    assert pagecache.version() > before


def test_a_change_retires_the_pages_once_not_again_for_its_historical_record():
    project = factories.ProjectFactory(title="Recyclerie de Colomiers")
    before = pagecache.version()
    project.title = "Recyclerie solidaire de Colomiers"
    project.save()  # and its historical record
    assert project.history.count() == 2
    assert pagecache.version() == before + 1


def test_with_the_page_cache_off_a_change_bumps_nothing(settings):
    settings.PAGE_CACHE_SECONDS = 0  # no page kept: nothing to retire, no call to Redis
    before = pagecache.version()
    factories.ProjectFactory(title="Ressourcerie de Balma")
    assert pagecache.version() == before


def test_an_import_of_ideas_retires_the_pages():
    from ideas.imports import _write

    idea = factories.IdeaFactory.build(space=factories.IdeaSpaceFactory())
    before = pagecache.version()
    _write([(idea, [])], [])  # bulk_create: no signal
    assert pagecache.version() > before
    assert idea.pk is not None


def test_a_kept_page_goes_gzipped_made_beforehand_and_reads_as_the_first():
    factories.ProjectFactory(title="Compost collectif de Balma")
    first = Client().get(reverse("projects:list"), HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    visitor = Client(enforce_csrf_checks=True)
    again, counted = queries(visitor, reverse("projects:list"), HTTP_ACCEPT_ENCODING="gzip")
    assert counted == 0
    assert again["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in again["Vary"]
    assert int(again["Content-Length"]) == len(again.content)
    page = gzip.decompress(again.content).decode()  # CRC and length checked
    token = TOKEN.search(page).group(1)
    original = gzip.decompress(first.content).decode()
    assert page == original.replace(TOKEN.search(original).group(1), token)
    switched = visitor.post(
        reverse("set_language"), {"language": "en", "next": "/", "csrfmiddlewaretoken": token}
    )
    assert switched.status_code == 302


def test_a_client_that_does_not_take_gzip_gets_the_kept_page_as_text():
    queries(Client(), reverse("home"), HTTP_ACCEPT_ENCODING="gzip")
    page, counted = queries(Client(), reverse("home"))
    assert counted == 0
    assert not page.has_header("Content-Encoding")
    assert "<html" in page.content.decode()
    head = Client().head(reverse("projects:list"), HTTP_ACCEPT_ENCODING="gzip")
    assert head.status_code == 200 and not head.has_header("Content-Encoding")


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/projets/",
        "/projets/carte/",
        "/projets/interdependances/",
        "/acteurs/",
        "/idees/",
        "/agenda/",
        "/vision/",
        "/recherche/?q=eau",
    ],
)
def test_a_public_page_answers_head_as_link_checkers_ask_kept_or_not(url):
    for _ in range(2):  # computed, then kept
        head = Client().head(url, HTTP_ACCEPT_ENCODING="gzip")
        assert head.status_code == 200, url
        assert head.content == b""
        assert head["Content-Type"].startswith("text/html")
