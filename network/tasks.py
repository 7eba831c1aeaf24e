from celery import shared_task

from network.search import index


@shared_task
def rebuild_search_index() -> int:
    """Nightly: catches rows written in bulk, which no signal re-indexed."""
    return index.rebuild()
