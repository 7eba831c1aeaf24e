"""The interdependency graph reads well: labels at 12 px or more that never cover each
other (at the default zoom, zoomed in and zoomed out, on one theme and on everything), a
legend of the link styles in both languages, and a node focused by keyboard alone."""

import re

import pytest
from django.conf import settings

from projects.models import Link
from tests import factories
from tests.browser.conftest import assert_accessible, at_once

pytestmark = pytest.mark.django_db(transaction=True)

WORDS = [
    "Ferme solaire citoyenne",
    "Méthaniseur agricole",
    "Recyclerie du quartier",
    "Bus au biogaz",
    "Jardins partagés",
    "Réseau de chaleur",
    "Épicerie solidaire",
    "Atelier vélo",
    "Compost collectif",
    "Tiers-lieu numérique",
    "Coopérative d'habitants",
]
KINDS = [Link.Kind.DEPENDS_ON, Link.Kind.FEEDS, Link.Kind.POOLS, Link.Kind.SYNERGY]

# What the page draws, read from cytoscape: each node whose label is painted (text shown,
# element visible), with its label's box on screen and its font size on screen.
LABELS_JS = """() => {
  const cy = document.getElementById('project-graph').cy;
  const zoom = cy.zoom();
  return cy.nodes().filter((n) => n.visible() && n.pstyle("label").strValue
      && n.pstyle('text-opacity').value > 0).map((n) => {
    const b = n.renderedBoundingBox({includeNodes: false, includeEdges: false, includeLabels: true});
    return {label: n.data('label'), px: n.pstyle('font-size').pfValue * zoom,
            box: [b.x1, b.y1, b.x2, b.y2]};
  });
}"""


@pytest.fixture
@at_once
def crowded_world():
    """66 projects: 14 in the first theme, the others in three more; six tight groups
    joined to one another, and a tension here and there. Built in one transaction, as a
    bulk load is: the graph groups' job then runs once, not after every row."""
    themes = [
        factories.ThemeFactory(name=name, slug=slug, color=color, order=order)
        for order, (name, slug, color) in enumerate(
            [
                ("Énergie", "energie", "#e67e22"),
                ("Déchets", "dechets", "#7d6608"),
                ("Mobilité", "mobilite", "#2471a3"),
                ("Alimentation", "alimentation", "#1e8449"),
            ]
        )
    ]
    projects = []
    for i in range(66):
        project = factories.ProjectFactory(title=f"{WORDS[i % len(WORDS)]} {i + 1}")
        project.themes.add(themes[0] if i < 14 else themes[1 + i % 3])
        projects.append(project)
    for i, project in enumerate(projects):
        group = i // 11
        for step in (1, 3):
            other = projects[group * 11 + (i % 11 + step) % 11]
            factories.LinkFactory(
                source=project, target=other, kind=KINDS[(i + step) % 4], strength=1 + i % 3
            )
        if i % 11 == 0:
            factories.LinkFactory(
                source=project, target=projects[(i + 11) % 66], kind=Link.Kind.TENSION
            )
    return projects


def open_graph(page, live_server, path: str) -> int:
    page.goto(live_server.url + path)
    page.wait_for_selector("#project-graph[data-labels]")
    return int(page.get_attribute("#project-graph", "data-nodes"))


ON_SCREEN_JS = """() => {
  const cy = document.getElementById('project-graph').cy;
  const ext = cy.extent();
  return cy.nodes().filter((n) => {
    const p = n.position();
    return p.x > ext.x1 && p.x < ext.x2 && p.y > ext.y1 && p.y < ext.y2;
  }).map((n) => n.data('label'));
}"""


def share_named(page, labels: list[dict]) -> float:
    """The share of the projects in view whose name is shown."""
    on_screen = set(page.evaluate(ON_SCREEN_JS))
    assert on_screen
    return len(on_screen & {lab["label"] for lab in labels}) / len(on_screen)


def zoom_to(page, factor: float) -> None:
    """Zooms around the graph's centre as the wheel does, then waits for the labels to be
    placed again (the page does it once the zoom rests)."""
    page.evaluate(
        """(factor) => {
          const el = document.getElementById('project-graph');
          delete el.dataset.labels;
          const cy = el.cy;
          cy.zoom({level: cy.zoom() * factor, renderedPosition: {x: cy.width() / 2, y: cy.height() / 2}});
        }""",
        factor,
    )
    page.wait_for_selector("#project-graph[data-labels]")


def pan_to_one_out_of_view(page) -> None:
    """Moves the view (a pan, the zoom kept) onto a project that was out of it, then waits
    for the labels."""
    page.evaluate(
        """() => {
          const el = document.getElementById('project-graph');
          const cy = el.cy;
          const ext = cy.extent();
          const out = cy.nodes().filter((n) => {
            const p = n.position();
            return !(p.x > ext.x1 && p.x < ext.x2 && p.y > ext.y1 && p.y < ext.y2);
          });
          delete el.dataset.labels;
          cy.center(out.first());
        }"""
    )
    page.wait_for_selector("#project-graph[data-labels]")


def assert_labels_readable_and_apart(page) -> list[dict]:
    labels = page.evaluate(LABELS_JS)
    small = [(lab["label"], round(lab["px"], 1)) for lab in labels if lab["px"] < 12]
    assert not small, f"labels under 12 px on screen: {small}"
    overlaps = []
    for i, a in enumerate(labels):
        for b in labels[i + 1 :]:
            (ax1, ay1, ax2, ay2), (bx1, by1, bx2, by2) = a["box"], b["box"]
            if ax1 < bx2 and bx1 < ax2 and ay1 < by2 and by1 < ay2:
                overlaps.append((a["label"], b["label"]))
    assert not overlaps, f"labels covering each other: {overlaps}"
    return labels


def test_the_default_theme_shows_its_labels_readable_and_apart(page, live_server, crowded_world):
    page.set_viewport_size({"width": 1280, "height": 900})
    nodes = open_graph(page, live_server, "/projets/interdependances/")
    assert nodes == 14
    labels = assert_labels_readable_and_apart(page)
    assert len(labels) >= 9, [lab["label"] for lab in labels]
    assert share_named(page, labels) >= 0.6


def test_everything_keeps_labels_apart_at_every_zoom(page, live_server, crowded_world):
    page.set_viewport_size({"width": 1280, "height": 900})
    nodes = open_graph(page, live_server, "/projets/interdependances/?tout=1")
    assert nodes == 66
    assert int(page.get_attribute("#project-graph", "data-edges")) == 66 * 2 + 6
    default = assert_labels_readable_and_apart(page)
    # The default zoom is the farthest where names read at 13 px: part of the 66 projects
    # is in view, and most of those are named.
    assert len(page.evaluate(ON_SCREEN_JS)) >= 8
    assert share_named(page, default) >= 0.6

    # So far out that names would read under 12 px: none is drawn.
    zoom_to(page, 0.3)
    assert assert_labels_readable_and_apart(page) == []

    # Zoomed in, the names hidden at the default zoom come back on the part in view.
    zoom_to(page, 1 / 0.3 * 1.6)
    near = assert_labels_readable_and_apart(page)
    assert share_named(page, near) >= 0.9

    # Moved elsewhere, the names are placed again for what comes into view.
    pan_to_one_out_of_view(page)
    moved = assert_labels_readable_and_apart(page)
    assert share_named(page, moved) >= 0.9


def test_a_node_is_focused_and_opened_by_keyboard_alone(page, live_server, crowded_world):
    page.set_viewport_size({"width": 1280, "height": 900})
    open_graph(page, live_server, "/projets/interdependances/?tout=1")
    for _ in range(80):
        if page.evaluate("document.activeElement.id") == "graph-node":
            break
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "graph-node"
    # Typing selects by name, as in any list; Enter focuses that project.
    page.keyboard.type("Bus au biogaz 15")
    page.keyboard.press("Enter")
    focused = page.evaluate("() => document.activeElement.outerHTML")
    assert "graph-open" in focused and "Ouvrir la fiche du projet « Bus au biogaz 15 »" in focused
    state = page.evaluate(
        """() => {
          const cy = document.getElementById('project-graph').cy;
          const node = cy.nodes('.focused');
          const around = node.closedNeighborhood();
          return {focused: node.map((n) => n.data('label')),
                  lit: around.nodes().every((n) => !n.hasClass('faded')),
                  dimmed: cy.nodes().difference(around.nodes()).every((n) => n.hasClass('faded')),
                  neighbours: node.neighborhood('node').length};
        }"""
    )
    assert state["focused"] == ["Bus au biogaz 15"]
    assert state["lit"] and state["dimmed"] and state["neighbours"] >= 2
    assert_labels_readable_and_apart(page)
    assert_accessible(page)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/projets/bus-au-biogaz-15/$"))
    assert page.inner_text("h1") == "Bus au biogaz 15"


def test_the_legend_names_link_kinds_and_intensity_in_french_and_english(
    page, live_server, crowded_world
):
    open_graph(page, live_server, "/projets/interdependances/?tout=1")
    legend = page.inner_text(".edge-legend")
    for words in ["Dépend de", "Alimente", "Mutualise avec", "En synergie avec", "En tension avec"]:
        assert words in legend
    assert "intensité 3 : forte" in legend
    assert (
        page.evaluate(
            "getComputedStyle(document.querySelector('.edge-sample[data-kind=tension]'))"
            ".borderTopStyle"
        )
        == "dashed"
    )

    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}]
    )
    open_graph(page, live_server, "/projets/interdependances/?tout=1")
    legend = page.inner_text(".edge-legend")
    for words in ["Link legend", "Depends on", "Feeds", "Pools with", "In synergy with"]:
        assert words in legend, legend
    assert "strength 3: strong" in legend
    page.select_option("#graph-node", label="Atelier vélo 8")
    page.click("#graph-picker button[type=submit]")
    assert page.inner_text("#graph-focus .graph-open") == "Open the project page “Atelier vélo 8”"
    assert "Show everything" in page.inner_text("#graph-focus")


@pytest.mark.parametrize("width", [375, 1280])
def test_graph_page_with_a_focused_node_and_its_table_pass_axe(
    page, live_server, crowded_world, width
):
    page.set_viewport_size({"width": width, "height": 800})
    open_graph(page, live_server, "/projets/interdependances/?tout=1")
    assert page.locator("table.links-table tbody tr").count() == 100
    assert_accessible(page)
    page.select_option("#graph-node", label="Jardins partagés 5")
    page.click("#graph-picker button[type=submit]")
    page.wait_for_selector("#graph-focus .graph-open")
    assert_labels_readable_and_apart(page)
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
