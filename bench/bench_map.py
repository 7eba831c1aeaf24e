"""The projects map data at 10,000 and 50,000 published projects, 30 % of them without a
point of their own (they sit on their commune's town hall, stored on the row).

Run: .venv/bin/python bench/bench_map.py [--sizes 10000 50000] [--runs 7] [--rebuild]
                                         [--database NAME]
Prints, per size, in-process through the test client with Accept-Encoding: gzip:
  cold   the map data with its cache retired (a bumped version): query, GeoJSON, gzip;
  floor  raw SQL selecting the same rows (id, point, theme pairs) plus a json.dumps;
  warm   the same request answered from the cache;
  and whether the targets hold: cold <= 2x floor, warm <= 5 ms.
PostgreSQL database alliance_bench_map, or --database / BENCH_MAP_DB (created and migrated
on the first run, kept for the next; --rebuild starts again; one database serves every
size, the rows past `size` archived), Redis from REDIS_URL (default db 9).
bench/bench_map_first_load.py builds its data with `prepare()` from here.
"""

import argparse
import gzip
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB_NAME = os.environ.get("BENCH_MAP_DB", "alliance_bench_map")
URL = "/projets/carte/donnees.geojson"
WITHOUT_POINT = 0.3  # the share of projects placed at their commune's town hall
CREATED = "Bench map project"  # the title prefix of the rows this bench creates


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alliance.settings")
    # DEBUG stays off (production-like figures), so the run needs a key of its own.
    os.environ.setdefault("SECRET_KEY", "bench-" + os.urandom(32).hex())
    os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"
    os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/9")
    os.environ.setdefault("AXES_ENABLED", "0")
    os.environ.setdefault("MAP_TILE_URL", "")
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
    import django

    django.setup()


def _create_database(rebuild: bool) -> bool:
    """True when the database was (re)created and must be migrated."""
    args = ["-h", "127.0.0.1", "-U", "postgres"]
    exists = subprocess.run(
        ["psql", *args, "-tAc", f"SELECT 1 FROM pg_database WHERE datname = '{DB_NAME}'"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if exists and not rebuild:
        return False
    if exists:
        subprocess.run(["dropdb", *args, DB_NAME], check=True)
    subprocess.run(["createdb", *args, DB_NAME], check=True)
    return True


def _add_projects(start: int, stop: int) -> None:
    from alliance.models import Commune, Theme
    from projects.models import Project

    rng = random.Random(start)
    themes = list(Theme.objects.all())
    communes = list(Commune.objects.exclude(latitude=None))
    rows = []
    for i in range(start, stop):
        own = rng.random() >= WITHOUT_POINT
        rows.append(
            Project(
                title=f"{CREATED} {i}",
                slug=f"bench-map-{i}",
                summary="Un projet à impact social et environnemental positif.",
                state=Project.State.PUBLISHED,
                phase=Project.Phase.values[i % 3],
                # a point picked on the map: as many decimals as the browser gives
                latitude=rng.uniform(43.50, 43.72) if own else None,
                longitude=rng.uniform(1.25, 1.60) if own else None,
            )
        )
    projects = Project.objects.bulk_create(rows, batch_size=5000)
    Project.themes.through.objects.bulk_create(
        [
            Project.themes.through(project_id=p.pk, theme_id=themes[(p.pk + k) % len(themes)].pk)
            for p in projects
            for k in (0, 5)
        ],
        batch_size=10000,
    )
    Project.communes.through.objects.bulk_create(
        [
            Project.communes.through(project_id=p.pk, commune_id=rng.choice(communes).pk)
            for p in projects
        ],
        batch_size=10000,
    )
    # bulk_create sends no m2m_changed: store the fallback points as the signals would
    Project.objects.filter(town_hall_latitude=None).place_at_town_halls()


def prepare(size: int, *, rebuild: bool = False) -> None:
    """Django set up on alliance_bench_map holding exactly `size` bench projects."""
    fresh = _create_database(rebuild)
    setup_django()
    from django.core.management import call_command

    from alliance import tallies
    from alliance.demo import load_communes, load_themes
    from projects import cache
    from projects.models import Project

    # A database kept from an earlier run gets the migrations added since (seconds at most).
    print(f"migrating {DB_NAME}...", flush=True)
    call_command("migrate", verbosity=0)
    if fresh:
        load_themes()
        load_communes()
    ours = Project.objects.filter(title__startswith=CREATED)
    count = ours.count()
    if count < size:
        print(f"adding {size - count} projects...", flush=True)
        _add_projects(count, size)
    # Exactly `size` published: the rest archived (an UPDATE, much faster than deleting),
    # touching only the rows whose state changes: rewriting every row at each run left the
    # table bloated (dead row versions) and its statistics stale, which slowed the cold map
    # data and the floor alike, as autovacuum would not let them in production.
    first = ours.order_by("pk").values_list("pk", flat=True)[size - 1]
    published, archived = Project.State.PUBLISHED, Project.State.ARCHIVED
    ours.filter(pk__lte=first).exclude(state=published).update(state=published)
    ours.filter(pk__gt=first).exclude(state=archived).update(state=archived)
    tallies.refresh_all()  # an UPDATE sends no signal: the stored counts, recounted
    vacuum()
    cache.bump()


def vacuum() -> None:
    """What autovacuum keeps true in production: no dead rows, fresh statistics."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "VACUUM ANALYZE projects_project, projects_project_themes, projects_project_communes"
        )


def floor() -> bytes:
    """The same rows straight from PostgreSQL, dumped as JSON: what no code can beat."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT id,
                      CASE WHEN latitude IS NOT NULL AND longitude IS NOT NULL
                           THEN latitude ELSE town_hall_latitude END AS lat,
                      CASE WHEN latitude IS NOT NULL AND longitude IS NOT NULL
                           THEN longitude ELSE town_hall_longitude END AS lng
               FROM projects_project WHERE state = %s""",
            ["publie"],
        )
        rows = [row for row in cursor.fetchall() if row[1] is not None and row[2] is not None]
        cursor.execute(
            """SELECT t.project_id, t.theme_id FROM projects_project_themes t
               JOIN projects_project p ON p.id = t.project_id WHERE p.state = %s""",
            ["publie"],
        )
        pairs = cursor.fetchall()
    return json.dumps({"rows": rows, "themes": pairs}).encode()


def median_seconds(fn, runs: int) -> float:
    fn()  # warm the code paths (and, for `warm`, the cache)
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def measure(size: int, runs: int) -> dict:
    from django.test import Client

    from projects import cache

    client = Client(headers={"Accept-Encoding": "gzip"})

    def cold():
        cache.bump()
        response = client.get(URL)
        assert response.status_code == 200 and response["Content-Encoding"] == "gzip"
        return response

    def warm():
        response = client.get(URL)
        assert response.status_code == 200
        return response

    body = cold().content
    figures = {
        "size": size,
        "cold": median_seconds(cold, runs),
        "floor": median_seconds(floor, runs),
        "warm": median_seconds(warm, runs * 5),
        "gzip_bytes": len(body),
        "features": len(json.loads(gzip.decompress(body))["features"]),
    }
    return figures


def report(f: dict) -> bool:
    cold_ok = f["cold"] <= 2 * f["floor"]
    warm_ok = f["warm"] <= 0.005
    print(
        f"{f['size']:>6} projects, {f['features']} on the map, {f['gzip_bytes'] / 1024:.0f} KB"
        f" gzipped\n"
        f"        cold  {f['cold'] * 1000:7.1f} ms   floor {f['floor'] * 1000:7.1f} ms"
        f"   ratio {f['cold'] / f['floor']:.2f}  (target <= 2.00: {'OK' if cold_ok else 'MISSED'})\n"
        f"        warm  {f['warm'] * 1000:7.2f} ms   (target <= 5 ms: {'OK' if warm_ok else 'MISSED'})",
        flush=True,
    )
    return cold_ok and warm_ok


def main() -> int:
    global DB_NAME
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10000, 50000])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--database", default=DB_NAME, help="PostgreSQL database name")
    args = parser.parse_args()
    DB_NAME = args.database
    held = True
    for i, size in enumerate(sorted(args.sizes)):
        prepare(size, rebuild=args.rebuild and i == 0)
        held = report(measure(size, args.runs)) and held
    print("targets hold" if held else "targets MISSED")
    return 0 if held else 1


if __name__ == "__main__":
    sys.exit(main())
