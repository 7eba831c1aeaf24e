"""The interdependency graph: data, metrics, theme matrix and the Kumu export."""

import json

import pytest
from django.core.cache import cache
from django.test import Client

from projects.graph import build_graph
from projects.models import Project
from tests import factories
from tests.projects.factories import many_projects

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(django_capture_on_commit_callbacks):
    energy = factories.ThemeFactory(name="Énergie", slug="energie", color="#e67e22", order=1)
    waste = factories.ThemeFactory(name="Déchets", slug="dechets", color="#7d6608", order=2)
    p = {}
    for name, theme in [("A", energy), ("B", energy), ("C", waste), ("D", waste), ("E", waste)]:
        p[name] = factories.ProjectFactory(title=f"Projet {name}")
        p[name].themes.add(theme)
    p["draft"] = factories.ProjectFactory(title="Projet brouillon", state=Project.State.DRAFT)
    # As a request would: the commit records the job that stores the graph's groups.
    with django_capture_on_commit_callbacks(execute=True):
        factories.LinkFactory(source=p["A"], target=p["B"], kind="depend")
        factories.LinkFactory(source=p["B"], target=p["C"], kind="alimente")
        factories.LinkFactory(source=p["A"], target=p["C"], kind="tension")
        factories.LinkFactory(source=p["A"], target=p["draft"], kind="depend")
    return p, energy, waste


def test_metrics_most_connected_isolated_and_groups(world):
    p, _, _ = world
    graph = build_graph()
    assert set(graph.nodes) == {p[k].pk for k in "ABCDE"}
    assert [(n["title"], d) for n, d in graph.most_connected()][:1] == [("Projet A", 2)]
    assert [n["title"] for n in graph.isolated()] == ["Projet D", "Projet E"]
    assert [[n["title"] for n in g] for g in graph.groups()] == [
        ["Projet A", "Projet B", "Projet C"]
    ]


def test_theme_matrix_counts_links_between_themes(world):
    _, energy, waste = world
    themes, rows = build_graph().matrix()
    assert themes == [energy, waste]
    assert rows == [[1, 2], [2, 0]]


def test_graph_filters_by_theme_and_kind(world):
    p, energy, _ = world
    assert set(build_graph(theme=energy).nodes) == {p["A"].pk, p["B"].pk}
    assert len(build_graph(theme=energy).links) == 1
    assert [link["kind"] for link in build_graph(kind="tension").links] == ["tension"]


def test_graph_page_shows_table_matrix_and_metrics(client, world):
    text = client.get("/projets/interdependances/?tout=1").text
    assert "Projets sans lien" in text and "Projet E" in text
    assert "Groupes de projets connectés" in text
    assert "en tension avec" in text
    assert '<th scope="row">Énergie</th>' in text
    assert "Projet brouillon" not in text
    assert 'data-url="/projets/interdependances/donnees.json?tout=1"' in text


def test_graph_data_for_cytoscape(client, world):
    p, _, _ = world
    data = client.get("/projets/interdependances/donnees.json?kind=depend").json()
    assert len(data["nodes"]) == 5
    edges = [dict(zip(data["edge_fields"], row, strict=True)) for row in data["edges"]]
    assert [e["source"] for e in edges] == [p["A"].pk]
    nodes = [dict(zip(data["node_fields"], row, strict=True)) for row in data["nodes"]]
    assert all({"id", "label", "color", "degree", "slug", "group"} <= set(n) for n in nodes)
    a = next(n for n in nodes if n["id"] == p["A"].pk)
    url = data["url_prefix"] + a["slug"] + "/"
    assert (a["color"], a["degree"], url) == ("#e67e22", 1, p["A"].get_absolute_url())


def test_graph_data_is_kept_per_language_and_never_outlives_a_cache_flush(client, world):
    p, _, _ = world
    url = "/projets/interdependances/donnees.json?kind=depend"
    english = Client()
    english.cookies["django_language"] = "en"
    french, translated = client.get(url).json(), english.get(url).json()
    assert (french["kinds"]["depend"], translated["kinds"]["depend"]) == ("dépend de", "depends on")
    assert client.get(url).json() == french  # kept, in French still
    cache.clear()  # Redis flushed: the versions start again, the same key comes back
    Project.objects.filter(pk=p["A"].pk).update(title="Projet A renommé")  # no signal
    nodes = client.get(url).json()["nodes"]
    assert "Projet A renommé" in json.dumps(nodes, ensure_ascii=False)


@pytest.mark.parametrize("n", [20, 200])
def test_graph_data_queries_do_not_grow(client, django_assert_num_queries, n):
    many_projects(n)
    with django_assert_num_queries(3):  # main themes' colours, projects, links
        data = client.get("/projets/interdependances/donnees.json").json()
    assert (len(data["nodes"]), len(data["edges"])) == (n, n - 1)


@pytest.mark.parametrize("n", [20, 200])
def test_graph_page_queries_do_not_grow(client, django_assert_num_queries, n):
    many_projects(n)
    # 5 for the graph, 2 for choosing and checking the default theme, 2 for the stored
    # summary, asked for its theme then for itself (none: its job runs on commit,
    # tests/projects/test_graph_summary.py)
    with django_assert_num_queries(9):
        assert client.get("/projets/interdependances/").status_code == 200


def test_graph_page_shown_again_builds_no_graph(client, django_assert_num_queries):
    many_projects(50)
    first = client.get("/projets/interdependances/?tout=1").text
    with django_assert_num_queries(1):  # the form's list of themes
        again = client.get("/projets/interdependances/?tout=1").text
    main = [html[html.index("<main") : html.index("</main>")] for html in (first, again)]
    assert main[0] == main[1]
    assert "Projet en masse 0001" in again


def test_default_graph_page_shown_again_asks_only_for_the_form(client, django_assert_num_queries):
    many_projects(50)
    client.get("/projets/interdependances/")
    with django_assert_num_queries(2):  # the chosen theme, checked; the list of themes
        assert "Projet en masse 0001" in client.get("/projets/interdependances/").text


def test_graph_page_is_computed_again_after_a_change(client):
    many_projects(5)
    assert "Projet renommé" not in client.get("/projets/interdependances/?tout=1").text
    project = Project.objects.order_by("pk").first()
    project.title = "Projet renommé"
    project.save()
    assert "Projet renommé" in client.get("/projets/interdependances/?tout=1").text


def test_kumu_blueprint_has_elements_and_connections(client, world):
    p, _, _ = world
    data = client.get("/projets/interdependances.kumu.json").json()
    assert {e["label"] for e in data["elements"]} == {f"Projet {k}" for k in "ABCDE"}
    element = next(e for e in data["elements"] if e["label"] == "Projet A")
    assert element["tags"] == ["Énergie"]
    assert element["url"].endswith(p["A"].get_absolute_url())
    assert {"from": "Projet A", "to": "Projet B", "type": "dépend de"}.items() <= next(
        c for c in data["connections"] if c["from"] == "Projet A" and c["to"] == "Projet B"
    ).items()
    assert len(data["connections"]) == 3
