"""The figures of /vision/ stored by their job (roadmap/vision.py): a visit with an empty
cache reads one row instead of summing every project, and never reads figures older than
the data."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from alliance import jobs
from alliance.models import Job
from roadmap import tasks, vision
from roadmap.models import VisionFigures
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def stored_figures(django_capture_on_commit_callbacks):
    """Three published projects saved as a request would: the commit runs the job."""
    with django_capture_on_commit_callbacks(execute=True):
        for title in ("Centrale solaire", "Réseau de chaleur", "Rivière vivante"):
            factories.ProjectFactory(title=title)
    return VisionFigures.objects.get()


def test_a_change_records_the_job_that_stores_the_figures(stored_figures):
    assert stored_figures.computed_generation == stored_figures.generation
    assert stored_figures.data["date"] == timezone.localdate().isoformat()
    assert Job.objects.filter(name=vision.JOB, state=Job.State.DONE).exists()


def test_a_visit_with_an_empty_cache_reads_the_stored_figures_in_one_query(
    client, stored_figures, django_assert_num_queries
):
    cache.clear()
    with django_assert_num_queries(1):
        html = client.get("/vision/").content.decode()
    assert "<strong>3</strong>" in html


def test_figures_older_than_the_data_are_never_read(client, stored_figures):
    # A change committed after the job ran: the row is stale until its own job runs.
    with transaction.atomic():
        factories.ProjectFactory(title="Ferme urbaine")
    vision.stale()  # what the commit does first, before recording the job
    cache.clear()
    html = client.get("/vision/").content.decode()
    assert "<strong>4</strong>" in html
    assert VisionFigures.objects.get().data["gaps"]["unlinked_count"] == 3  # still the old


def test_a_burst_of_changes_records_one_job(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        for n in range(5):
            factories.ProjectFactory(title=f"Projet {n}")
    waiting = [c for c in callbacks if isinstance(c, jobs.AfterCommit) and c.name == vision.JOB]
    assert len(waiting) == 1


def test_figures_of_another_day_or_too_old_are_computed_again(
    client, stored_figures, django_assert_num_queries
):
    VisionFigures.objects.update(computed_at=timezone.now() - timedelta(hours=1))
    cache.clear()
    with django_assert_num_queries(13):  # too old: the stored row, then the 12 sums
        client.get("/vision/")
    data = {**stored_figures.data, "date": "2020-01-01"}
    VisionFigures.objects.update(data=data, computed_at=timezone.now())
    cache.clear()
    with django_assert_num_queries(13):  # of another day
        client.get("/vision/")


def test_beat_records_a_refresh_unless_one_waits(
    stored_figures, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the job runs on commit
        assert tasks.refresh_vision_figures.run() is True
    assert VisionFigures.objects.get().computed_at > stored_figures.computed_at
    Job.objects.create(name=vision.JOB)  # one waiting to start
    assert tasks.refresh_vision_figures.run() is False
