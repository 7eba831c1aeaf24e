from celery import shared_task

from circles import reminders


@shared_task(acks_late=True)
def send_due_reminders() -> int:
    """Beat, every five minutes: reminders due now, claimed exactly once."""
    return reminders.send_due_reminders()
