from celery import shared_task

from alliance import jobs


@shared_task(acks_late=True)
def run_job(job_id: int) -> str:
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
