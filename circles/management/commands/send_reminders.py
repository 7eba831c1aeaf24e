from django.core.management.base import BaseCommand

from circles.reminders import send_due_reminders


class Command(BaseCommand):
    help = "Sends the meeting reminders due now (what the beat job does every five minutes)."

    def handle(self, *args, **options):
        claimed = send_due_reminders()
        self.stdout.write(f"{claimed} message(s) claimed for sending.")
