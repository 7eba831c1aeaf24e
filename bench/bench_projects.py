"""Projects at 10,000 projects and 20,000 links.

Run: .venv/bin/python bench/bench_projects.py [--projects 10000] [--links 20000]
Prints:
1. the map data endpoint (in-process, test client) against its floor: a raw SQL fetch of
   the same columns plus a json.dumps, in the same process (target: at most 2x);
2. the list page's throughput against a bare Django template view (same base layout)
   under the same gunicorn (target: at least 0.5x);
3. the map page's first-load weight without tiles: HTML + CSS + JS + GeoJSON it loads,
   raw and gzip (the map data is gzipped by the view; static files are gzipped by
   WhiteNoise in production), target at most 300 KB;
4. list, map data and graph data timings in-process.
Builds its data in a throwaway SQLite file (or the DATABASE_URL given).
"""

import argparse
import gzip
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = tempfile.mkdtemp(prefix="bench-projects-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alliance.settings")
# DEBUG stays off (production-like figures), so the run needs a key of its own.
os.environ.setdefault("SECRET_KEY", "bench-" + os.urandom(32).hex())
os.environ.setdefault("DATABASE_URL", f"sqlite:///{TMP}/bench.sqlite3")
os.environ.setdefault("AXES_ENABLED", "0")
os.environ.setdefault("MAP_TILE_URL", "")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402


def build(n_projects: int, n_links: int) -> None:
    from alliance.demo import load_communes, load_themes
    from alliance.models import Commune, Theme
    from projects.models import Link, Project

    load_themes()
    load_communes()
    themes = list(Theme.objects.all())
    communes = list(Commune.objects.all())
    projects = Project.objects.bulk_create(
        [
            Project(
                title=f"Projet de transition numéro {i}",
                slug=f"projet-{i}",
                summary="Un projet à impact social et environnemental positif.",
                state=Project.State.PUBLISHED if i % 20 else Project.State.SUBMITTED,
                phase=Project.Phase.values[i % 3],
                latitude=43.45 + (i % 100) / 300,
                longitude=1.25 + (i // 100) / 300,
            )
            for i in range(n_projects)
        ],
        batch_size=2000,
    )
    Project.themes.through.objects.bulk_create(
        [
            Project.themes.through(project=p, theme=themes[(p.pk + k) % len(themes)])
            for p in projects
            for k in (0, 5)
        ],
        batch_size=5000,
    )
    Project.communes.through.objects.bulk_create(
        [
            Project.communes.through(project=p, commune=communes[p.pk % len(communes)])
            for p in projects
        ],
        batch_size=5000,
    )
    kinds = Link.Kind.values
    rng = random.Random(42)
    links, seen = [], set()
    while len(links) < n_links:
        a, b = rng.choice(projects), rng.choice(projects)
        key = (a.pk, b.pk, rng.choice(kinds))
        if a.pk != b.pk and key not in seen:
            seen.add(key)
            links.append(Link(source=a, target=b, kind=key[2]))
    Link.objects.bulk_create(links, batch_size=5000)


def timed(fn, runs: int) -> float:
    fn()  # warm up
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def floor_map_data() -> bytes:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, latitude, longitude FROM projects_project WHERE state = %s",
            ["publie"],
        )
        rows = cursor.fetchall()
        cursor.execute("SELECT project_id, theme_id FROM projects_project_themes")
        pairs = cursor.fetchall()
    return json.dumps({"rows": rows, "themes": pairs}).encode()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def throughput(base: str, path: str, requests: int, concurrency: int) -> float:
    counter = iter(range(requests))
    lock = threading.Lock()
    errors = []

    def worker():
        while True:
            with lock:
                if next(counter, None) is None:
                    return
            with urllib.request.urlopen(base + path, timeout=30) as response:
                response.read()
                if response.status != 200:
                    errors.append(response.status)

    urllib.request.urlopen(base + path, timeout=30).read()  # warm up
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise RuntimeError(f"{path}: {errors[:5]}")
    return requests / (time.perf_counter() - start)


def gunicorn_figures(requests: int, workers: int) -> tuple[float, float]:
    port = free_port()
    env = {**os.environ, "DEBUG": "0", "ALLOWED_HOSTS": "127.0.0.1", "LOG_LEVEL": "ERROR"}
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "--chdir",
            str(ROOT),
            "--pythonpath",
            str(ROOT / "bench"),
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "error",
            "bench_projects_wsgi:application",
        ],
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/bench/bare/", timeout=2).read()
                break
            except OSError:
                time.sleep(0.2)
        bare = throughput(base, "/bench/bare/", requests, workers * 2)
        listing = throughput(base, "/projets/", requests, workers * 2)
    finally:
        server.terminate()
        server.wait(timeout=10)
    return bare, listing


def first_load_weight(client: Client) -> list[tuple[str, int, int]]:
    from django.contrib.staticfiles import finders

    html = client.get("/projets/carte/").content
    parts = [("HTML /projets/carte/", html)]
    for url in re.findall(rb'(?:href|src)="(/static/[^"]+)"', html):
        path = url.decode()[len("/static/") :]
        parts.append((f"/static/{path}", Path(finders.find(path)).read_bytes()))
    for name in ["/projets/carte/donnees.geojson", "/projets/carte/contour.geojson"]:
        response = client.get(name, headers={"Accept-Encoding": "identity"})
        parts.append((name, response.content))
    return [(name, len(body), len(gzip.compress(body, 6))) for name, body in parts]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--projects", type=int, default=10_000)
    parser.add_argument("--links", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    print(f"database: {connection.vendor} ({os.environ['DATABASE_URL'].split('@')[-1]})")
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    build(args.projects, args.links)
    print(
        f"built {args.projects} projects, {args.links} links in {time.perf_counter() - started:.1f}s"
    )

    client = Client()
    endpoint = timed(lambda: client.get("/projets/carte/donnees.geojson"), args.runs)
    floor = timed(floor_map_data, args.runs)
    print(f"\n1. map data endpoint vs floor (median of {args.runs} runs)")
    print(f"   endpoint  {endpoint * 1000:8.1f} ms  (/projets/carte/donnees.geojson, gzip off)")
    print(f"   floor     {floor * 1000:8.1f} ms  (raw SQL of the same columns + json.dumps)")
    print(f"   ratio     {endpoint / floor:8.2f} x  (target <= 2)")

    bare, listing = gunicorn_figures(args.requests, args.workers)
    print(f"\n2. throughput under gunicorn ({args.workers} workers, {args.requests} requests)")
    print(f"   bare template view  {bare:7.1f} req/s")
    print(f"   /projets/           {listing:7.1f} req/s")
    print(f"   ratio               {listing / bare:7.2f}    (target >= 0.5)")

    parts = first_load_weight(client)
    print("\n3. map page first load, without tiles")
    for name, raw, packed in parts:
        print(f"   {raw / 1024:8.1f} KB raw {packed / 1024:8.1f} KB gzip  {name}")
    raw_total, gzip_total = sum(p[1] for p in parts), sum(p[2] for p in parts)
    print(f"   {raw_total / 1024:8.1f} KB raw {gzip_total / 1024:8.1f} KB gzip  TOTAL")
    print("   (as served: the map data is gzipped by its view, static files by WhiteNoise")
    print("   in production; target <= 300 KB)")

    print("\n4. in-process timings (median)")
    for name in [
        "/projets/",
        "/projets/?theme=energie",
        "/projets/carte/donnees.geojson?theme=energie",
        "/projets/interdependances/donnees.json",
        "/projets/projet-1/",
    ]:
        print(f"   {timed(lambda n=name: client.get(n), 3) * 1000:8.1f} ms  {name}")


if __name__ == "__main__":
    main()
