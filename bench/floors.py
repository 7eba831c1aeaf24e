"""Floors for the two heavy data views, timed in the bench's own process: the same rows
fetched by raw SQL and written by json.dumps, nothing else. A view cannot beat its floor;
the ratio says what the ORM, the shaping and the framework cost on top of it. The memory
one request takes (its rise of the peak resident size) is measured here too."""

import gzip
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

if __name__ == "__main__":  # the child of _peak_mb: the project on the path first
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.urls import reverse

PUBLISHED = "publie"


def map_floor() -> bytes:
    """Every published project's point (its own, or its first commune's town hall) and its
    themes: the rows `projects:map_data` reads."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT id, latitude, longitude FROM projects_project
            WHERE state = %s AND latitude IS NOT NULL AND longitude IS NOT NULL
            UNION ALL
            SELECT DISTINCT ON (p.id) p.id, c.latitude, c.longitude
            FROM projects_project p
            JOIN projects_project_communes pc ON pc.project_id = p.id
            JOIN alliance_commune c ON c.id = pc.commune_id
            WHERE p.state = %s AND (p.latitude IS NULL OR p.longitude IS NULL)
            """,
            [PUBLISHED, PUBLISHED],
        )
        points = cursor.fetchall()
        cursor.execute(
            "SELECT t.project_id, t.theme_id FROM projects_project_themes t "
            "JOIN projects_project p ON p.id = t.project_id WHERE p.state = %s",
            [PUBLISHED],
        )
        themes = cursor.fetchall()
    return json.dumps({"points": points, "themes": themes}).encode()


def graph_floor() -> bytes:
    """Every published project's node columns, its themes, and the links between two
    published projects: the rows `projects:graph_data` reads."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, title, slug, summary, phase FROM projects_project WHERE state = %s",
            [PUBLISHED],
        )
        nodes = cursor.fetchall()
        cursor.execute(
            "SELECT t.project_id, t.theme_id FROM projects_project_themes t "
            "JOIN projects_project p ON p.id = t.project_id WHERE p.state = %s",
            [PUBLISHED],
        )
        themes = cursor.fetchall()
        cursor.execute(
            "SELECT l.id, l.source_id, l.target_id, l.kind, l.strength, l.description "
            "FROM projects_link l JOIN projects_project s ON s.id = l.source_id "
            "JOIN projects_project t ON t.id = l.target_id "
            "WHERE s.state = %s AND t.state = %s ORDER BY l.id",
            [PUBLISHED, PUBLISHED],
        )
        links = cursor.fetchall()
    data = {"nodes": nodes, "themes": themes, "links": links}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


def _median_ms(fn, runs: int, *, warm_up: bool = False) -> tuple[float, object]:
    """(median milliseconds of `runs` calls, what the last one returned)."""
    if warm_up:
        fn()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples) * 1000, result


def _resident_mb(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise LookupError(field)


def _peak_mb(what: str) -> float:
    """How far one call of a view (or a floor) raises the peak resident size of a fresh
    process (this module run as a script, the same settings): in the bench's own process,
    memory freed by earlier work would hide it. tracemalloc would count Python's
    allocations more exactly but makes a 50k graph several times slower."""
    child = subprocess.run(
        [sys.executable, __file__, what], capture_output=True, text=True, check=True
    )
    return float(child.stdout.split()[-1])


def _child(what: str) -> None:
    import django  # deferred: this module runs as a script in a process of its own

    django.setup()
    from django.test import Client  # deferred: after django.setup()
    from django.urls import resolve, reverse  # deferred: after django.setup()

    from bench.bench_site import HEADERS  # deferred: after django.setup()

    label, kind = what.rsplit("-", 1)
    url, floor = VIEWS[label]
    url = reverse(url)
    resolve(url)  # imports the view's modules before the measure
    client = Client(headers={**HEADERS, "Accept-Encoding": "identity"})
    call = floor if kind == "floor" else lambda: client.get(url)
    connection.ensure_connection()
    cache.clear()
    Path("/proc/self/clear_refs").write_text("5")  # Linux: resets the peak (VmHWM)
    before = _resident_mb("VmRSS")
    call()
    print(_resident_mb("VmHWM") - before)


VIEWS = {"map": ("projects:map_data", map_floor), "graph": ("projects:graph_data", graph_floor)}


def measure(client: Client, headers: dict, runs: int) -> list[dict]:
    """One row per data view: view and floor medians, their ratio, bytes, peak memory."""

    def cold(url: str, encoding: str):
        def get():
            cache.clear()  # the graph data is cached: each run computes it again
            response = client.get(url, headers={**headers, "Accept-Encoding": encoding})
            assert response.status_code == 200, (url, response.status_code)
            return response

        return get

    rows = []
    for name, (url_name, floor) in VIEWS.items():
        label, url = f"{name} data", reverse(url_name)
        # The map view gzips only when asked; the graph view always gzips what it caches.
        view = cold(url, "identity")
        view_ms, response = _median_ms(view, runs, warm_up=True)
        floor_ms, floor_body = _median_ms(floor, runs, warm_up=True)
        body = response.content
        rows.append(
            {
                "label": label,
                "url": url,
                "view_ms": view_ms,
                "floor_ms": floor_ms,
                "view_bytes": len(body),
                "gzip_bytes": len(gzip.compress(body, 6)),
                "floor_bytes": len(floor_body),
                "peak_mb": _peak_mb(f"{name}-view"),
            }
        )
    return rows


def print_rows(rows: list[dict], runs: int) -> None:
    print(f"\nData views against their floor (in-process, cache cleared, median of {runs})")
    print(
        f"{'view':<11} {'view ms':>8} {'floor ms':>9} {'ratio':>6} {'target':>7} "
        f"{'view KB':>8} {'gzip KB':>8} {'floor KB':>9} {'peak MB':>8}"
    )
    for row in rows:
        ratio = row["view_ms"] / row["floor_ms"]
        print(
            f"{row['label']:<11} {row['view_ms']:8.1f} {row['floor_ms']:9.1f} {ratio:6.2f} "
            f"{'ok' if ratio <= 2 else 'MISSED':>7} {row['view_bytes'] / 1024:8.1f} "
            f"{row['gzip_bytes'] / 1024:8.1f} {row['floor_bytes'] / 1024:9.1f} "
            f"{row['peak_mb']:8.1f}"
        )
    print(
        "  target: view <= 2x its floor (raw SQL of the same rows + json.dumps); peak MB is\n"
        "  how far one cold request raises the peak resident size of a fresh process;\n"
        "  the graph view's time includes the gzip it caches."
    )


if __name__ == "__main__":
    _child(sys.argv[1])
