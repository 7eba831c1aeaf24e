"""RSS and Atom feeds of what is new, read back with feedparser, filtered by theme and
commune, announced on the pages with <link rel="alternate">."""

import feedparser
import pytest
from django.test import Client
from django.utils import timezone

from circles.models import Meeting
from tests import factories

pytestmark = pytest.mark.django_db

SITE = "http://127.0.0.1:8000"
KINDS = ["projets", "idees", "reunions", "jalons"]


@pytest.fixture
def news():
    energy = factories.ThemeFactory(name="Énergie", slug="energie")
    water = factories.ThemeFactory(name="Eau", slug="eau")
    balma = factories.CommuneFactory(name="Balma", slug="balma")
    blagnac = factories.CommuneFactory(name="Blagnac", slug="blagnac")
    solar = factories.ProjectFactory(
        title="Toits solaires", summary="Panneaux", published_at=timezone.now()
    )
    solar.themes.add(energy)
    solar.communes.add(balma)
    factories.ProjectFactory(title="Brouillon", state="brouillon").themes.add(energy)
    factories.ProjectFactory(title="Mares", published_at=timezone.now()).communes.add(blagnac)
    space = factories.IdeaSpaceFactory(is_public=True)
    coop = factories.OrganisationFactory(commune=balma)
    factories.IdeaFactory(space=space, title="Composteur", organisation=coop).themes.add(water)
    factories.IdeaFactory(space=factories.IdeaSpaceFactory(is_public=False), title="Privée")
    meeting = factories.MeetingFactory(title="Plénière", commune=balma)
    meeting.themes.add(energy)
    factories.MeetingFactory(title="En ligne")
    factories.MilestoneFactory(title="Lancement", meeting=meeting).themes.add(energy)
    factories.MilestoneFactory(title="Bilan")
    return {"solar": solar}


def _parse(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, url
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.bozo_exception
    return response, parsed


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_feedparser_reads_every_feed(client, news, kind, fmt):
    response, parsed = _parse(client, f"/flux/{kind}.{fmt}")
    assert parsed.version == ("rss20" if fmt == "rss" else "atom10")
    assert parsed.entries
    for entry in parsed.entries:
        assert entry.link.startswith(SITE)
        assert entry.title
        assert entry.get("published_parsed") or entry.get("updated_parsed")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Last-Modified"]


def test_the_projects_feed_has_published_projects_with_their_themes(client, news):
    _, parsed = _parse(client, "/flux/projets.atom")
    titles = [entry.title for entry in parsed.entries]
    assert set(titles) == {"Toits solaires", "Mares"}
    solar = next(e for e in parsed.entries if e.title == "Toits solaires")
    assert solar.link == SITE + news["solar"].get_absolute_url()
    assert solar.summary == "Panneaux"
    assert [tag.term for tag in solar.tags] == ["Énergie"]


@pytest.mark.parametrize(
    ("url", "titles"),
    [
        ("/flux/projets.rss?theme=energie", {"Toits solaires"}),
        ("/flux/projets.rss?commune=blagnac", {"Mares"}),
        ("/flux/idees.rss?commune=balma", {"Composteur"}),
        ("/flux/idees.rss?theme=energie", set()),
        ("/flux/reunions.rss?commune=balma&theme=energie", {"Plénière"}),
        ("/flux/jalons.rss?commune=balma", {"Lancement"}),
        ("/flux/jalons.rss?theme=energie", {"Lancement"}),
    ],
)
def test_feeds_filter_by_theme_and_commune(client, news, url, titles):
    _, parsed = _parse(client, url)
    assert {entry.title for entry in parsed.entries} == titles


def test_a_private_space_never_shows_in_the_ideas_feed(client, news):
    _, parsed = _parse(client, "/flux/idees.rss")
    assert [entry.title for entry in parsed.entries] == ["Composteur"]


def test_an_unknown_filter_is_a_404(client, news):
    assert client.get("/flux/projets.rss?theme=inconnu").status_code == 404
    assert client.get("/flux/podcasts.rss").status_code == 404


def test_feeds_honour_conditional_requests(client, news):
    first = client.get("/flux/reunions.atom")
    assert (
        client.get("/flux/reunions.atom", headers={"If-None-Match": first["ETag"]}).status_code
        == 304
    )
    assert client.head("/flux/reunions.atom")["ETag"] == first["ETag"]
    Meeting.objects.filter(title="Plénière").update(title="Plénière d'automne")
    changed = client.get("/flux/reunions.atom", headers={"If-None-Match": first["ETag"]})
    assert changed.status_code == 200


def test_a_feed_needs_a_fixed_number_of_queries(client, news, django_assert_max_num_queries):
    theme = factories.ThemeFactory()
    for _ in range(20):
        factories.ProjectFactory(published_at=timezone.now()).themes.add(theme)
        factories.MeetingFactory().themes.add(theme)
    for kind in KINDS:
        with django_assert_max_num_queries(5):
            assert client.get(f"/flux/{kind}.rss").status_code == 200


@pytest.mark.parametrize(
    ("page", "kind"),
    [
        ("/projets/?theme=energie", "projets"),
        ("/idees/", "idees"),
        ("/agenda/", "reunions"),
        ("/feuille-de-route/", "jalons"),
        ("/donnees/", "projets"),
    ],
)
def test_pages_announce_their_feeds(client, news, page, kind):
    body = client.get(page).content.decode()
    assert 'type="application/rss+xml"' in body
    assert f'href="/flux/{kind}.atom' in body
    if "theme=energie" in page:
        assert f'href="/flux/{kind}.rss?theme=energie"' in body


def test_an_english_reader_gets_the_themes_in_english(client, news):
    energy = news["solar"].themes.get()
    energy.name_en = "Energy"
    energy.save()
    client.cookies["django_language"] = "en"
    _response, parsed = _parse(client, "/flux/projets.rss")
    solar = next(entry for entry in parsed.entries if entry.title == "Toits solaires")
    assert [tag.term for tag in solar.tags] == ["Energy"]
    _response, parsed = _parse(Client(), "/flux/projets.rss")  # French by default
    solar = next(entry for entry in parsed.entries if entry.title == "Toits solaires")
    assert [tag.term for tag in solar.tags] == ["Énergie"]
