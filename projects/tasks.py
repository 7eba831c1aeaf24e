from celery import shared_task

from alliance import jobs
from projects import graph_summary


@shared_task(acks_late=True)
def refresh_graph_summary() -> bool:
    """Beat, every ten minutes: the interdependency page's stored summary computed again
    (bulk writes send no signal), unless a job to do so already waits."""
    return jobs.enqueue_unless_waiting(graph_summary.JOB)
