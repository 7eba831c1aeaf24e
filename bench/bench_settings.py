"""Settings of `bench/bench_site.py`'s server: the production settings (read from the same
environment variables) plus the bench's own URLconf, which adds the bare view. Nothing here
reaches production: only the bench names this module."""

from alliance.settings import *  # noqa: F403
from alliance.settings import BASE_DIR, TEMPLATES

ROOT_URLCONF = "bench.bench_urls"
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]
