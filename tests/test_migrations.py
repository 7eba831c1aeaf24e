"""The suite builds its database from the models (`--no-migrations`): this test keeps that
honest, since production builds it from the migrations."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connections


@pytest.mark.django_db
def test_the_migrations_describe_the_models_exactly():
    # Exits with status 1 (SystemExit) when a model change has no migration.
    call_command("makemigrations", check=True, dry_run=True, verbosity=0)


def _migrate(database_url: str) -> subprocess.CompletedProcess:
    env = os.environ | {"DATABASE_URL": database_url, "DEBUG": "1"}
    env.pop("DJANGO_SETTINGS_MODULE", None)  # manage.py's own settings, as `make run` has
    return subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def _applied(database_url: str) -> str:
    env = os.environ | {"DATABASE_URL": database_url, "DEBUG": "1"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [sys.executable, "manage.py", "showmigrations", "network"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout


def test_a_fresh_sqlite_database_migrates_to_the_last_search_migration(tmp_path):
    url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    done = _migrate(url)
    assert done.returncode == 0, done.stderr
    assert "[X] 0007_search_display_words" in _applied(url)


def test_a_fresh_postgresql_database_migrates_with_its_search_indexes():
    db = connections["default"].settings_dict
    if connections["default"].vendor != "postgresql":
        pytest.skip("the suite runs on SQLite: PostgreSQL's migrations are run on PostgreSQL")
    import psycopg

    name = f"{db['NAME']}_fresh_migrate"[:63]
    server = {"host": db["HOST"] or "127.0.0.1", "port": db["PORT"] or 5432, "user": db["USER"]}
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        url = f"postgres://{db['USER']}@{server['host']}:{server['port']}/{name}"
        done = _migrate(url)
        assert done.returncode == 0, done.stderr
        assert "[X] 0007_search_display_words" in _applied(url)
        with psycopg.connect(dbname=name, **server) as fresh:
            indexes = {row[0] for row in fresh.execute("SELECT indexname FROM pg_indexes")}
        assert {"search_word_trigram", "search_entry_projects", "search_entry_ideas"} <= indexes
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _state_with_a_note():
    from django.db import models
    from django.db.migrations.state import ModelState, ProjectState

    state = ProjectState()
    state.add_model(
        ModelState(
            "notes",
            "Note",
            [("id", models.AutoField(primary_key=True)), ("text", models.CharField(max_length=20))],
        )
    )
    return state


def test_relabel_changes_the_labels_of_the_state_and_reloads_its_models():
    from django.db import migrations, models

    from alliance.relabel import Relabel

    state = _state_with_a_note()
    assert state.apps.get_model("notes", "Note")  # rendered, as during migrate
    Relabel(
        [
            migrations.AlterField(
                "note", "text", models.CharField(max_length=20, verbose_name="texte")
            ),
            migrations.AlterModelOptions("note", {"verbose_name": "note"}),
        ]
    ).state_forwards("notes", state)

    assert state.models["notes", "note"].fields["text"].verbose_name == "texte"
    assert state.apps.get_model("notes", "Note")._meta.get_field("text").verbose_name == "texte"
    assert state.apps.get_model("notes", "Note")._meta.verbose_name == "note"


def test_relabel_refuses_a_change_the_database_would_see():
    from django.db import migrations, models

    from alliance.relabel import Relabel

    longer = migrations.AlterField("note", "text", models.CharField(max_length=40))
    with pytest.raises(ValueError, match="labels only"):
        Relabel([longer]).state_forwards("notes", _state_with_a_note())
