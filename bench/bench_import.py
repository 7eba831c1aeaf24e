"""Idea import: rows per second against a bare bulk_create, and how fast hostile files
are refused.

Imports 10,000 rows of a generated export (unusual headers, themes, counts, dates,
statuses) from a stored-like file object and compares the rate with a bare
`bulk_create` of the same ideas (target: at least half its rows per second); then times
a re-import (unchanged and changed), and the refusal of a 2 GiB zip bomb, a sheet of
1 GiB of XML and a 10,000-column header (target: well under a second each).

    .venv/bin/python bench/bench_import.py                          # throwaway SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> .venv/bin/python bench/bench_import.py
"""

import io
import os
import sys
import tempfile
import time
import tracemalloc
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

N = 10_000
THEMES = ["Énergie", "Mobilité", "Déchets", "Santé", "Tiers-lieux", "Inconnu"]
STATUSES = ["Publiée", "Retenue", "En cours", "Rejetée", "Réalisée", "En délibéré"]


def setup() -> str:
    if not os.environ.get("DATABASE_URL"):
        path = Path(tempfile.mkdtemp()) / "bench_import.sqlite3"
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alliance.settings")
    # DEBUG stays off (no query log in memory), so the run needs a key of its own.
    os.environ.setdefault("SECRET_KEY", "bench-" + os.urandom(32).hex())
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    return connection.vendor


def export(n: int, *, body: str = "Description de l'idée") -> bytes:
    start = datetime(2023, 2, 7, 18, 0)
    lines = [
        "Export — Réunion de lancement",
        "",
        "N°;Titre de l'idée;Description of the idea;Proposé(e) par;Thématique;"
        "Nbre de soutiens;Nb. commentaires;Créée le;État;Adresse e-mail",
    ]
    for i in range(n):
        when = (start + timedelta(minutes=i)).strftime("%d/%m/%Y %H:%M")
        text = f'"{body} {i};\nsur deux lignes"'
        lines.append(
            f"c{i};Idée numéro {i};{text};Auteur·rice {i % 300};{THEMES[i % 6]};{i % 40};"
            f"{i % 7};{when};{STATUSES[i % 6]};a{i}@example.org"
        )
    return "\n".join(lines).encode("utf-8")


def bare_bulk_create(space, n: int) -> float:
    """The same ideas and theme links, written with nothing else around them."""
    from alliance.models import Theme
    from alliance.timezones import PARIS
    from ideas.models import Idea

    theme_ids = dict(Theme.objects.values_list("name", "pk"))
    start = datetime(2023, 2, 7, 18, 0, tzinfo=PARIS)
    began = time.perf_counter()
    through = Idea.themes.through
    for first in range(0, n, 1000):
        ideas = [
            Idea(
                space=space,
                title=f"Idée numéro {i}",
                body=f"Description de l'idée {i};\nsur deux lignes",
                author_name=f"Auteur {i % 300}",
                source="import",
                source_id=f"c{i}",
                source_theme=THEMES[i % 6],
                imported_likes=i % 40,
                imported_comments=i % 7,
                created_at=start + timedelta(minutes=i),
            )
            for i in range(first, min(n, first + 1000))
        ]
        Idea.objects.bulk_create(ideas)
        through.objects.bulk_create(
            through(idea_id=idea.pk, theme_id=theme_ids[idea.source_theme])
            for idea in ideas
            if idea.source_theme in theme_ids
        )
    return time.perf_counter() - began


def timed_import(space, data: bytes, filename: str = "bench.csv", *, dry_run: bool = False):
    from ideas import importer
    from ideas.imports import apply_import

    began = time.perf_counter()
    parsed = importer.parse(io.BytesIO(data), filename)  # streamed, as from the stored file
    report = apply_import(space, parsed, dry_run=dry_run)
    return time.perf_counter() - began, report


def refusal(label: str, data: bytes, filename: str) -> None:
    from ideas import importer

    tracemalloc.start()
    began = time.perf_counter()
    parsed = importer.parse(io.BytesIO(data), filename)
    took = time.perf_counter() - began
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert parsed.fatal, label
    verdict = "OK" if took < 0.5 else "MISSED"
    print(
        f"{label:<34} {len(data) / 1e6:6.1f} MB file: refused in {took * 1000:7.1f} ms, "
        f"peak {peak / 1e6:5.1f} MB  (< 500 ms: {verdict})"
    )
    print(f"    « {parsed.fatal} »")


def main() -> None:
    vendor = setup()
    from alliance.models import Theme
    from ideas.models import IdeaSpace
    from tests.ideas.hostile import GiB, zip_bomb

    for name in THEMES[:-1]:
        Theme.objects.get_or_create(name=name, defaults={"slug": name.lower()})
    print(f"database: {vendor}")
    data = export(N)
    bare_bulk_create(IdeaSpace.objects.create(name="bench warm-up"), N)  # caches, pages
    bare = bare_bulk_create(IdeaSpace.objects.create(name="bench bare"), N)
    space = IdeaSpace.objects.create(name="bench import")
    dry, report = timed_import(space, data, dry_run=True)
    took, report = timed_import(space, data)
    assert report["new"] == N and report["columns"].keys() >= {"title", "body", "likes"}, report
    again, report = timed_import(space, data)
    assert report["new"] == 0 and report["unchanged"] == N, report
    changed, report = timed_import(space, export(N, body="Nouvelle description"))
    assert report["changed_rows"] == N, report
    ratio = (N / took) / (N / bare)
    print(f"bare bulk_create        {N:>6} rows: {N / bare:>9,.0f} rows/s")
    print(f"dry run                 {N:>6} rows: {N / dry:>9,.0f} rows/s")
    print(f"import (parse + write)  {N:>6} rows: {N / took:>9,.0f} rows/s  ratio {ratio:.2f}")
    print(f"re-import, unchanged    {N:>6} rows: {N / again:>9,.0f} rows/s")
    print(f"re-import, all changed  {N:>6} rows: {N / changed:>9,.0f} rows/s")
    print("target ratio >= 0.5:", "OK" if ratio >= 0.5 else "MISSED")

    refusal("zip bomb (2 GiB shared strings)", zip_bomb(2 * GiB), "bomb.xlsx")
    refusal("huge sheet (1 GiB of XML)", zip_bomb(GiB, part="xl/worksheets/sheet1.xml"), "s.xlsx")
    header = ";".join(["Titre", *(f"colonne {i}" for i in range(9_999))])
    refusal("10,000 columns (CSV)", f"{header}\nIdée\n".encode(), "wide.csv")
    refusal("garbage bytes", os.urandom(5_000_000), "garbage.csv")
    IdeaSpace.objects.filter(name__startswith="bench").delete()


if __name__ == "__main__":
    main()
