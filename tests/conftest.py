"""Fixtures shared by the whole suite: one user per role, and a client logged in as each.

Roles: anonymous, member, carrier (a member whose organisation carries `carried_project`),
facilitator, admin. `client_as(role)` returns a client for any of them.
"""

import os
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings as site_settings
from django.contrib.auth.models import Group
from django.db import connection
from django.utils import translation

from alliance.access import FACILITATORS, MEMBERS
from tests import factories

ROLES = ["anonymous", "member", "carrier", "facilitator", "admin"]

# Bytecode kept for the processes the suite starts (xdist workers, manage.py, celery,
# gunicorn): with PYTHONDONTWRITEBYTECODE in the environment, each of them compiled some 2,500
# modules from source, about 4 s of CPU per start. Kept under var/ (ignored by git), not
# beside the sources nor in the shared .venv. Set here, in the first conftest loaded, so
# the workers and every subprocess inherit it.
_PYCACHE = Path(__file__).resolve().parent.parent / "var" / "pycache"
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
os.environ.setdefault("PYTHONPYCACHEPREFIX", str(_PYCACHE))
sys.dont_write_bytecode = False
sys.pycache_prefix = sys.pycache_prefix or os.environ["PYTHONPYCACHEPREFIX"]


# The files that take a minute or more of one worker, longest first. `make test` runs
# `--dist loadfile`: a file runs whole on one worker, handed out in collection order, so a
# long file collected last kept one worker busy for minutes while the other sat idle.
LONG_FILES = (
    "tests/test_migrations.py",
    "tests/browser/test_phone_sweep.py",
    "tests/browser/test_graph_readable.py",
    "tests/alliance/test_embedded_default.py",
    "tests/ideas/test_import_jobs.py",
    "tests/alliance/test_settings_safety.py",
    "tests/circles/test_reminders_sending.py",
)


def pytest_collection_modifyitems(config, items):
    """The long files first, the rest in their order (the sort is stable)."""
    rank = {name: i for i, name in enumerate(LONG_FILES)}
    root = Path(str(config.rootpath))
    items.sort(
        key=lambda item: rank.get(Path(str(item.path)).relative_to(root).as_posix(), len(rank))
    )


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database is built once per worker from the models (`--no-migrations` in
    pyproject.toml): seconds instead of a minute of migrations per worker. Safe because
    tests/test_migrations.py fails when models and migrations disagree; the one thing the
    migrations add beyond the models is PostgreSQL's unaccent extension, created here."""
    with django_db_blocker.unblock():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
                cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")


def isolated_settings(tmp_path: Path) -> dict:
    """The settings every test runs with; also for module fixtures that build data once
    (with override_settings), so their writes land where a test's own would."""
    # Each test starts with an empty cache of its own: a unique key prefix, and with Redis a
    # database apart from the Celery broker's, so a test's cache.clear() drops no job.
    cache = {**site_settings.CACHES["default"], "KEY_PREFIX": f"t-{uuid.uuid4().hex[:12]}"}
    if "redis" in cache["BACKEND"].lower():
        cache["LOCATION"] = cache["LOCATION"].rsplit("/", 1)[0] + "/15"
    elif "filebased" in cache["BACKEND"].lower():
        cache["LOCATION"] = str(tmp_path / "cache")  # a folder of its own
    return {
        "MAP_TILE_URL": "",  # no tiles in tests
        "MEDIA_ROOT": tmp_path / "media",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "AXES_ENABLED": False,
        "CACHES": {"default": cache},
        # allauth counts logins and sign-ups per IP in the cache, shared by the whole suite
        # (Redis in CI): every test comes from 127.0.0.1.
        "ACCOUNT_RATE_LIMITS": False,
        # Hashing is deliberately slow; tests create and log in many users.
        "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
        "STORAGES": {
            **site_settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
    }


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    for name, value in isolated_settings(tmp_path).items():
        setattr(settings, name, value)


@pytest.fixture(autouse=True)
def _french_after_each_test():
    """A request in English leaves English active in this thread (the locale middleware
    activates per request, as every server request does): the next test starts French."""
    yield
    translation.activate(site_settings.LANGUAGE_CODE)


@pytest.fixture(scope="session", autouse=True)
def _own_celery_queue():
    """Each pytest-xdist worker has its own test database, so it gets its own Celery queue
    too: a real worker started by one must never consume the jobs of another."""
    from alliance.celery import app

    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    app.conf.task_default_queue = f"alliance-test-{worker}"


@pytest.fixture(autouse=True)
def _eager_jobs():
    """Jobs run inline when their transaction commits; real-worker tests turn this off."""
    from alliance.celery import app

    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager = False


def _member(email: str, **user_fields):
    user = factories.UserFactory(email=email, **user_fields)
    user.groups.add(Group.objects.get_or_create(name=MEMBERS)[0])
    person = factories.PersonFactory(
        user=user, first_name=user.first_name, last_name=user.last_name, email=email
    )
    return user, person


@pytest.fixture
def member(db):
    user, _ = _member("membre@example.org", first_name="Camille", last_name="Membre")
    return user


@pytest.fixture
def carrier(db):
    """A member with a mandate for the organisation that carries `carried_project`."""
    user, person = _member("porteur@example.org", first_name="Pauline", last_name="Porteuse")
    organisation = factories.OrganisationFactory(name="Coopérative Porteuse")
    factories.RepresentationFactory(person=person, organisation=organisation, has_mandate=True)
    return user


@pytest.fixture
def carried_project(carrier):
    organisation = carrier.person.organisations.get()
    project = factories.ProjectFactory(title="Projet porté", proposed_by=carrier)
    factories.ParticipationFactory(project=project, organisation=organisation)
    return project


@pytest.fixture
def facilitator(db):
    user, _ = _member("facilitateur@example.org", first_name="Félix", last_name="Facilitateur")
    user.groups.add(Group.objects.get_or_create(name=FACILITATORS)[0])
    from alliance.roles import ensure_roles

    ensure_roles()
    return user


@pytest.fixture
def admin_user(db):
    user, _ = _member(
        "admin@example.org", first_name="Ada", last_name="Admin", is_staff=True, is_superuser=True
    )
    return user


@pytest.fixture
def client_as(client, request):
    """client_as("member") -> a test client logged in as that role (or anonymous)."""
    from django.test import Client

    def make(role: str) -> Client:
        if role == "anonymous":
            return Client()
        user = request.getfixturevalue("admin_user" if role == "admin" else role)
        logged = Client()
        logged.force_login(user)
        return logged

    return make
