"""The layout's chrome (head links, header, footer) is rendered once per process for each
variant and kept (alliance/templatetags/chrome.py): every visitor still gets their own
header, whatever the visitors before them were, in either language."""

import re

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests import factories

pytestmark = pytest.mark.django_db

NAV = re.compile(r'<nav id="main-nav".*?</nav>', re.S)
CURRENT = re.compile(r'<a href="([^"]+)" aria-current="page">')


def _english(client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _logged(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _body(client: Client, path: str = "/") -> str:
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def test_french_and_english_visitors_each_get_the_chrome_of_their_language():
    french, english = _body(Client()), _body(_english(Client()))
    french_again = _body(Client())

    for body in (french, french_again):
        assert '<html lang="fr"' in body
        assert ">Projets</a>" in body
        assert ">Se connecter</a>" in body
        assert ">Mentions légales</a>" in body
        assert "?lang=fr" in body
        assert 'value="en" lang="en" class="link-button">English</button>' in body
    assert '<html lang="en"' in english
    assert ">Projects</a>" in english
    assert ">Projets</a>" not in english
    assert ">Se connecter</a>" not in english
    assert "?lang=en" in english
    assert 'value="fr" lang="fr" class="link-button">Français</button>' in english


def test_a_member_after_a_visitor_sees_their_own_name_and_the_next_member_theirs(member):
    other = factories.UserFactory(email="autre@example.org", first_name="Dom", last_name="Autre")
    visitor = _body(Client())
    camille = _body(_logged(member))
    dom = _body(_logged(other))
    visitor_again = _body(Client())

    for body in (visitor, visitor_again):
        assert ">Se connecter</a>" in body
        assert "Se déconnecter" not in body
        assert "Camille" not in body
        assert 'href="/compte/profil/"' not in body
    assert f'class="account-name">{member.display_name}</a>' in camille
    assert "Se déconnecter" in camille
    assert ">Se connecter</a>" not in camille
    assert f'class="account-name">{other.display_name}</a>' in dom
    assert member.display_name not in dom


def test_a_members_name_is_escaped_in_the_header():
    user = factories.UserFactory(email="x@example.org", first_name="<b>Al</b>", last_name="&")

    body = _body(_logged(user))

    assert "<b>Al</b>" not in body
    assert "&lt;b&gt;Al&lt;/b&gt;" in body


def test_only_facilitators_and_admins_get_the_facilitation_link_whoever_came_before(
    member, facilitator, admin_user
):
    pages = {"facilitator": _body(_logged(facilitator))}
    pages["member"] = _body(_logged(member))
    pages["admin"] = _body(_logged(admin_user))
    pages["facilitator again"] = _body(_logged(facilitator))
    pages["member again"] = _body(_logged(member))
    animate = 'href="/animation/invitations/">Animer</a>'

    assert animate in pages["facilitator"] and animate in pages["facilitator again"]
    assert animate in pages["admin"]
    assert animate not in pages["member"] and animate not in pages["member again"]
    assert ">Administration</a>" in pages["admin"]
    assert ">Administration</a>" not in pages["facilitator again"]
    assert ">Administration</a>" not in pages["member again"]


def test_the_current_section_is_marked_on_its_own_page_and_nowhere_else():
    client = Client()
    marked = {
        path: CURRENT.findall(NAV.search(_body(client, path)).group())
        for path in ["/projets/", "/acteurs/", "/projets/", "/", "/mentions-legales/"]
    }

    assert marked["/projets/"] == ["/projets/"]
    assert marked["/acteurs/"] == ["/acteurs/"]
    assert marked["/"] == []
    assert marked["/mentions-legales/"] == []


def _with_profile(member, *, incomplete: bool) -> Client:
    client = _logged(member)
    session = client.session
    session["profile_incomplete"] = incomplete
    session.save()
    return client


def test_the_welcome_link_shows_while_the_profile_is_incomplete_and_is_marked_on_its_page(
    member,
):
    complete = _body(_with_profile(member, incomplete=False))
    client = _with_profile(member, incomplete=True)
    elsewhere = _body(client, "/projets/")
    on_it = _body(client, "/bienvenue/")
    complete_again = _body(_with_profile(member, incomplete=False), "/projets/")

    for body in (complete, complete_again):
        assert "Bienvenue : compléter mon profil" not in body
    assert '<a href="/bienvenue/">Bienvenue : compléter mon profil</a>' in elsewhere
    assert '<a href="/bienvenue/" aria-current="page">Bienvenue' in on_it
    assert 'href="/projets/" aria-current="page"' in elsewhere


def test_the_login_link_and_the_language_switch_carry_each_pages_own_address():
    client = Client()
    search = _body(client, "/recherche/?q=%3Cb%3E&x=1")
    projects = _body(client, "/projets/")

    assert "/compte/login/?next=/recherche/%3Fq%3D%253Cb%253E%26x%3D1" in search
    assert '<input type="hidden" name="next" value="/recherche/?q=%3Cb%3E&amp;x=1">' in search
    assert "/compte/login/?next=/projets/" in projects
    assert '<input type="hidden" name="next" value="/projets/">' in projects


def test_each_answer_carries_one_token_of_its_own_in_every_form_of_the_header(member):
    def tokens(body: str) -> set[str]:
        header = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
        body_attribute = re.findall(r'"X-CSRFToken": "([^"]+)"', body)
        return set(header) | set(body_attribute)

    client = _logged(member)
    first, second = tokens(_body(client)), tokens(_body(client))
    visitor = tokens(_body(Client()))

    assert len(first) == len(second) == len(visitor) == 1
    assert first != second
    assert len(re.findall("csrfmiddlewaretoken", _body(client))) == 2  # logout and language


def _chrome_rendered(response) -> list[str]:
    return sorted(t.name for t in response.templates if t.name.startswith("chrome/"))


def test_the_chrome_is_rendered_once_per_variant_and_then_kept(member, settings):
    settings.SITE_URL = "https://alliance.example.org"  # a changed setting forgets the kept chrome
    first = Client().get("/mentions-legales/")
    again = Client().get("/mentions-legales/")
    as_member = _logged(member).get("/mentions-legales/")

    assert _chrome_rendered(first) == [
        "chrome/footer.html",
        "chrome/head.html",
        "chrome/header.html",
        "chrome/scripts.html",
    ]
    assert "base.html" in [t.name for t in again.templates]
    assert _chrome_rendered(again) == []
    assert _chrome_rendered(as_member) == ["chrome/header.html"]  # the member's own variant


def test_a_member_page_makes_the_same_queries_with_the_chrome_kept_or_rendered(member, settings):
    client = _logged(member)
    settings.SITE_URL = "https://alliance.example.org"  # forgets the kept chrome
    with CaptureQueriesContext(connection) as rendered:
        client.get("/mentions-legales/")
    with CaptureQueriesContext(connection) as kept:
        client.get("/mentions-legales/")

    assert len(kept) == len(rendered)


def test_a_pages_own_head_comes_between_the_site_stylesheet_and_the_site_scripts():
    body = _body(Client(), "/projets/carte/")
    order = [
        "css/site.css",
        "leaflet/leaflet.css",
        "django_htmx/htmx-2.min.js",
        "/jsi18n/?lang=fr",
        "js/site.js",
        "js/htmx-a11y.js",
        "</head>",
    ]

    positions = [body.find(marker) for marker in order]
    assert -1 not in positions
    assert positions == sorted(positions)
