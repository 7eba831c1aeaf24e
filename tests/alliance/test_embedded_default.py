"""The embedded default (`make run`: SQLite, the filesystem broker, no Redis) holds under
real use: web, worker and beat share the SQLite file (WAL, a busy timeout, immediate
write transactions), and the cache is shared with the worker, so import progress moves.

The same tests run on PostgreSQL and Redis when DATABASE_URL and REDIS_URL are set."""

import re
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.cache import cache
from django.db import connection, connections
from django.test import Client

from alliance.models import Job
from circles.models import Circle, Registration
from ideas import services
from ideas.models import Idea, ImportBatch
from tests import factories
from tests.ideas.test_import_jobs import import_job, previewed_batch
from tests.workers import wait_for, worker_setup

sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the embedded default's SQLite settings"
)


@sqlite_only
@pytest.mark.django_db
def test_sqlite_runs_in_wal_with_a_busy_timeout_and_immediate_writes():
    with connection.cursor() as cursor:
        assert cursor.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert cursor.execute("PRAGMA busy_timeout").fetchone()[0] == 20_000
        assert cursor.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
    assert connection.transaction_mode == "IMMEDIATE"


def test_without_redis_the_cache_is_a_shared_folder(settings):
    from alliance import settings as configured  # as the web server and worker read it

    if settings.REDIS_URL:
        pytest.skip("REDIS_URL is set: the cache is Redis")
    cache_conf = configured.CACHES["default"]
    assert cache_conf["BACKEND"] == "django.core.cache.backends.filebased.FileBasedCache"
    assert cache_conf["LOCATION"].endswith("var/cache")


def _get(client: Client, path: str) -> int:
    try:
        return client.get(path).status_code
    finally:
        connections.close_all()


def _register(meeting_pk: int, n: int) -> int:
    try:
        response = Client().post(
            f"/cercles/reunions/{meeting_pk}/inscription-sans-compte/",
            {
                "guest_name": f"Invitée {n}",
                "guest_email": f"invitee{n}@example.org",
                "consent": "on",
            },
        )
        return response.status_code
    finally:
        connections.close_all()


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_pages_and_registrations_get_no_500_while_a_worker_imports_20000_rows(
    tmp_path, settings, facilitator
):
    space = factories.IdeaSpaceFactory(name="Concertation climat")
    batch = previewed_batch(space, facilitator, rows=20_000)
    circle = factories.CircleFactory(kind=Circle.Kind.CONSULTATION, slug="climat")
    meeting = factories.MeetingFactory(circle=circle)
    watcher = Client(raise_request_exception=False)
    watcher.force_login(facilitator)
    pages = ["/", "/projets/", "/cercles/", "/agenda/", space.get_absolute_url()]
    pages += [f"/cercles/reunions/{meeting.pk}/", f"/idees/imports/{batch.pk}/etat/"]
    with worker_setup(tmp_path, settings) as start:
        worker = start(concurrency=2)  # the import, and the registrations' mail
        services.confirm_import(batch, create_themes=False)
        progress = services._progress_key(batch.pk)
        assert wait_for(lambda: (cache.get(progress) or 0) > 0, timeout=120), worker.output()
        with ThreadPoolExecutor(max_workers=4) as pool:
            views = [
                pool.submit(_get, watcher if "imports" in path else Client(), path)
                for path in (pages * 8)[:50]
            ]
            posts = [pool.submit(_register, meeting.pk, n) for n in range(20)]
            statuses = [f.result() for f in views + posts]
        assert wait_for(lambda: import_job(batch).state == Job.State.DONE, timeout=300), (
            worker.output()
        )
    assert 500 not in statuses
    assert set(statuses[:50]) <= {200, 302}  # pages (the agenda sends visitors to log in)
    assert statuses[50:] == [200] * 20  # "check your mail" pages
    assert Registration.objects.filter(meeting=meeting).count() == 20
    assert Idea.objects.filter(space=space).count() == 20_000


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_progress_written_by_the_worker_process_moves_on_the_web_page(
    tmp_path, settings, facilitator
):
    space = factories.IdeaSpaceFactory(name="Concertation eau")
    batch = previewed_batch(space, facilitator, rows=20_000)
    client = Client()
    client.force_login(facilitator)
    seen: list[int] = []
    done = threading.Event()

    def poll() -> None:
        try:
            while not done.is_set():
                html = client.get(
                    f"/idees/imports/{batch.pk}/etat/", headers={"HX-Request": "true"}
                ).content.decode()
                if match := re.search(r"(\d[\d\s ]*) lignes sur", html):
                    seen.append(int(re.sub(r"\D", "", match.group(1))))
                done.wait(0.05)
        finally:
            connections.close_all()

    with worker_setup(tmp_path, settings) as start:
        start()
        poller = threading.Thread(target=poll)
        poller.start()
        services.confirm_import(batch, create_themes=False)
        finished = wait_for(lambda: import_job(batch).state == Job.State.DONE, timeout=300)
        done.set()
        poller.join()
    assert finished
    moving = [n for n in seen if 0 < n < 20_000]
    assert moving, f"the page never showed the worker's progress: {sorted(set(seen))}"
    assert seen == sorted(seen)  # it only moves forward
    assert ImportBatch.objects.with_jobs().get(pk=batch.pk).percent == 100
