from django.core.management.base import BaseCommand

from network.search.index import rebuild


class Command(BaseCommand):
    help = "Rebuilds the PostgreSQL search index (after bulk imports); does nothing on SQLite."

    def handle(self, *args, **options):
        count = rebuild()
        self.stdout.write(f"{count} rows indexed.")
