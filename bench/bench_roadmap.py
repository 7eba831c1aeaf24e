"""/vision/ speed: queries and time to compute its figures, uncached and cached, at 40,
400, 4,000 and 20,000 published projects (the query count must not move).

    .venv/bin/python bench/bench_roadmap.py            # a throwaway SQLite database
    DATABASE_URL=postgres://... .venv/bin/python bench/bench_roadmap.py --keep-db
"""

import argparse
import os
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup(keep_db: bool) -> None:
    if not keep_db:
        path = Path(tempfile.mkdtemp()) / "bench_roadmap.sqlite3"
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alliance.settings")
    # DEBUG stays off (production-like figures), so the run needs a key of its own.
    os.environ.setdefault("SECRET_KEY", "bench-" + os.urandom(32).hex())
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def grow_to(size: int, start: int) -> None:
    """Adds published projects start..size, with themes, stakes, communes and links."""
    from alliance.models import Commune, Stake, Theme
    from projects.models import Link, Need, Project

    themes = list(Theme.objects.all())
    stakes = list(Stake.objects.all())
    communes = list(Commune.objects.all())
    projects = Project.objects.bulk_create(
        Project(
            title=f"Projet {i}",
            slug=f"bench-projet-{i}",
            state=Project.State.PUBLISHED,
            phase=["idee", "etude", "operation"][i % 3],
            jobs=i % 9,
            co2_avoided=Decimal(i % 13),
            people_reached=i % 50,
        )
        for i in range(start, size)
    )
    Project.themes.through.objects.bulk_create(
        Project.themes.through(project=p, theme=themes[i % len(themes)])
        for i, p in enumerate(projects)
    )
    Project.stakes.through.objects.bulk_create(
        Project.stakes.through(project=p, stake=stakes[i % len(stakes)])
        for i, p in enumerate(projects)
    )
    Project.communes.through.objects.bulk_create(
        Project.communes.through(project=p, commune=communes[i % (len(communes) - 5)])
        for i, p in enumerate(projects)
    )
    Link.objects.bulk_create(
        Link(source=projects[i], target=projects[i + 1], kind="synergie")
        for i in range(0, len(projects) - 1, 4)
    )
    Need.objects.bulk_create(
        Need(project=p, kind="financement", description="Besoin") for p in projects[::5]
    )


def measure() -> tuple[int, float, float]:
    from django.db import connection
    from django.test import Client

    from roadmap import vision

    executed = []

    def count(execute, sql, params, many, context):
        executed.append(sql)
        return execute(sql, params, many, context)

    client = Client()
    client.get("/vision/")  # warm up: URL resolver, templates
    vision.invalidate()
    with connection.execute_wrapper(count):
        started = time.perf_counter()
        assert client.get("/vision/").status_code == 200
        uncached = time.perf_counter() - started
    started = time.perf_counter()
    client.get("/vision/")
    cached = time.perf_counter() - started
    return len(executed), uncached * 1000, cached * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep-db", action="store_true", help="use the configured database")
    args = parser.parse_args()
    setup(args.keep_db)

    from alliance import demo

    demo.load_themes()
    demo.load_communes()
    print(f"{'projects':>9} {'queries':>8} {'uncached ms':>12} {'cached ms':>10}")
    done = 0
    for size in [40, 400, 4000, 20000]:
        grow_to(size, done)
        done = size
        queries, uncached, cached = measure()
        print(f"{size:>9} {queries:>8} {uncached:>12.1f} {cached:>10.1f}")


if __name__ == "__main__":
    main()
