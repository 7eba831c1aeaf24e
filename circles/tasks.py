from celery import shared_task


@shared_task(acks_late=True)
def send_due_reminders() -> int:
    """Beat, every five minutes: reminders due now, claimed exactly once."""
    from circles.reminders import send_due_reminders as run

    return run()
