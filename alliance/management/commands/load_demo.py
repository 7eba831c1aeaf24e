from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

from alliance.cache import bumps_deferred

# Order matters: each app's demo builds on the ones before it.
DEMO_APPS = ["alliance", "actors", "circles", "projects", "roadmap", "ideas", "network"]


class Command(BaseCommand):
    help = "Loads the charter's demo world (idempotent). --purge removes only demo records."

    def add_arguments(self, parser):
        parser.add_argument("--purge", action="store_true", help="remove demo records only")

    def handle(self, *args, purge: bool = False, **options):
        apps = reversed(DEMO_APPS) if purge else DEMO_APPS
        with bumps_deferred(), transaction.atomic():  # bumped once, after the commit
            for app in apps:
                try:
                    module = import_module(f"{app}.demo")
                except ModuleNotFoundError as exc:
                    if exc.name != f"{app}.demo":
                        raise
                    continue
                module.load(purge=purge)
                self.stdout.write(f"{app}: {'purged' if purge else 'loaded'}")
        self.stdout.write(self.style.SUCCESS("Demo data purged." if purge else "Demo data loaded."))
