"""The site is French by default; a language switch shows it in English and back."""

import gettext
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
FRENCH_NAV = ["Carte", "Projets", "Acteurs", "Cercles", "Agenda", "Feuille de route", "Idées"]
ENGLISH_NAV = ["Map", "Projects", "Actors", "Circles", "Calendar", "Roadmap", "Ideas"]


def nav_labels(html: str, labels: list[str]) -> list[str]:
    return [label for label in labels if f">{label}</a>" in html]


def test_the_switch_shows_english_then_french_again(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)
    html = response.content.decode()
    assert '<html lang="en"' in html
    assert nav_labels(html, ENGLISH_NAV) == ENGLISH_NAV
    assert "Summary in 9 foundations" in html
    assert "To carry and support, through the collective" in html
    assert 'value="fr"' in html and ">Français</button>" in html

    response = client.post("/i18n/setlang/", {"language": "fr", "next": "/"}, follow=True)
    html = response.content.decode()
    assert '<html lang="fr"' in html
    assert nav_labels(html, FRENCH_NAV) == FRENCH_NAV
    assert "Synthèse en 9 fondements" in html


def test_account_pages_and_the_profile_follow_the_language(client, member):
    client.cookies["django_language"] = "en"
    client.force_login(member)
    assert "My organisations" in client.get("/compte/profil/").content.decode()
    client.logout()
    client.cookies["django_language"] = "en"
    html = client.get("/compte/signup/").content.decode()
    assert "Sign-up is by invitation" in html


def test_the_compiled_english_catalogue_is_committed():
    with (ROOT / "locale" / "en" / "LC_MESSAGES" / "django.mo").open("rb") as mo:
        catalogue = gettext.GNUTranslations(mo)
    assert catalogue.gettext("Feuille de route") == "Roadmap"
    assert catalogue.gettext("L'inscription se fait sur invitation") == "Sign-up is by invitation"
    assert len(catalogue._catalog) > 100
