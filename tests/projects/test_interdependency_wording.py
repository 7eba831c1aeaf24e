"""The interdependencies of a project page read in the direction of each link."""

import re

import pytest

from projects.models import Link
from tests import factories

pytestmark = pytest.mark.django_db


def _text(html: str, element_id: str) -> str:
    block = re.search(rf'id="{element_id}".*?</ul>', html, re.S).group(0)
    return " ".join(re.sub(r"<[^>]+>", " ", block).split())


def test_a_project_that_feeds_this_one_reads_as_feeding_this_project(client):
    project = factories.ProjectFactory(title="Bus à hydrogène")
    farm = factories.ProjectFactory(title="Ferme solaire")
    factories.LinkFactory(source=farm, target=project, kind=Link.Kind.FEEDS, strength=3)
    html = client.get(project.get_absolute_url()).text
    assert "Ce qui dépend de ce projet" not in html
    assert "Ferme solaire alimente ce projet (lien fort)" in _text(html, "links-in")
    assert 'id="links-out"' not in html


def test_links_this_project_declares_read_from_this_project_in_plain_french(client):
    project = factories.ProjectFactory(title="Ferme solaire")
    bus = factories.ProjectFactory(title="Bus à hydrogène")
    depot = factories.ProjectFactory(title="Dépôt partagé")
    factories.LinkFactory(source=project, target=bus, kind=Link.Kind.FEEDS, strength=1)
    factories.LinkFactory(source=project, target=depot, kind=Link.Kind.SYNERGY)
    html = client.get(project.get_absolute_url()).text
    links_out = _text(html, "links-out")
    assert "Ce projet alimente Bus à hydrogène (lien faible)" in links_out
    assert "Ce projet agit en synergie avec Dépôt partagé (lien moyen)" in links_out
    assert 'id="links-in"' not in html


def test_the_page_explains_what_intensity_means(client):
    project = factories.ProjectFactory()
    factories.LinkFactory(source=project, target=factories.ProjectFactory())
    html = client.get(project.get_absolute_url()).text
    assert 'id="strength-legend"' in html
    assert "fort (3)" in html and "ne peut pas avancer sans" in html


def test_the_project_page_offers_its_permanent_link_to_share(client):
    project = factories.ProjectFactory(title="Ombrières")
    html = client.get(project.get_absolute_url()).text
    assert f'value="http://testserver{project.get_absolute_url()}"' in html
    assert "js-copy-link" in html and "js-share" in html and 'data-title="Ombrières"' in html
    assert "js/ideas.js" in html
