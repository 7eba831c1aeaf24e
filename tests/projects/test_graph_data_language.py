"""The graph data is cached per language: an English reader never gets French link kinds."""

import pytest

from projects.models import Link

pytestmark = pytest.mark.django_db


def test_each_language_gets_its_own_cached_graph_data(client):
    url = "/projets/interdependances/donnees.json?tout=1"
    french = client.get(url).json()["kinds"][Link.Kind.DEPENDS_ON]
    client.cookies["django_language"] = "en"
    english = client.get(url).json()["kinds"][Link.Kind.DEPENDS_ON]
    assert french.startswith("dépend")
    assert english != french and "depend" in english.lower()
