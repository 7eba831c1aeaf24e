import secrets

from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from alliance.access import FACILITATORS, MEMBERS
from alliance.models import User

DEMO_USERS = [
    ("facilitateur@alliance.localhost", "Claire", "Facilitatrice", False),
    ("admin@alliance.localhost", "Alex", "Administrateur", True),
]


class Command(BaseCommand):
    help = "Creates the demo facilitator and admin; prints their password once, when created."

    def handle(self, *args, **options):
        for email, first, last, is_admin in DEMO_USERS:
            if User.objects.filter(email=email).exists():
                self.stdout.write(f"{email}: already exists (password printed when created)")
                continue
            password = secrets.token_urlsafe(12)
            user = User.objects.create_user(
                email,
                password,
                first_name=first,
                last_name=last,
                is_staff=is_admin,
                is_superuser=is_admin,
            )
            user.groups.add(Group.objects.get(name=MEMBERS))
            if not is_admin:
                user.groups.add(Group.objects.get(name=FACILITATORS))
            self.stdout.write(self.style.SUCCESS(f"{email} / {password}"))
