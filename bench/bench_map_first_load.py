"""The projects map page's first load at 10,000 projects, in Chromium, as a visitor sees it.

Run: .venv/bin/python bench/bench_map_first_load.py [--size 10000] [--loads 5]
Builds (or reuses) bench_map.py's database (alliance_bench_map, or BENCH_MAP_DB) with `size` published
projects, collects the static files as production does (WhiteNoise, compressed manifest),
serves the site with gunicorn (DEBUG off), then loads /projets/carte/ in /usr/bin/chromium
(playwright) with an empty cache and tile requests blocked, and prints:
  bytes   transferred on the wire (headers + encoded bodies of every response), by file;
  time    from navigation start to the "markers-drawn" mark static/js/map.js sets once
          the last marker chunk is on the map;
first with the map data's server cache retired (cold), then the median of `loads` loads
with it warm, and whether the targets hold: <= 250 KB without tiles, markers <= 1.5 s.
"""

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import bench_map

ROOT = Path(__file__).resolve().parent.parent
KB = 1024
BYTES_TARGET = 250 * KB
TIME_TARGET = 1.5
TILES = ("tile", "openstreetmap", ".png")
URL_DATA = "/projets/carte/donnees.geojson"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(static_root: str) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "DEBUG": "0", "STATIC_ROOT": static_root, "LOG_LEVEL": "ERROR"}
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "--chdir",
            str(ROOT),
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "error",
            "alliance.wsgi:application",
        ],
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            urllib.request.urlopen(base + "/projets/carte/", timeout=5).read()
            break
        except OSError:
            time.sleep(0.2)
    else:
        server.terminate()
        raise SystemExit("the server did not start")
    warm_up(base)
    return server, base


def warm_up(base: str) -> None:
    """Every worker imports the views and compiles the templates before the first timed
    load: two clients at once (one per worker), page and data. "Cold" then means the map
    data's cache retired, not a worker that has never served a request (without bytecode
    files, PYTHONDONTWRITEBYTECODE, a worker's first request compiles the whole URLconf)."""

    def visit():
        for path in ("/projets/carte/", URL_DATA, "/projets/carte/contour.geojson"):
            urllib.request.urlopen(base + path, timeout=60).read()

    clients = [threading.Thread(target=visit) for _ in range(4)]
    for client in clients:
        client.start()
    for client in clients:
        client.join()


def load(browser, url: str) -> tuple[int, float, list[tuple[str, int]]]:
    """One first visit in a fresh context: (bytes on the wire, seconds to markers, files)."""
    context = browser.new_context()
    page = context.new_page()
    files = []

    def block_tiles(route):
        request_url = route.request.url
        if not request_url.startswith(url.split("/projets")[0]) or any(
            part in request_url for part in TILES
        ):
            return route.abort()
        return route.continue_()

    def finished(request):
        sizes = request.sizes()
        files.append(
            (request.url, sizes["responseHeadersSize"] + max(sizes["responseBodySize"], 0))
        )

    page.route("**/*", block_tiles)
    page.on("requestfinished", finished)
    page.goto(url)
    # a selector, not a predicate: the CSP forbids the eval() a predicate string needs
    page.wait_for_selector("[data-markers-drawn]", state="attached", timeout=60000)
    seconds = (
        page.evaluate("() => performance.getEntriesByName('markers-drawn')[0].startTime") / 1000
    )
    steps = page.evaluate(
        """() => {
          const at = (name) => (performance.getEntriesByName(name)[0] || {}).startTime || 0;
          return {
            ready: performance.getEntriesByType("navigation")[0].domContentLoadedEventEnd,
            data: performance.getEntriesByType("resource")
              .filter((e) => e.name.includes("donnees.geojson"))
              .map((e) => e.responseEnd)[0],
            parsed: at("map-data-parsed"),
            made: at("markers-made"),
            clusters: document.querySelectorAll("#project-map .marker-cluster").length,
            points: document.querySelectorAll("#project-map path.leaflet-interactive").length,
          };
        }"""
    )
    print(
        f"    page ready {steps['ready'] / 1000:.2f} s, map data received "
        f"{(steps['data'] or 0) / 1000:.2f} s, parsed {steps['parsed'] / 1000:.2f} s, "
        f"markers made {steps['made'] / 1000:.2f} s, drawn {seconds:.2f} s "
        f"({steps['clusters']} clusters, {steps['points']} single points on screen)",
        flush=True,
    )
    if not steps["clusters"]:
        raise SystemExit("markers-drawn was marked before any cluster was on the map")
    page.wait_for_load_state("networkidle")
    context.close()
    return sum(size for _, size in files), seconds, files


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10000)
    parser.add_argument("--loads", type=int, default=5)
    args = parser.parse_args()
    static_root = tempfile.mkdtemp(prefix="bench-map-static-")
    os.environ["STATIC_ROOT"] = static_root
    os.environ["STATIC_MANIFEST"] = "1"  # hashed names, gzip and brotli twins, as in production
    bench_map.prepare(args.size)
    from django.core.management import call_command
    from playwright.sync_api import sync_playwright

    from projects import cache

    call_command("collectstatic", interactive=False, verbosity=0)
    server, base = serve(static_root)
    url = base + "/projets/carte/"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium")
            cache.bump()
            cold_bytes, cold_seconds, files = load(browser, url)
            warm = [load(browser, url) for _ in range(args.loads)]
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(f"map page first load, {args.size} projects, tiles blocked")
    for name, size in sorted(files, key=lambda f: -f[1]):
        print(f"  {size / KB:7.1f} KB  {name.replace(base, '')}")
    warm_bytes = statistics.median(b for b, _, _ in warm)
    warm_seconds = statistics.median(s for _, s, _ in warm)
    print(f"  cold cache: {cold_bytes / KB:.1f} KB, markers drawn at {cold_seconds:.2f} s")
    print(
        f"  warm cache (median of {args.loads}): {warm_bytes / KB:.1f} KB, markers drawn at "
        f"{warm_seconds:.2f} s"
    )
    bytes_ok = max(cold_bytes, warm_bytes) <= BYTES_TARGET
    time_ok = warm_seconds <= TIME_TARGET
    print(
        f"  bytes <= 250 KB: {'OK' if bytes_ok else 'MISSED'}; "
        f"markers <= 1.5 s (warm): {'OK' if time_ok else 'MISSED'}"
        f"{'' if cold_seconds <= TIME_TARGET else ' (cold: MISSED)'}"
    )
    print("targets hold" if bytes_ok and time_ok else "targets MISSED")
    return 0 if bytes_ok and time_ok else 1


if __name__ == "__main__":
    sys.exit(main())
