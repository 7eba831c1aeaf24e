from celery import Task, shared_task
from celery.exceptions import TimeLimitExceeded
from celery.signals import worker_process_init

from alliance import jobs


@worker_process_init.connect
def _in_prefork_child(**kwargs) -> None:
    """Sent in prefork children only: there Celery enforces the time limits itself."""
    jobs.POOL_ENFORCES_TIME_LIMITS = True


class JobTask(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo) -> None:
        # Past the hard time limit the prefork pool kills the child; this runs in the
        # parent, which records the reason at once rather than leave it to the sweep.
        if isinstance(exc, TimeLimitExceeded) and args:
            jobs.fail_running(args[0], jobs.time_limit_reason(int(exc.args[0] or 0)))


@shared_task(base=JobTask, acks_late=True)
def run_job(job_id: int) -> str:
    """A thin wrapper: the Job table and alliance.jobs do the work (limits per job kind
    come with the message, see jobs.dispatch)."""
    return jobs.run(job_id)


@shared_task
def sweep_jobs() -> int:
    return jobs.sweep()


@shared_task
def send_weekly_digests() -> int:
    """Weekly digest of what members follow; filled in by the following capability."""
    from django.utils.module_loading import import_string

    try:
        send = import_string("network.digests.send_weekly_digests")
    except ImportError:
        return 0
    return send()
