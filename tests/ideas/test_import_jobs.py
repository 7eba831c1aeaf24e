"""Imports run through the Job table with real Celery workers: a worker killed with
SIGKILL mid-import is noticed by its stopped heartbeat, the import runs again from the
start with no duplicate and nothing partial; past its time limit an import ends failed
with a French reason on its page, and nothing is written."""

import pytest
from celery.contrib.testing.worker import start_worker
from django.core.cache import cache
from django.core.files.base import ContentFile

from alliance import jobs
from alliance.models import Job
from ideas import services
from ideas.models import Idea, ImportBatch
from tests import factories
from tests.workers import wait_for, worker_setup

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.celery_worker]

ROWS = 20_000


def export(rows: int) -> bytes:
    lines = ["Identifiant;Titre;Description;Auteur;J'aime"]
    lines += [
        f"c{i};Idée numéro {i};Description {i};Auteur {i % 300};{i % 40}" for i in range(rows)
    ]
    return "\n".join(lines).encode()


def previewed_batch(space, facilitator, rows: int = ROWS) -> ImportBatch:
    """A batch whose dry run is done (its figures are the file's), ready to confirm."""
    return ImportBatch.objects.create(
        space=space,
        file=ContentFile(export(rows), name="colidee.csv"),
        original_name="colidee.csv",
        preview={"read": rows, "new": rows, "fatal": ""},
        rows_total=rows,
        created_by=facilitator,
    )


def import_job(batch) -> Job:
    return Job.objects.get(pk=ImportBatch.objects.get(pk=batch.pk).import_job_id)


def test_a_worker_killed_mid_import_is_swept_and_the_import_runs_again_whole(
    tmp_path, settings, facilitator
):
    space = factories.IdeaSpaceFactory(name="Concertation mobilité")
    batch = previewed_batch(space, facilitator)
    with worker_setup(tmp_path, settings) as start:
        first = start()
        services.confirm_import(batch, create_themes=False)  # sent to the broker on commit
        progress = services._progress_key(batch.pk)
        assert wait_for(lambda: (cache.get(progress) or 0) >= 1000, timeout=120), first.output()
        first.kill()  # SIGKILL mid-import: no cleanup, no rollback by the worker itself

        job = import_job(batch)
        assert (job.state, job.attempts) == (Job.State.RUNNING, 1)
        assert not Idea.objects.exists()  # its single transaction died with it
        # Its heartbeat has stopped: after JOB_STUCK_AFTER (2 minutes by default) the job
        # is stuck. A few seconds here, so the test need not wait.
        settings.JOB_STUCK_AFTER = 3
        assert wait_for(lambda: Job.objects.stuck().filter(pk=job.pk).exists(), timeout=30)

        start()
        assert jobs.sweep() == 1  # the beat task: reset to pending and sent again
        assert wait_for(lambda: import_job(batch).state == Job.State.DONE, timeout=300), (
            first.output()
        )
    assert Idea.objects.filter(space=space).count() == ROWS
    assert Idea.objects.values("source_id").distinct().count() == ROWS  # no duplicate
    batch = ImportBatch.objects.with_jobs().get(pk=batch.pk)
    assert batch.state == ImportBatch.State.DONE
    assert batch.import_job.attempts == 2
    assert (batch.report["read"], batch.report["new"]) == (ROWS, ROWS)


def test_an_import_past_its_soft_time_limit_fails_with_a_french_reason_and_writes_nothing(
    tmp_path, settings, facilitator, client_as
):
    """Celery's prefork pool enforces the limit, which travels with the job's message."""
    settings.JOB_TIME_LIMITS = {"ideas.services.run_import": (1, 60)}
    space = factories.IdeaSpaceFactory(name="Concertation énergie")
    batch = previewed_batch(space, facilitator)
    with worker_setup(tmp_path, settings) as start:
        worker = start()
        services.confirm_import(batch, create_themes=False)
        assert wait_for(lambda: import_job(batch).state == Job.State.FAILED, timeout=120), (
            worker.output()
        )
    job = import_job(batch)
    reason = "Le traitement a dépassé sa limite de temps (1 s) et a été arrêté."
    assert job.last_error == reason
    assert job.attempts == 1
    assert not Idea.objects.exists()
    page = client_as("facilitator").get(batch.get_absolute_url()).content.decode()
    assert f"L'import a échoué et rien n'a été écrit : {reason}" in page
    assert 'value="0"' in page  # the bar does not claim progress that was rolled back
    jobs_list = client_as("admin").get("/admin/alliance/job/?state=failed").content.decode()
    assert "limite de temps (1 s)" in jobs_list


def test_the_threads_pool_import_past_its_soft_time_limit_is_stopped_by_the_watchdog(
    tmp_path, settings, facilitator
):
    """The threads pool (and solo) have no time limits of their own: the job's watchdog
    raises the soft limit in the job's thread."""
    from alliance.celery import app

    settings.JOB_TIME_LIMITS = {"ideas.services.run_import": (1, 60)}
    assert not jobs.pool_enforces_time_limits()  # this process runs the pool, not Celery
    space = factories.IdeaSpaceFactory(name="Concertation déchets")
    # Enough rows that the import outlasts its 1 s limit on a fast, idle machine too.
    batch = previewed_batch(space, facilitator, rows=5 * ROWS)
    with (
        worker_setup(tmp_path, settings),
        start_worker(app, pool="threads", perform_ping_check=False, shutdown_timeout=30),
    ):
        services.confirm_import(batch, create_themes=False)
        failed = wait_for(lambda: import_job(batch).state == Job.State.FAILED, timeout=120)
        job = import_job(batch)
        assert failed, (job.state, job.attempts, job.last_error, job.heartbeat_at)
    assert "limite de temps (1 s)" in import_job(batch).last_error
    assert not Idea.objects.exists()
    assert ImportBatch.objects.with_jobs().get(pk=batch.pk).state == ImportBatch.State.FAILED
