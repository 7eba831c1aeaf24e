"""Search at 10,000 projects: the typo, place, theme and plain-word queries, p50 and p95.

    DATABASE_URL=postgres://... .venv/bin/python bench/bench_search.py   # PostgreSQL (the target)
    .venv/bin/python bench/bench_search.py                               # SQLite in memory

Builds 10,000 projects with French titles, communes and themes, and 2,000 organisations,
in a dedicated database (`bench_search_<DATABASE_URL's name>`, or BENCH_DB_NAME; dropped
afterwards), analyses it as autovacuum would a live database, then times each search
through the search function (what the page does, without the template). The target:
p50 <= 50 ms for every query on PostgreSQL.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alliance.settings")
os.environ.setdefault("SECRET_KEY", "bench-" + os.urandom(32).hex())
os.environ.setdefault("AXES_ENABLED", "0")

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import AnonymousUser  # noqa: E402
from django.db import connection  # noqa: E402

from network.search import index  # noqa: E402
from network.search.query import search_or_suggest  # noqa: E402

PROJECTS, ORGANISATIONS, RUNS = 10_000, 2_000, 30
THEMES = ["Énergie", "Mobilité", "Alimentation", "Déchets", "Eau", "Biodiversité", "Habitat"]
COMMUNES = ["Toulouse", "Blagnac", "Colomiers", "Saint-Orens-de-Gameville", "Tournefeuille",
            "Balma", "L'Union", "Ramonville-Saint-Agne", "Cugnaux", "Muret"]  # fmt: skip
NOUNS = ["Ferme solaire", "Réseau de chaleur", "Covoiturage", "Recyclerie", "Jardin partagé",
         "Rénovation énergétique", "Piste cyclable", "Compostage", "Épicerie solidaire",
         "Récupération d'eau de pluie", "Mobilité douce", "Atelier vélo"]  # fmt: skip
PLACES = ["des écoles", "du quartier", "de la zone d'activité", "citoyen", "intercommunal"]
TARGET_MS = 50
QUERIES = {"typo": "mobilté", "place": "Saint-Orens", "theme": "energie", "plain word": "vélo"}


def build() -> None:
    from actors.models import Organisation
    from alliance.models import Commune, Theme
    from projects.models import Project

    themes = [Theme.objects.create(name=n, slug=f"b-{i}", color="#0b6e4f") for i, n in enumerate(THEMES)]  # fmt: skip
    communes = [
        Commune.objects.create(
            name=n,
            slug=f"b-{i}",
            insee_code=f"{31500 + i}",
            vintage=2024,
            latitude=43.6,
            longitude=1.44,
        )  # fmt: skip
        for i, n in enumerate(COMMUNES)
    ]
    projects = Project.objects.bulk_create(
        Project(
            title=f"{NOUNS[i % len(NOUNS)]} {PLACES[i % 5]} n°{i}",
            slug=f"b-{i}",
            summary=f"Un projet {PLACES[(i * 3) % 5]} porté par des habitants.",
            description="Un texte de description, comme ceux des vrais projets. " * 5,
            state="publie",
        )  # fmt: skip
        for i in range(PROJECTS)
    )
    Project.themes.through.objects.bulk_create(
        Project.themes.through(project_id=p.pk, theme_id=themes[i % 7].pk)
        for i, p in enumerate(projects)
    )
    Project.communes.through.objects.bulk_create(
        Project.communes.through(project_id=p.pk, commune_id=communes[(i * 7) % 10].pk)
        for i, p in enumerate(projects)
    )
    Organisation.objects.bulk_create(
        Organisation(
            name=f"Association {NOUNS[i % 12]} {i}",
            slug=f"b-o-{i}",
            kind="association",
            commune=communes[i % 10],
        )  # fmt: skip
        for i in range(ORGANISATIONS)
    )
    index.rebuild()  # bulk_create sends no signal
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # bulk-built tables have no statistics yet


def main() -> None:
    # One database per lane or checkout: two benches at once must not drop each other's.
    name = os.environ.get("BENCH_DB_NAME") or f"bench_search_{connection.settings_dict['NAME']}"
    connection.settings_dict.setdefault("TEST", {})["NAME"] = name
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        started = time.perf_counter()
        build()
        print(f"{PROJECTS} projects built and indexed in {time.perf_counter() - started:.1f} s"
              f" on {connection.vendor}")  # fmt: skip
        user = AnonymousUser()
        medians = []
        for label, query in QUERIES.items():
            results = search_or_suggest(query, user)  # warm up
            found = {g.key: g.count for g in results.groups}
            times = []
            for _ in range(RUNS):
                t = time.perf_counter()
                search_or_suggest(query, user)
                times.append((time.perf_counter() - t) * 1000)
            p95 = statistics.quantiles(times, n=20)[-1]
            medians.append(statistics.median(times))
            print(f"{label:>10} {query!r:>14}: p50 {statistics.median(times):6.1f} ms,"
                  f" p95 {p95:6.1f} ms  found {found} {results.suggestion or ''}")  # fmt: skip
        held = max(medians) <= TARGET_MS
        print(f"target p50 <= {TARGET_MS} ms for every query: {'held' if held else 'MISSED'}"
              f" (worst p50 {max(medians):.1f} ms)")  # fmt: skip
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
