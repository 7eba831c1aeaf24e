"""The interdependency graph, its metrics and its exports, computed in Python from one
query of projects and one of links (no query per node)."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.urls import reverse

from alliance.models import Theme
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
        ranked = sorted(self.nodes.values(), key=lambda n: (-self.degree[n["id"]], n["title"]))
        return [(n, self.degree[n["id"]]) for n in ranked[:limit] if self.degree[n["id"]]]

    def isolated(self) -> list[dict]:
        return [n for n in self.nodes.values() if not self.degree[n["id"]]]

    def groups(self) -> list[list[dict]]:
        """Connected groups (links taken as undirected), largest first, via union-find."""
        parent = {pk: pk for pk in self.nodes}

        def find(pk):
            while parent[pk] != pk:
                parent[pk] = parent[parent[pk]]
                pk = parent[pk]
            return pk

        for link in self.links:
            a, b = find(link["source_id"]), find(link["target_id"])
            if a != b:
                parent[a] = b
        members = defaultdict(list)
        for pk, node in self.nodes.items():
            members[find(pk)].append(node)
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
        return [
            {
                **link,
                "source": self.nodes[link["source_id"]],
                "target": self.nodes[link["target_id"]],
                "kind_label": kind_label(link["kind"]),
            }
            for link in self.links
        ]

    def legend(self) -> list[Theme]:
        """The main themes of the projects shown, in the themes' order."""
        used = {self.themes[n["theme_id"]] for n in self.nodes.values() if n["theme_id"]}
        return sorted(used, key=lambda t: (t.order, t.name))

    def color(self, node: dict) -> str:
        theme = self.themes.get(node["theme_id"])
        return (theme.color if theme else "") or DEFAULT_COLOR

    def cytoscape(self) -> dict:
        return {
            "nodes": [
                {
                    "data": {
                        "id": str(n["id"]),
                        "label": n["title"],
                        "color": self.color(n),
                        "degree": self.degree[n["id"]],
                        "url": reverse("projects:detail", args=[n["slug"]]),
                    }
                }
                for n in self.nodes.values()
            ],
            "edges": [
                {
                    "data": {
                        "id": f"l{link['id']}",
                        "source": str(link["source_id"]),
                        "target": str(link["target_id"]),
                        "kind": link["kind"],
                        "label": kind_label(link["kind"]),
                        "strength": link["strength"],
                    }
                }
                for link in self.links
            ],
        }

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


def build_graph(*, theme: Theme | None = None, kind: str = "") -> Graph:
    """Published projects (of `theme`, if given) and the links among them (of `kind`)."""
    projects = Project.objects.published()
    if theme is not None:
        projects = projects.in_theme(theme)
    themes = {t.pk: t for t in Theme.objects.all()}
    main = projects.main_themes(list(themes))
    nodes = {
        row["id"]: {**row, "theme_id": main.get(row["id"])}
        for row in projects.values("id", "title", "slug", "summary", "phase")
    }
    links = Link.objects.published()
    if kind:
        links = links.filter(kind=kind)
    links = [
        link
        for link in links.order_by("pk").values(
            "id", "source_id", "target_id", "kind", "strength", "description"
        )
        if link["source_id"] in nodes and link["target_id"] in nodes
    ]
    return Graph(nodes=nodes, links=links, themes=themes)
