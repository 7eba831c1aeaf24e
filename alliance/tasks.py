from celery import Task, shared_task
from celery.exceptions import TimeLimitExceeded
from django.utils.module_loading import import_string

from alliance import jobs


class JobTask(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo) -> None:
        # Past the hard time limit the prefork pool kills the child; this runs in the
        # parent, which records the reason at once rather than leave it to the sweep.
        if isinstance(exc, TimeLimitExceeded) and args:
            jobs.fail_running(args[0], jobs.time_limit_reason(int(exc.args[0] or 0)))


@shared_task(base=JobTask, bind=True, acks_late=True)
def run_job(self, job_id: int) -> str:
    """A thin wrapper: the Job table and alliance.jobs do the work. The time limits of
    the job's kind come with the message (jobs.dispatch); the run reports those."""
    hard, soft = self.request.timelimit or (None, None)
    return jobs.run(job_id, limits=(int(soft), int(hard)) if soft and hard else None)


@shared_task
def sweep_jobs() -> int:
    return jobs.sweep()


@shared_task
def send_weekly_digests() -> int:
    """Weekly digest of what members follow; filled in by the following capability."""
    try:
        send = import_string("network.following.digests.send_weekly_digests")
    except ImportError:
        return 0
    return send()
