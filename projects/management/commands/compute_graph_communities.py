from django.core.management.base import BaseCommand
from django.db import transaction

from projects import communities


class Command(BaseCommand):
    help = (
        "Computes and stores the interdependency graph's groups (what the job does after "
        "links change), e.g. after rows were loaded in bulk."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            changed = communities.store()
        self.stdout.write(f"graph communities: {changed} projects changed")
