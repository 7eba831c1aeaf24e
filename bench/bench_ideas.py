"""Colidée import speed and memory.

Imports 10,000 rows of a generated export and compares the rate with a bare bulk_create
of the same ideas (target: at least a quarter of its rows per second), then reports the
import's peak Python memory (tracemalloc) at 10,000 and 50,000 rows: it should grow far
less than the file, since rows are streamed and written in batches.

    .venv/bin/python bench/bench_ideas.py            # a throwaway SQLite database
    DATABASE_URL=postgres://... .venv/bin/python bench/bench_ideas.py --keep-db
"""

import argparse
import os
import sys
import tempfile
import time
import tracemalloc
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup(keep_db: bool) -> None:
    if not keep_db:
        path = Path(tempfile.mkdtemp()) / "bench_ideas.sqlite3"
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alliance.settings")
    # DEBUG stays off (production-like figures), so the run needs a key of its own.
    os.environ.setdefault("SECRET_KEY", "bench-" + os.urandom(32).hex())
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


THEMES = ["Énergie", "Mobilité", "Déchets", "Santé", "Tiers-lieux", "Inconnu"]


def export(n: int) -> bytes:
    start = datetime(2023, 2, 7, 18, 0)
    lines = ["Export Colidée", "", "Identifiant;Titre;Description;Auteur;Thème;J'aime;Date"]
    for i in range(n):
        when = (start + timedelta(minutes=i)).strftime("%d/%m/%Y %H:%M")
        body = f'"Description de l\'idée {i};\nsur deux lignes"'
        lines.append(
            f"c{i};Idée numéro {i};{body};Auteur {i % 300};{THEMES[i % 6]};{i % 40};{when}"
        )
    return "\n".join(lines).encode("utf-8")


def bare_bulk_create(space, n: int) -> float:
    from alliance.timezones import PARIS
    from ideas.models import Idea

    start = datetime(2023, 2, 7, 18, 0, tzinfo=PARIS)
    began = time.perf_counter()
    batch = []
    for i in range(n):
        batch.append(
            Idea(
                space=space,
                title=f"Idée numéro {i}",
                body=f"Description de l'idée {i};\nsur deux lignes",
                author_name=f"Auteur {i % 300}",
                source="import",
                source_id=f"c{i}",
                imported_likes=i % 40,
                created_at=start + timedelta(minutes=i),
            )
        )
        if len(batch) == 1000:
            Idea.objects.bulk_create(batch)
            batch = []
    Idea.objects.bulk_create(batch)
    return time.perf_counter() - began


def run_import(space, data: bytes) -> tuple[float, dict]:
    from ideas.services import import_file

    began = time.perf_counter()
    report = import_file(space, data, filename="bench.csv", dry_run=False)
    return time.perf_counter() - began, report


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--keep-db", action="store_true", help="use DATABASE_URL as it is")
    args = parser.parse_args()
    setup(args.keep_db)
    from alliance.models import Theme
    from ideas.models import IdeaSpace

    for name in THEMES[:-1]:
        Theme.objects.get_or_create(name=name, defaults={"slug": name.lower()})

    n = 10_000
    data = export(n)
    bare_space = IdeaSpace.objects.create(name="bench bare")
    bare = bare_bulk_create(bare_space, n)
    import_space = IdeaSpace.objects.create(name="bench import")
    took, report = run_import(import_space, data)
    assert report["new"] == n, report
    again, report = run_import(import_space, data)
    assert report["new"] == 0 and report["unchanged"] == n
    ratio = (n / took) / (n / bare)
    print(f"bare bulk_create      {n:>6} rows: {n / bare:>9,.0f} rows/s")
    print(f"import (parse+write)  {n:>6} rows: {n / took:>9,.0f} rows/s  ratio {ratio:.2f}")
    print(f"re-import, unchanged  {n:>6} rows: {n / again:>9,.0f} rows/s")
    print("target ratio >= 0.25:", "OK" if ratio >= 0.25 else "MISSED")

    for size in (10_000, 50_000):
        data = export(size)
        space = IdeaSpace.objects.create(name=f"bench memory {size}")
        tracemalloc.start()
        took, report = run_import(space, data)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert report["read"] == size
        print(
            f"import {size:>6} rows: file {len(data) / 1e6:5.1f} MB, "
            f"peak {peak / 1e6:6.1f} MB, {size / took:,.0f} rows/s (under tracemalloc)"
        )
    IdeaSpace.objects.filter(name__startswith="bench").delete()


if __name__ == "__main__":
    main()
