"""The site in English: key pages rendered with the English switch read no French, and the
scripts' strings go through the JavaScript catalogue."""

import html
import re
from pathlib import Path

import pytest
from django.conf import settings

from tests import factories

# Common French words and the site's own vocabulary: none should survive in English pages.
FRENCH = [
    " le ",
    " les ",
    " des ",
    " du ",
    " une ",
    " et ",
    "Projets",
    "Cercle",
    "réunion",
    "Connectez-vous",
    "Se connecter",
    " pour ",
    " avec ",
    " de la ",
    "Idées",
    "Acteurs",
    "Besoins",
    "Thème",
    "Enjeu",
    "Rechercher",
    "Énergie",
    "Mobilité",
    "Santé",
    "Déchets",
]

HIDDEN = re.compile(r"<(script|style)\b.*?</\1>", re.S | re.I)
ATTRIBUTES = re.compile(r'\b(?:aria-label|title|placeholder|alt)="([^"]*)"')
TAGS = re.compile(r"<[^>]+>")


def visible_text(page: str) -> str:
    """The text a person reads or hears: tag contents and labelling attributes."""
    page = HIDDEN.sub(" ", page)
    labels = " ".join(ATTRIBUTES.findall(page))
    return " " + html.unescape(TAGS.sub(" ", page) + " " + labels).replace("\n", " ") + " "


def french_in(page: str) -> list[str]:
    text = re.sub(r"\s+", " ", visible_text(page))
    found = []
    for word in FRENCH:
        for match in re.finditer(re.escape(word), text):
            found.append(text[max(0, match.start() - 50) : match.end() + 50])
    return found


@pytest.fixture
def english_world(db):
    """Neutral or English content: what remains French on the page is the site's."""
    energy = factories.ThemeFactory(name="Énergie", name_en="Energy", slug="energie")
    commune = factories.CommuneFactory(name="Blagnac", slug="blagnac")
    organisation = factories.OrganisationFactory(name="Solar Coop", commune=commune)
    organisation.themes.add(energy)
    project = factories.ProjectFactory(title="Solar farm", summary="Water and sun.")
    project.themes.add(energy)
    project.communes.add(commune)
    factories.ParticipationFactory(project=project, organisation=organisation)
    circle = factories.CircleFactory(name="Energy circle")
    factories.MeetingFactory(circle=circle, title="Kick-off", place="Town hall")
    space = factories.IdeaSpaceFactory(name="Water ideas", is_public=True)
    idea = factories.IdeaFactory(space=space, title="Rain tanks", body="Collect rain water.")
    factories.NeedFactory(project=project, description="Volunteers wanted.")
    return {
        "project": project.get_absolute_url(),
        "organisation": organisation.get_absolute_url(),
        "circle": circle.get_absolute_url(),
        "space": space.get_absolute_url(),
        "idea": idea.get_absolute_url(),
    }


PAGES = [
    "/",
    "/projets/",
    "project",
    "/projets/carte/",
    "/acteurs/",
    "organisation",
    "/cercles/",
    "circle",
    "/agenda/",
    "/vision/",
    "space",
    "idea",
    "/besoins/",
    "/recherche/?q=eau",
    "/compte/login/",
]


@pytest.mark.parametrize("role", ["anonymous", "member"])
def test_key_pages_in_english_read_no_french(client_as, role, english_world):
    client = client_as(role)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    failures = {}
    for page in PAGES:
        url = english_world.get(page, page)
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        found = french_in(response.content.decode())
        if found:
            failures[url] = found[:5]
    assert not failures, failures


def test_theme_names_follow_the_active_language(db):
    from django.utils import translation

    theme = factories.ThemeFactory(name="Énergie", name_en="Energy", slug="energie")
    with translation.override("en"):
        assert theme.label == "Energy" and str(theme) == "Energy"
    with translation.override("fr"):
        assert theme.label == "Énergie"


SCRIPTS = Path(settings.BASE_DIR) / "static" / "js"
# A string literal holding a French accented letter or typographic space before punctuation.
FRENCH_LITERAL = re.compile(r"""(["'`])((?:(?!\1).)*?[àâçéèêëîïôûùüÿœÀÉÈÊ](?:(?!\1).)*?)\1""")


def test_scripts_hold_no_french_literal_outside_gettext():
    offenders = []
    for script in sorted(SCRIPTS.glob("*.js")):
        for number, line in enumerate(script.read_text().splitlines(), 1):
            code = line.split("//", 1)[0]
            for match in FRENCH_LITERAL.finditer(code):
                before = code[: match.start()].rstrip()
                if not before.endswith(("gettext(", "ngettext(", "pgettext(")):
                    offenders.append(f"{script.name}:{number}: {match.group(0)}")
    assert not offenders, offenders


def test_a_project_page_in_english_names_its_theme_in_english(client, english_world):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(english_world["project"]).content.decode()
    assert "Energy" in visible_text(page)
