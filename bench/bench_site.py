"""The site under gunicorn on PostgreSQL, page by page, against a bare view: `make bench`.

    .venv/bin/python bench/bench_site.py                 # 10,045 projects
    .venv/bin/python bench/bench_site.py --size 50000    # the register five times larger

What it does, in one run:
1. drops and re-creates a scratch PostgreSQL database (its name must contain "bench";
   alliance_bench, or alliance_bench_50k at --size 50000), migrates it and fills it with
   bench/dataset.py (French text from a fixed seed; --reuse keeps a database already built);
2. collects the static files into a temporary STATIC_ROOT (WhiteNoise's manifest, as in
   production) and starts gunicorn, 2 sync workers, DEBUG off, an https SITE_URL, the Redis
   cache on the bench's Redis database (FLUSHed: db 15 unless BENCH_REDIS_URL says), with
   `bench.bench_settings`: the production settings plus `/bench/bare/`, a view rendering a
   minimal template without a query;
3. for every page (URLs from reverse()) counts its queries in-process with the cache empty
   (cold) and filled (warm), then over HTTP, sending `Accept-Encoding: gzip` as a browser:
   - cold: one request at a time, each to a URL never asked before (a `ref=` query
     parameter no view reads: the page cache and the API's bodies cannot answer it), the
     rest of the cache as one visitor before left it; distinct projects, organisations and
     ideas where the page has an object; req/s = requests / time spent in them;
   - warm: the same URL again and again from 2 clients at once (one per worker);
   - flushed: as cold, the Redis database FLUSHed before each request (not timed);
   each until its count (--cold, --warm) or its time budget (--budget) runs out, whichever
   comes first, but at least --min-cold/--min-warm (the table says how many were sent).
   The bare view is measured the same way before and after the pages; the ratios use the
   mean of both;
4. prints one table: queries cold/warm, bytes decompressed and as sent (and whether the
   response came gzipped), req/s and p50/p99 cold and warm, ratios to bare, and the targets:
   cold >= 0.25 x bare, warm >= 0.6 x bare, warm p99 <= 4 x p50 (the issue calls either
   way of asking "cold": the flushed column is judged too);
5. then the map and graph data views against their floors (bench/floors.py) with the
   peak memory of one request, and each worker's peak RSS over the whole run;
6. and what the template engine alone costs for parts of the pages, against the time a
   cold request may take (bench/rendering.py).
The machine's load average is printed: on a shared machine the figures are noisy.
"""

import argparse
import gzip
import http.client
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
HOST = "alliance.example.org"
# The PostgreSQL server of the scratch databases (`make bench BENCH_PG=...`).
SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
HEADERS = {
    "Host": HOST,
    "X-Forwarded-Proto": "https",  # the TLS proxy's word: SECURE_SSL_REDIRECT is on
    "X-Forwarded-For": "203.0.113.7",
    "Accept": "text/html,application/json;q=0.9,*/*;q=0.8",
    "Accept-Encoding": "gzip",
    "Accept-Language": "fr",
}
TARGET_COLD, TARGET_WARM, TARGET_TAIL = 0.25, 0.6, 4.0
# An empty, migrated database that new scratch databases copy (CREATE DATABASE ... TEMPLATE).
TEMPLATE = "alliance_bench_migrated"
# Names this run's cold URLs (`new_url`): a run never meets the URLs of another.
RUN = secrets.token_hex(4)


def environment(database_url: str, redis_url: str, static_root: str) -> None:
    """The production settings' variables, for this process and for gunicorn."""
    os.environ.update(
        DJANGO_SETTINGS_MODULE="bench.bench_settings",
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        DEBUG="0",
        SECRET_KEY=os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(50),
        SITE_URL=f"https://{HOST}",
        ALLOWED_HOSTS=HOST,
        STATIC_ROOT=static_root,
        # One client sends every request: the open API's rate limit would answer 429.
        API_THROTTLE_RATE="1000000/min",
        LOG_LEVEL="ERROR",
    )


def _admin(url: str):
    import psycopg  # deferred: only the bench needs a server connection of its own

    server, name = url.rsplit("/", 1)
    if "bench" not in name:
        sys.exit(f"{name}: the bench drops its database; give one whose name contains 'bench'")
    return psycopg.connect(f"{server}/postgres", autocommit=True), name


def fresh_database(url: str, *, reuse: bool) -> bool:
    """Creates the database (dropped first unless `reuse`), as a copy of the migrated
    template when there is one (migrate then has little or nothing to do); True when new."""
    conn, name = _admin(url)
    with conn:
        found = conn.execute(
            "SELECT datname FROM pg_database WHERE datname IN (%s, %s)", [name, TEMPLATE]
        ).fetchall()
        if (name,) in found and reuse:
            return False
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        template = f' TEMPLATE "{TEMPLATE}"' if (TEMPLATE,) in found else ""
        conn.execute(f'CREATE DATABASE "{name}"{template}')
    return True


def migrate(url: str, *, empty: bool) -> None:
    """Migrates the database, and keeps a copy of it as the next runs' template when a
    migration was applied (the migrations of the project changed, or no template yet) to
    a database still `empty` (a reused one holds the data set: never a template)."""
    from django.core.management import call_command  # deferred: after django.setup()
    from django.db import connection  # deferred: after django.setup()
    from django.db.migrations.executor import MigrationExecutor  # deferred: after setup()

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    call_command("migrate", verbosity=0)
    if plan and empty:
        connection.close()  # a database is copied only while nobody is connected to it
        conn, name = _admin(url)
        with conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{TEMPLATE}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{TEMPLATE}" TEMPLATE "{name}"')


def pages() -> list[tuple[str, list[str]]]:
    """(label, URLs): one URL for a page without an object, distinct ones for the others
    (cold requests take them in turn, warm ones repeat the first)."""
    from django.urls import reverse  # deferred: after django.setup()

    from actors.models import Organisation  # deferred: after django.setup()
    from alliance.models import Theme  # deferred: after django.setup()
    from ideas.models import Idea, IdeaSpace  # deferred: after django.setup()
    from projects.models import Project  # deferred: after django.setup()

    def each(model, name, field="slug", queryset=None):
        rows = (queryset or model.objects).order_by("?").values_list(field, flat=True)[:200]
        return [reverse(name, args=[value]) for value in rows]

    projects = reverse("projects:list")
    theme = Theme.objects.filter(project__state="publie").order_by("order", "pk").first()
    api = [
        "organisation",
        "project",
        "link",
        "need",
        "offer",
        "circle",
        "meeting",
        "milestone",
        "objective",
        "ideaspace",
        "idea",
    ]
    return [
        ("layout alone", ["/bench/layout/"]),
        ("home", [reverse("home")]),
        ("projets", [projects]),
        (f"projets ?theme={theme.slug}", [f"{projects}?theme={theme.slug}"]),
        ("projets ?page=50", [f"{projects}?page=50"]),
        ("projet", each(Project, "projects:detail", queryset=Project.objects.published())),
        ("carte", [reverse("projects:map")]),
        ("carte données", [reverse("projects:map_data")]),
        ("interdépendances", [reverse("projects:graph")]),
        ("interdépendances JSON", [reverse("projects:graph_data")]),
        ("acteurs", [reverse("actors:list")]),
        ("organisation", each(Organisation, "actors:detail")),
        ("espace d'idées", each(IdeaSpace, "ideas:space")),
        ("idée", each(Idea, "ideas:detail", field="pk")),
        ("agenda", [reverse("circles:agenda")]),
        ("vision", [reverse("roadmap:vision")]),
        ("recherche ?q=eau", [reverse("search") + "?q=eau"]),
        *((f"api {name}", [reverse(f"network:{name}-list")]) for name in api),
    ]


def count_queries(urls: list[str]) -> tuple[int, int]:
    """Queries of the first URL with the cache empty, then with it filled."""
    from django.core.cache import cache  # deferred: after django.setup()
    from django.db import connection  # deferred: after django.setup()
    from django.test import Client  # deferred: after django.setup()
    from django.test.utils import CaptureQueriesContext  # deferred: after django.setup()

    client, counts = Client(headers=HEADERS), []
    cache.clear()
    for _ in range(2):
        with CaptureQueriesContext(connection) as captured:
            client.get(urls[0])
        counts.append(len(captured))
    return counts[0], counts[1]


class Server:
    """gunicorn on a free port, in a process group of its own."""

    def __init__(self, workers: int):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.process = subprocess.Popen(
            [
                str(ROOT / ".venv" / "bin" / "gunicorn"),
                f"--workers={workers}",
                "--worker-class=sync",
                f"--bind=127.0.0.1:{self.port}",
                f"--chdir={ROOT}",
                "--timeout=300",
                "--log-level=error",
                "alliance.wsgi:application",
            ],
            env=os.environ.copy(),
            start_new_session=True,
        )
        for _ in range(300):
            try:
                if self.get("/bench/bare/")[0] == 200:
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("gunicorn did not answer")

    def get(self, url: str) -> tuple[int, int, int, str]:
        """(status, bytes received, bytes decompressed, content encoding)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=300)
        try:
            connection.request("GET", url, headers=HEADERS)
            response = connection.getresponse()
            body = response.read()
        finally:
            connection.close()
        encoding = response.getheader("Content-Encoding", "")
        raw = len(gzip.decompress(body)) if encoding == "gzip" else len(body)
        return response.status, len(body), raw, encoding

    def workers(self) -> list[int]:
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in path.read_text().split()]

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def peak_rss_mb(pid: int) -> tuple[float, float]:
    """(resident now, peak resident) of a process, in MB."""
    fields = dict(
        line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines()
    )
    return tuple(int(fields[key].split()[0]) / 1024 for key in ("VmRSS", "VmHWM"))


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def new_url(url: str, i: int) -> str:
    """`url` with a query parameter no view reads and no request sent before: the page's
    own cache (and the API's bodies) cannot answer it, the rest of the cache is as the
    site's other visitors leave it."""
    return f"{url}{'&' if '?' in url else '?'}ref={RUN}-{i}"


def cold(server: Server, urls: list[str], flush, args) -> dict:
    """One request at a time, each to a URL never asked before (`flush` None), or with the
    cache flushed before each."""
    samples, statuses, spent = [], set(), 0.0
    for i in range(args.cold):
        if spent > args.budget and len(samples) >= args.min_cold:
            break
        url = urls[i % len(urls)]
        if flush is None:
            url = new_url(url, i)
        else:
            flush()
        started = time.perf_counter()
        status, *_ = server.get(url)
        samples.append(time.perf_counter() - started)
        statuses.add(status)
        spent += samples[-1]
    return {
        "n": len(samples),
        "rate": len(samples) / sum(samples),
        "samples": samples,
        "statuses": statuses,
    }


def warm(server: Server, url: str, args) -> dict:
    """The same URL from `clients` threads at once, after one request that fills the cache."""
    first = server.get(url)
    samples, statuses, lock = [], set(), threading.Lock()
    started = time.perf_counter()

    def client():
        while True:
            with lock:
                if len(samples) >= args.warm or (
                    time.perf_counter() - started > args.budget and len(samples) >= args.min_warm
                ):
                    return
                samples.append(0.0)
                slot = len(samples) - 1
            began = time.perf_counter()
            status, *_ = server.get(url)
            samples[slot] = time.perf_counter() - began
            statuses.add(status)

    threads = [threading.Thread(target=client) for _ in range(args.clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return {
        "n": len(samples),
        "rate": len(samples) / elapsed,
        "samples": samples,
        "statuses": statuses,
        "first": first,
    }


def measure(server: Server, url_sets, flush, args) -> tuple[list[dict], dict]:
    # Every worker loads every view's code and templates: one request per worker at once.
    every = ["/bench/bare/", new_url("/bench/bare/", -1)] + [urls[0] for _label, urls in url_sets]
    warm_up = [
        threading.Thread(target=lambda: [server.get(url) for url in every])
        for _ in range(args.workers)
    ]
    for thread in warm_up:
        thread.start()
    for thread in warm_up:
        thread.join()
    bare_urls = ["/bench/bare/"]

    def bare_run():
        return (
            cold(server, bare_urls, None, args),
            warm(server, bare_urls[0], args),
            cold(server, bare_urls, flush, args),
        )

    bares = [bare_run()]
    rows = []
    for label, urls in url_sets:
        queries = count_queries(urls)
        server.get(urls[0])  # the shared parts cached, as any visitor before leaves them
        c = cold(server, urls, None, args)
        w = warm(server, urls[0], args)
        f = cold(server, urls, flush, args)
        rows.append(
            {"label": label, "url": urls[0], "queries": queries, "cold": c, "warm": w, "flushed": f}
        )
        print(
            f"  {label:<24} cold {c['n']:>3} x {c['rate']:7.1f}/s   "
            f"warm {w['n']:>3} x {w['rate']:7.1f}/s   flushed {f['n']:>3} x {f['rate']:7.1f}/s",
            flush=True,
        )
    bares.append(bare_run())
    bare = {
        "cold": statistics.mean(b[0]["rate"] for b in bares),
        "warm": statistics.mean(b[1]["rate"] for b in bares),
        "flushed": statistics.mean(b[2]["rate"] for b in bares),
        "runs": bares,
    }
    return rows, bare


def print_table(rows: list[dict], bare: dict) -> None:
    def ms(samples, q):
        return percentile(samples, q) * 1000

    head = (
        f"{'page':<24} {'q cold':>6} {'warm':>4} {'raw KB':>7} {'sent KB':>7} {'gz':>2} "
        f"{'n':>3} {'cold/s':>7} {'p50':>6} {'p99':>6} {'n':>3} {'warm/s':>7} {'p50':>6} "
        f"{'p99':>6} {'flush/s':>7} {'p50':>6} {'xbare c':>7} {'w':>5} {'flush':>5}  targets"
    )
    print("\n" + head + "\n" + "-" * len(head))
    rows = (
        [
            {
                "label": label,
                "url": "/bench/bare/",
                "queries": (0, 0),
                "cold": c,
                "warm": w,
                "flushed": f,
                "bare": True,
            }
            for label, (c, w, f) in zip(["bare (before)"], bare["runs"], strict=False)
        ]
        + rows
        + [
            {
                "label": "bare (after)",
                "url": "/bench/bare/",
                "queries": (0, 0),
                "cold": bare["runs"][1][0],
                "warm": bare["runs"][1][1],
                "flushed": bare["runs"][1][2],
                "bare": True,
            }
        ]
    )
    held = missed = 0
    for row in rows:
        c, w, f = row["cold"], row["warm"], row["flushed"]
        status, sent, raw, encoding = w["first"]
        ratio_c, ratio_w = c["rate"] / bare["cold"], w["rate"] / bare["warm"]
        ratio_f = f["rate"] / bare["flushed"]
        p50, p99 = ms(w["samples"], 0.5), ms(w["samples"], 0.99)
        checks = [
            ("cold", ratio_c >= TARGET_COLD),
            ("flushed", ratio_f >= TARGET_COLD),
            ("warm", ratio_w >= TARGET_WARM),
            ("tail", p99 <= TARGET_TAIL * p50),
        ]
        bad = sorted({s for s in c["statuses"] | w["statuses"] | f["statuses"] if s != 200})
        if row.get("bare"):
            verdict = ""
        elif bad:
            verdict, missed = f"HTTP {bad}", missed + 1
        elif all(ok for _name, ok in checks):
            verdict, held = "ok", held + 1
        else:
            verdict = "MISSED " + ",".join(name for name, ok in checks if not ok)
            missed += 1
        print(
            f"{row['label'][:24]:<24} {row['queries'][0]:>6} {row['queries'][1]:>4} "
            f"{raw / 1024:7.1f} {sent / 1024:7.1f} {'y' if encoding == 'gzip' else '-':>2} "
            f"{c['n']:>3} {c['rate']:7.1f} {ms(c['samples'], 0.5):6.1f} "
            f"{ms(c['samples'], 0.99):6.1f} {w['n']:>3} {w['rate']:7.1f} {p50:6.1f} {p99:6.1f} "
            f"{f['rate']:7.1f} {ms(f['samples'], 0.5):6.1f} "
            f"{ratio_c:7.2f} {ratio_w:5.2f} {ratio_f:5.2f}  {verdict}"
        )
    print(
        f"\n{held} pages hold every target, {missed} miss one. Targets: cold >= "
        f"{TARGET_COLD} x bare cold (a new URL each time), the same flushed, warm >= "
        f"{TARGET_WARM} x bare warm, warm p99 <= {TARGET_TAIL:g} x p50.\nq: queries (in-process, cache empty / filled); raw: the body "
        "decompressed; sent: the bytes received with Accept-Encoding: gzip; gz: whether the\n"
        "server compressed it; p50/p99 in ms (with a few dozen samples p99 is about the "
        "slowest); bare: the mean of the bare view before and after the pages."
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000, help="10000 or 50000 projects")
    parser.add_argument("--database-url", help="a scratch database (dropped and re-created)")
    parser.add_argument("--reuse", action="store_true", help="keep a database already built")
    parser.add_argument("--cold", type=int, default=40, help="cold requests per page, at most")
    parser.add_argument("--warm", type=int, default=300, help="warm requests per page, at most")
    parser.add_argument("--budget", type=float, default=2.5, help="seconds per page and mode")
    parser.add_argument("--min-cold", type=int, default=5, help="cold requests, at least")
    parser.add_argument("--min-warm", type=int, default=6, help="warm requests, at least")
    parser.add_argument("--clients", type=int, default=2, help="warm clients at once")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--floor-runs", type=int, default=3)
    parser.add_argument("--only-database", metavar="URL", help="re-create URL's database, exit")
    parser.add_argument(
        "--pages", help="measure only the pages whose label contains one of these (comma-separated)"
    )
    parser.add_argument("--no-floors", action="store_true", help="skip the data views' floors")
    args = parser.parse_args()
    if args.only_database:
        fresh_database(args.only_database, reuse=False)
        return
    began = time.perf_counter()
    scale = max(1, round(args.size / 10_000))
    suffix = "" if scale == 1 else f"_{scale * 10}k"
    database_url = args.database_url or f"{SERVER}/alliance_bench{suffix}"
    redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15")
    static_root = tempfile.mkdtemp(prefix="bench-static-")
    environment(database_url, redis_url, static_root)
    new = fresh_database(database_url, reuse=args.reuse)

    import django  # deferred: the settings are chosen above, from the command line

    django.setup()
    import dataset  # deferred: after django.setup()
    import floors  # deferred: after django.setup()
    import rendering  # deferred: after django.setup()
    from django.core.cache import cache  # deferred: after django.setup()
    from django.core.management import call_command  # deferred: after django.setup()
    from django.db import connection  # deferred: after django.setup()
    from django.test import Client  # deferred: after django.setup()

    assert connection.vendor == "postgresql", "the bench measures PostgreSQL"
    print(
        f"database {database_url.rsplit('/', 1)[1]}, cache {redis_url}; load average "
        f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )
    started = time.perf_counter()
    migrate(database_url, empty=new)
    print(f"migrated in {time.perf_counter() - started:.1f} s")
    if new:
        started = time.perf_counter()
        dataset.build(scale)
        with connection.cursor() as cursor:
            # As autovacuum would leave a production database: visibility maps set (index-only
            # scans read no row), statistics fresh.
            cursor.execute("VACUUM ANALYZE")
        print(f"data set (scale {scale}) built in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    from projects import graph_summary  # deferred: after django.setup()
    from roadmap import vision

    # As beat keeps them, every ten minutes: the figures of the data as it is.
    vision.refresh()
    graph_summary.refresh()
    print(f"vision figures and graph summary stored in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    call_command("collectstatic", interactive=False, verbosity=0)
    print(f"static files collected in {time.perf_counter() - started:.1f} s")
    cache.clear()
    url_sets = pages()
    if args.pages:
        wanted = [word.strip() for word in args.pages.split(",") if word.strip()]
        url_sets = [(label, urls) for label, urls in url_sets if any(w in label for w in wanted)]
    connection.close()  # gunicorn's workers open their own

    server = Server(args.workers)
    try:
        workers = server.workers()
        rss_start = {pid: peak_rss_mb(pid)[0] for pid in workers}
        print(f"gunicorn: {args.workers} sync workers; pages (cold then warm):")
        rows, bare = measure(server, url_sets, cache.clear, args)
        rss = {pid: peak_rss_mb(pid) for pid in workers}
    finally:
        server.stop()
    print_table(rows, bare)
    for pid, (now, peak) in rss.items():
        print(
            f"worker {pid}: RSS {rss_start[pid]:.0f} MB at start, {now:.0f} MB at "
            f"the end, peak {peak:.0f} MB"
        )
    rendering.print_rows(rendering.measure(), bare["cold"], TARGET_COLD)
    if not args.no_floors:
        floors.print_rows(floors.measure(Client(), HEADERS, args.floor_runs), args.floor_runs)
    print(
        f"\nload average {' '.join(f'{x:.2f}' for x in os.getloadavg())}; "
        f"run took {time.perf_counter() - began:.0f} s"
    )


if __name__ == "__main__":
    main()
