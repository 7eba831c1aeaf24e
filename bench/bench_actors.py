"""Directory list page and map data at 5,000 organisations, next to a bare Django view.

Run: .venv/bin/python bench/bench_actors.py [--organisations 5000] [--runs 20]
Builds its data in a throwaway SQLite file (or the DATABASE_URL given) and serves every
request in-process through the test client, so the figures compare like with like.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = tempfile.mkdtemp(prefix="bench-actors-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alliance.settings")
# DEBUG stays off (production-like figures), so the run needs a key of its own.
os.environ.setdefault("SECRET_KEY", "bench-" + os.urandom(32).hex())
os.environ.setdefault("DATABASE_URL", f"sqlite:///{TMP}/bench.sqlite3")
os.environ.setdefault("AXES_ENABLED", "0")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.urls import include, path  # noqa: E402


def bare(request):
    return HttpResponse("ok")


urlpatterns = [path("bare/", bare), path("", include("alliance.urls"))]


def build(n: int) -> None:
    from actors.models import Organisation, normalise_name
    from alliance.models import Commune, Theme

    communes = [
        Commune.objects.create(
            insee_code=f"{31000 + i}",
            name=f"Commune {i}",
            slug=f"commune-{i}",
            latitude=43.6 + i / 100,
            longitude=1.4 + i / 100,
            in_metropole=True,
        )
        for i in range(30)
    ]
    themes = [Theme.objects.create(name=f"Thème {i}", slug=f"theme-{i}") for i in range(14)]
    kinds = Organisation.Kind.values
    organisations = Organisation.objects.bulk_create(
        [
            Organisation(
                name=f"Organisation {i}",
                name_key=normalise_name(f"Organisation {i}"),
                slug=f"organisation-{i}",
                kind=kinds[i % len(kinds)],
                commune=communes[i % 30],
                latitude=43.5 + (i % 100) / 500,
                longitude=1.3 + (i // 100) / 500,
                description="Une organisation engagée. " * 5,
            )
            for i in range(n)
        ],
        batch_size=1000,
    )
    through = Organisation.themes.through
    through.objects.bulk_create(
        [
            through(organisation=o, theme=themes[j % 14])
            for o in organisations
            for j in (o.pk, o.pk + 3)
        ],
        batch_size=2000,
    )


def timed(client: Client, url: str, runs: int) -> tuple[float, float, int]:
    client.get(url)  # warm-up
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(samples), max(samples), len(response.content)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--organisations", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    build(args.organisations)
    print(f"built {args.organisations} organisations in {time.perf_counter() - started:.1f} s")
    with override_settings(ROOT_URLCONF=__name__, MAP_TILE_URL=""):
        client = Client()
        rows = [
            ("bare Django view", "/bare/"),
            ("directory list page", "/acteurs/"),
            ("directory, filtered + search", "/acteurs/?kind=entreprise&q=organisation"),
            ("directory, page 50", "/acteurs/?page=50"),
            ("map data (GeoJSON)", "/acteurs/carte/donnees.geojson"),
            ("map data, filtered", "/acteurs/carte/donnees.geojson?kind=association"),
        ]
        print(f"{'view':32} {'median ms':>10} {'max ms':>8} {'bytes':>9}")
        for label, url in rows:
            median, worst, size = timed(client, url, args.runs)
            print(f"{label:32} {median:10.1f} {worst:8.1f} {size:9d}")


if __name__ == "__main__":
    main()
