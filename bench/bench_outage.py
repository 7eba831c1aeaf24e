"""What an outage costs a request: the time a cache call and a job hand-off take while
Redis and the broker are down (tests/alliance/test_redis_down.py and test_jobs.py check
the behaviour; the seconds live here, since a loaded machine would break a test on them).

    .venv/bin/python bench/bench_outage.py
"""

import logging
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEAD = "redis://127.0.0.1:1/0"


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alliance.settings")
    os.environ.setdefault("SECRET_KEY", "bench-" + os.urandom(32).hex())
    import django

    django.setup()
    logging.disable(logging.WARNING)  # the outage warnings, once per call: figures only


def timed(label: str, call, runs: int = 5) -> None:
    started = time.perf_counter()
    for _ in range(runs):
        call()
    print(f"{label:<45} {(time.perf_counter() - started) / runs * 1000:8.1f} ms")


def main() -> None:
    setup()
    from django.conf import settings

    from alliance import jobs
    from alliance.cache import ResilientRedisCache
    from alliance.celery import app

    cache = ResilientRedisCache(DEAD, {})
    timed("cache get, Redis down", lambda: cache.get("k"))
    timed("cache set, Redis down", lambda: cache.set("k", 1))
    timed("cache add (a lock), Redis down", lambda: cache.add("k", 1))
    app.conf.update(
        broker_url=DEAD,
        broker_transport_options=settings.REDIS_TRANSPORT_OPTIONS,
        task_always_eager=False,
    )
    # A job id that does not exist: the broker refuses before the row would matter.
    timed("job hand-off, broker down (stays pending)", lambda: jobs.dispatch(0), runs=3)


if __name__ == "__main__":
    main()
