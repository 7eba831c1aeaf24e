"""Search and open API over a large register, next to a bare Django view.

    .venv/bin/python bench/bench_network.py            # throwaway SQLite in memory
    DATABASE_URL=postgres://... .venv/bin/python bench/bench_network.py   # test_<db> on PostgreSQL

Builds 10,000 projects, 10,000 ideas and 5,000 organisations in a throwaway test database,
prints the queries of a search at 100 and at full size (they must be equal) and the
median time of a search, a live suggestion and an API list page next to a bare view.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alliance.settings")
# DEBUG stays off (production-like figures), so the run needs a key of its own.
os.environ.setdefault("SECRET_KEY", "bench-" + os.urandom(32).hex())
os.environ.setdefault("AXES_ENABLED", "0")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import path  # noqa: E402

import alliance.urls  # noqa: E402
from network.search import index  # noqa: E402

PROJECTS, IDEAS, ORGANISATIONS = 10_000, 10_000, 5_000
LOREM = "Un texte de description assez long, comme ceux des vrais projets du territoire. " * 6
WORDS = ["énergie", "mobilité", "alimentation", "déchets", "eau", "biodiversité", "habitat"]


def bare(request):
    return HttpResponse("ok")


urlpatterns = [path("bench/bare/", bare), *alliance.urls.urlpatterns]


def build(projects: int, ideas: int, organisations: int, start: int = 0) -> None:
    from actors.models import Organisation
    from ideas.models import Idea, IdeaSpace
    from projects.models import Project

    space, _ = IdeaSpace.objects.get_or_create(slug="bench", defaults={"name": "Bench"})

    def text(i: int) -> str:
        return f"{WORDS[i % len(WORDS)]} {WORDS[(i * 3) % len(WORDS)]} n°{i}"

    Project.objects.bulk_create(
        (
            Project(
                title=f"Projet {text(i)}",
                slug=f"bench-p-{i}",
                summary=f"Un projet sur {text(i + 1)}",
                description=LOREM,
                state="publie" if i % 5 else "brouillon",
            )
            for i in range(start, start + projects)
        ),
        batch_size=2000,
    )
    Idea.objects.bulk_create(
        (Idea(space=space, title=f"Idée {text(i)}", body=text(i + 2)) for i in range(ideas)),
        batch_size=2000,
    )
    Organisation.objects.bulk_create(
        (
            Organisation(
                name=f"Organisation {text(i)}", slug=f"bench-o-{start}-{i}", kind="association"
            )
            for i in range(organisations)
        ),
        batch_size=2000,
    )
    index.rebuild()  # bulk_create sends no signal; on PostgreSQL the index is rebuilt


def queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200, url
    return len(captured)


def timed(client: Client, url: str, runs: int = 15, **headers) -> float:
    client.get(url, headers=headers)  # warm up
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url, headers=headers)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, url
    return statistics.median(times) * 1000


def main() -> None:
    from django.conf import settings
    from django.core.cache import cache

    settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = {"anon": "100000/min"}
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        with override_settings(ROOT_URLCONF=__name__, DEBUG=False):
            client = Client()
            search_url = "/recherche/?q=énergie"
            build(100, 100, 50)
            small = queries(client, search_url)
            started = time.perf_counter()
            build(PROJECTS - 100, IDEAS - 100, ORGANISATIONS - 50, start=100)
            print(
                f"built and indexed in {time.perf_counter() - started:.1f} s on {connection.vendor}"
            )
            large = queries(client, search_url)
            print(f"search queries: {small} at 100 rows, {large} at full size")
            assert small == large, "the search's query count grows with the data"
            cache.clear()
            rows = [
                ("bare Django view", "/bench/bare/", {}),
                ("search page « énergie »", search_url, {}),
                (
                    "search page « mobilité alimentation »",
                    "/recherche/?q=mobilité+alimentation",
                    {},
                ),
                (
                    "header suggestion « éner »",
                    "/recherche/suggestions/?q=éner",
                    {"HX-Request": "true"},
                ),
                ("API projects, first page", "/api/v1/projects/", {}),
                ("API ideas, first page", "/api/v1/ideas/", {}),
                ("API organisations, page 50", "/api/v1/organisations/?page=50", {}),
            ]
            print(f"{'':40} median of 15")
            for label, url, headers in rows:
                print(f"{label:40} {timed(client, url, **headers):8.1f} ms")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
