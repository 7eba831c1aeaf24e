"""The graph page stays small, its data is cached and compressed, and by default it shows a
theme, not everything."""

import gzip
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects.graph import build_graph
from projects.graph_json import CHUNK_ROWS, gzipped_json
from tests import factories
from tests.projects.factories import many_projects

pytestmark = pytest.mark.django_db


def test_page_without_filters_shows_one_theme_not_everything(client):
    energy = factories.ThemeFactory(name="Énergie", slug="energie", order=1)
    water = factories.ThemeFactory(name="Eau", slug="eau", order=2)
    factories.ProjectFactory(title="Ferme solaire").themes.add(energy)
    factories.ProjectFactory(title="Station d'épuration").themes.add(water)
    text = client.get("/projets/interdependances/").text
    assert "donnees.json?theme=energie" in text
    assert "Station d&#x27;épuration" not in text


def test_a_project_neighbourhood_is_two_steps(client):
    a, b, c, d = (factories.ProjectFactory(title=f"Projet {x}") for x in "ABCD")
    factories.LinkFactory(source=a, target=b)
    factories.LinkFactory(source=b, target=c)
    factories.LinkFactory(source=c, target=d)
    data = client.get(f"/projets/interdependances/donnees.json?projet={a.slug}").json()
    label = data["node_fields"].index("label")
    assert {n[label] for n in data["nodes"]} == {"Projet A", "Projet B", "Projet C"}


def test_two_clusters_joined_by_one_link_are_two_communities(django_capture_on_commit_callbacks):
    left = [factories.ProjectFactory() for _ in range(4)]
    right = [factories.ProjectFactory() for _ in range(4)]
    with django_capture_on_commit_callbacks(execute=True):  # the job that stores the groups
        for side in (left, right):
            for i, a in enumerate(side):
                for b in side[i + 1 :]:
                    factories.LinkFactory(source=a, target=b)
        factories.LinkFactory(source=left[0], target=right[0])
    groups = build_graph().groups()
    assert len(groups) == 2
    assert sorted(len(g) for g in groups) == [4, 4]


def test_page_stays_under_100_kb_with_many_projects(client):
    many_projects(600)
    response = client.get("/projets/interdependances/?tout=1")
    assert response.status_code == 200
    assert len(response.content) < 100_000


def test_data_is_gzipped_when_the_client_accepts_it_and_cached(client, django_assert_num_queries):
    many_projects(30)
    first = client.get("/projets/interdependances/donnees.json", HTTP_ACCEPT_ENCODING="gzip")
    assert first["Content-Encoding"] == "gzip"
    assert len(gzip.decompress(first.content)) > len(first.content)
    with django_assert_num_queries(0):
        again = client.get("/projets/interdependances/donnees.json")
    assert "Content-Encoding" not in again
    assert len(again.json()["nodes"]) == 30


def _main(response) -> str:
    """The page's own content (the layout's links name the address as it was asked)."""
    return response.text.split("<main", 1)[1].split("</main>", 1)[0]


def test_a_link_with_tracking_parameters_shares_the_cached_graph_page_and_data(
    client, django_assert_num_queries
):
    many_projects(30)
    client.get("/projets/interdependances/?tout=1")
    data = client.get("/projets/interdependances/donnees.json?tout=1").json()
    with CaptureQueriesContext(connection) as repeated:
        page = client.get("/projets/interdependances/?tout=1")
    assert len(repeated) <= 1  # the themes of the form's list; the summary comes cached
    with django_assert_num_queries(len(repeated)):
        tracked = client.get("/projets/interdependances/?utm_source=lettre&tout=1")
        again = client.get("/projets/interdependances/donnees.json?tout=1&fbclid=x1")
    assert _main(tracked) == _main(page) and "utm_source" not in _main(tracked)
    assert again.json() == data


def test_data_written_in_chunks_reads_as_one_json_document():
    rows = ((i, f"Projet « {i} »") for i in range(2 * CHUNK_ROWS + 3))
    data = {"fields": ["id", "label"], "nodes": rows, "edges": [], "kinds": {"a": "b"}}
    read = json.loads(gzip.decompress(gzipped_json(data)))
    assert read["nodes"][-1] == [2 * CHUNK_ROWS + 2, f"Projet « {2 * CHUNK_ROWS + 2} »"]
    assert len(read["nodes"]) == 2 * CHUNK_ROWS + 3
    assert (read["fields"], read["edges"], read["kinds"]) == (["id", "label"], [], {"a": "b"})
    assert json.loads(gzip.decompress(gzipped_json({}))) == {}
