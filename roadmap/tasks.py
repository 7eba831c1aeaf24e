from celery import shared_task

from alliance import jobs
from roadmap import vision


@shared_task(acks_late=True)
def refresh_vision_figures() -> bool:
    """Beat, every ten minutes: the stored figures of /vision/ computed again (time alone
    moves some: meetings pass, a day ends), unless a job to do so already waits."""
    return jobs.enqueue_unless_waiting(vision.JOB)
