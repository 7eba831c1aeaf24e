import secrets

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from alliance.access import FACILITATORS
from alliance.accounts import welcome_member
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
            with transaction.atomic():
                user = User.objects.create_user(
                    email,
                    password,
                    first_name=first,
                    last_name=last,
                    is_staff=is_admin,
                    is_superuser=is_admin,
                )
                # Like an invited member: in the members' group, with a person.
                welcome_member(user=user, invitation=None, first_name=first, last_name=last)
                if not is_admin:
                    user.groups.add(Group.objects.get_or_create(name=FACILITATORS)[0])
                # Verified, so they can log in where verification is mandatory.
                EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
            self.stdout.write(self.style.SUCCESS(f"{email} / {password}"))
