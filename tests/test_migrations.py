"""The suite builds its database from the models (`--no-migrations`): this test keeps that
honest, since production builds it from the migrations."""

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_the_migrations_describe_the_models_exactly():
    # Exits with status 1 (SystemExit) when a model change has no migration.
    call_command("makemigrations", check=True, dry_run=True, verbosity=0)
