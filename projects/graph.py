"""The interdependency graph, its metrics and its exports, computed in Python from one
query of projects and one of links (no query per node)."""

import heapq
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.urls import reverse

from alliance.models import Theme
from projects.communities import group_of
from projects.models import DEFAULT_COLOR, Link, Project


def kind_label(kind: str) -> str:
    """What a link's kind reads as: « dépend de », « alimente »…"""
    return str(Link.Kind(kind).label)


def phase_label(phase: str) -> str:
    return str(dict(Project.Phase.choices).get(phase, phase))


@dataclass
class Graph:
    nodes: dict[int, dict]
    links: list[dict]
    themes: dict[int, Theme]
    degree: Counter = field(default_factory=Counter)

    def __post_init__(self):
        for link in self.links:
            self.degree[link["source_id"]] += 1
            self.degree[link["target_id"]] += 1

    def most_connected(self, limit: int = 10) -> list[tuple[dict, int]]:
        linked = (self.nodes[pk] for pk in self.degree)
        ranked = heapq.nsmallest(limit, linked, key=lambda n: (-self.degree[n["id"]], n["title"]))
        return [(n, self.degree[n["id"]]) for n in ranked]

    def isolated(self) -> list[dict]:
        """The projects without a link here, by title."""
        alone = [n for n in self.nodes.values() if not self.degree[n["id"]]]
        return sorted(alone, key=lambda n: n["title"])

    def community_of(self) -> dict[int, int]:
        """Each linked project's community, as stored by the job (projects/communities.py):
        no computation per request."""
        nodes = self.nodes
        return {pk: group_of(pk, nodes[pk]["graph_community"]) for pk in self.degree}

    def groups(self) -> list[list[dict]]:
        """Communities of linked projects (see community_of), largest first."""
        members = defaultdict(list)
        for pk, community in self.community_of().items():
            members[community].append(self.nodes[pk])
        groups = [sorted(g, key=lambda n: n["title"]) for g in members.values() if len(g) > 1]
        return sorted(groups, key=lambda g: (-len(g), g[0]["title"]))

    def matrix(self) -> tuple[list[Theme], list[list[int]]]:
        """Theme x theme: how many links join a project of one to a project of the other
        (each project counted under its main theme)."""
        counts = Counter()
        for link in self.links:
            a = self.nodes[link["source_id"]]["theme_id"]
            b = self.nodes[link["target_id"]]["theme_id"]
            if a and b:
                counts[tuple(sorted((a, b)))] += 1
        used = sorted(
            {t for pair in counts for t in pair},
            key=lambda pk: (self.themes[pk].order, self.themes[pk].name),
        )
        rows = [[counts[tuple(sorted((a, b)))] for b in used] for a in used]
        return [self.themes[pk] for pk in used], rows

    def matrix_rows(self) -> list[tuple[Theme, list[int]]]:
        return list(zip(*self.matrix(), strict=True))

    def link_rows(self) -> list[dict]:
        """The links with their two projects and the label of their kind, for a table."""
        labels = {kind: str(label) for kind, label in Link.Kind.choices}
        return [
            {
                **link,
                "source": self.nodes[link["source_id"]],
                "target": self.nodes[link["target_id"]],
                "kind_label": labels[link["kind"]],
            }
            for link in self.links
        ]

    def summary(self, *, rows: int, groups: int, members: int) -> dict:
        """What the page shows of this graph, as data that holds no translated text (links'
        kinds as codes; Theme rows name themselves in the language of the page that shows
        them) so that it can be cached: the first `rows` links and unlinked projects, the
        `groups` largest groups and `members` of each, the matrix and the legend."""
        nodes, isolated, all_groups = self.nodes, self.isolated(), self.groups()

        def brief(node: dict) -> dict:
            return {"title": node["title"], "slug": node["slug"]}

        themes, matrix = self.matrix()
        return {
            "nodes_count": len(nodes),
            "links": [
                {
                    "source": brief(nodes[link["source_id"]]),
                    "target": brief(nodes[link["target_id"]]),
                    "kind": link["kind"],
                    "strength": link["strength"],
                }
                for link in self.links[:rows]
            ],
            "links_count": len(self.links),
            "isolated": [brief(n) for n in isolated[:rows]],
            "isolated_count": len(isolated),
            "groups": [(len(g), [brief(n) for n in g[:members]]) for g in all_groups[:groups]],
            "groups_count": len(all_groups),
            "most_connected": [(brief(n), degree) for n, degree in self.most_connected()],
            "matrix": list(zip(themes, matrix, strict=True)),
            "legend": self.legend(),
        }

    def legend(self) -> list[Theme]:
        """The main themes of the projects shown, in the themes' order."""
        used = {self.themes[n["theme_id"]] for n in self.nodes.values() if n["theme_id"]}
        return sorted(used, key=lambda t: (t.order, t.name))

    def color(self, node: dict) -> str:
        theme = self.themes.get(node["theme_id"])
        return (theme.color if theme else "") or DEFAULT_COLOR

    def kumu(self, site_url: str) -> dict:
        """A Kumu blueprint: elements keyed by unique labels, connections between them."""
        labels, seen = {}, Counter()
        for n in self.nodes.values():
            seen[n["title"]] += 1
        for n in self.nodes.values():
            labels[n["id"]] = n["title"] if seen[n["title"]] == 1 else f"{n['title']} ({n['slug']})"
        return {
            "elements": [
                {
                    "label": labels[n["id"]],
                    "type": "Projet",
                    "description": n["summary"],
                    "tags": [self.themes[n["theme_id"]].label] if n["theme_id"] else [],
                    "Phase": phase_label(n["phase"]),
                    "url": site_url + reverse("projects:detail", args=[n["slug"]]),
                }
                for n in self.nodes.values()
            ],
            "connections": [
                {
                    "from": labels[link["source_id"]],
                    "to": labels[link["target_id"]],
                    "type": kind_label(link["kind"]),
                    "direction": "directed",
                    "strength": link["strength"],
                    "description": link["description"],
                }
                for link in self.links
            ],
        }


def neighbourhood(project: Project, kind: str = "", steps: int = 2) -> set[int]:
    """The ids of the published projects at most `steps` links from `project`."""
    links = Link.objects.published()
    if kind:
        links = links.filter(kind=kind)
    pairs = list(links.values_list("source_id", "target_id"))
    around = defaultdict(set)
    for a, b in pairs:
        around[a].add(b)
        around[b].add(a)
    seen, frontier = {project.pk}, {project.pk}
    for _step in range(steps):
        frontier = {n for pk in frontier for n in around[pk]} - seen
        seen |= frontier
    return seen


# What the page and its data need of a project and of a link; the exports add the rest.
NODE_FIELDS = ("id", "title", "slug", "graph_community")
LINK_FIELDS = ("id", "source_id", "target_id", "kind", "strength")


def _selection(theme: Theme | None, kind: str, project: Project | None):
    """(published projects, links that may join two of them) for these filters: the links
    still have to be kept to those between two of the projects."""
    projects = Project.objects.published()
    if theme is not None:
        projects = projects.in_theme(theme)
    if project is not None:
        projects = projects.filter(pk__in=neighbourhood(project, kind))
    # Only the links between two of the projects are kept: those are published, so the
    # query needs no join on the projects' state.
    links = Link.objects.all()
    if kind:
        links = links.filter(kind=kind)
    if theme is not None:  # the links among the theme's projects: one index, no join
        ids = Project.themes.through.objects.filter(theme=theme).values("project_id")
        links = links.filter(source__in=ids, target__in=ids)
    elif project is not None:
        ids = projects.values("pk")
        links = links.filter(source__in=ids, target__in=ids)
    return projects, links.order_by("pk")


def build_graph(
    *,
    theme: Theme | None = None,
    kind: str = "",
    project: Project | None = None,
    detail: bool = False,
) -> Graph:
    """Published projects (of `theme`, or within two links of `project`, if given) and the
    links among them (of `kind`); with `detail`, the projects' summary and phase and the
    links' description too (for the exports)."""
    projects, links = _selection(theme, kind, project)
    themes = {t.pk: t for t in Theme.objects.all()}
    main = projects.main_themes(list(themes))
    node_fields = (*NODE_FIELDS, "summary", "phase") if detail else NODE_FIELDS
    nodes = {}
    # The exports list projects by title; the page and its data need no order (at 50k
    # projects that sort spills to disk).
    for row in projects.order_by("title" if detail else "pk").values(*node_fields):
        row["theme_id"] = main.get(row["id"])
        nodes[row["id"]] = row
    link_fields = (*LINK_FIELDS, "description") if detail else LINK_FIELDS
    links = [
        link
        for link in links.values(*link_fields)
        if link["source_id"] in nodes and link["target_id"] in nodes
    ]
    return Graph(nodes=nodes, links=links, themes=themes)


# Links read from the database at a time by the graph's data (a server-side cursor on
# PostgreSQL): 100,000 links at 50,000 projects are never all in memory.
LINK_CHUNK = 5000


def cytoscape(
    *, theme: Theme | None = None, kind: str = "", project: Project | None = None
) -> dict:
    """Nodes and edges for the page's script, as rows (the fields are named once, in
    `node_fields` and `edge_fields`): one reverse() and one label per kind for the whole
    graph (the script joins `url_prefix` and a slug, and reads `kinds`), with the groups the
    job stored. `edges` and `nodes` are generators, to be written in this order (with
    graph_json.gzipped_json): the edges count the degrees the nodes then show, and neither
    is held whole (at 50,000 projects, tens of MB less)."""
    projects, links = _selection(theme, kind, project)
    colors = projects.main_theme_colors()
    nodes = list(projects.order_by("pk").values_list("id", "title", "slug", "graph_community"))
    shown = {row[0] for row in nodes}
    kinds = {value: value for value in Link.Kind.values}  # one string per kind, not per row
    degree = Counter()

    def edges():
        for pk, source, target, kind, strength in links.values_list(*LINK_FIELDS).iterator(
            chunk_size=LINK_CHUNK
        ):
            if source in shown and target in shown:
                degree[source] += 1
                degree[target] += 1
                yield pk, source, target, kinds[kind], strength

    def node_rows():
        for pk, title, slug, community in nodes:
            linked = degree[pk]
            group = group_of(pk, community) if linked else 0
            yield pk, title, colors.get(pk) or DEFAULT_COLOR, linked, slug, group

    marker = "--slug--"
    return {
        "url_prefix": reverse("projects:detail", args=[marker]).replace(marker + "/", ""),
        "kinds": {kind: str(label) for kind, label in Link.Kind.choices},
        "node_fields": ["id", "label", "color", "degree", "slug", "group"],
        "edge_fields": ["id", "source", "target", "kind", "strength"],
        "edges": edges(),
        "nodes": node_rows(),
    }
