"""The settings of the test run: production's (DEBUG stays off), with a key of its own.

Without DEBUG, alliance.settings refuses to start without a real SECRET_KEY; the suite
draws a random one per run unless the environment gives one. Subprocesses started by
tests (manage.py, gunicorn) inherit it.
"""

import os
import secrets

os.environ.setdefault("SECRET_KEY", "tests-" + secrets.token_urlsafe(48))

from alliance.settings import *  # noqa: E402, F403

# One test's rolled-back rows must not reach the next through a page kept in the shared
# cache: the page cache is off, except in the tests that turn it on (tests/test_pagecache.py).
PAGE_CACHE_SECONDS = 0

# On PostgreSQL, the same backend with a faster flush between transactional tests
# (tests/postgresql/base.py).
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    DATABASES["default"]["ENGINE"] = "tests.postgresql"  # noqa: F405
