"""A job queued before a module moved still finds its function after the deploy."""

from importlib import import_module

import pytest
from django.apps import apps
from django.utils.module_loading import import_string

from alliance.models import Job

rename = import_module("network.migrations.0004_digest_jobs_follow_their_room")


@pytest.mark.django_db
def test_a_digest_queued_under_the_old_name_runs_under_the_new_one():
    job = Job.objects.create(name=rename.OLD, kwargs={"user_id": 1})
    rename.forwards(apps, None)
    job.refresh_from_db()
    assert job.name == "network.following.digests.send_digest"
    assert callable(import_string(job.name))


@pytest.mark.django_db
def test_the_rename_goes_back_on_rollback():
    job = Job.objects.create(name=rename.NEW, kwargs={})
    rename.backwards(apps, None)
    job.refresh_from_db()
    assert job.name == "network.digests.send_digest"
