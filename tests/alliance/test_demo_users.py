import re
from io import StringIO

import pytest
from django.core.management import call_command

from actors.models import Person
from alliance import access
from alliance.models import User

pytestmark = pytest.mark.django_db


def test_demo_users_are_created_once_and_their_passwords_printed_once(client):
    out = StringIO()
    call_command("create_demo_users", stdout=out)
    passwords = dict(re.findall(r"(\S+@alliance\.localhost) / (\S+)", out.getvalue()))
    assert set(passwords) == {"facilitateur@alliance.localhost", "admin@alliance.localhost"}

    facilitator = User.objects.get(email="facilitateur@alliance.localhost")
    assert access.role(facilitator) == "facilitator"
    assert access.role(User.objects.get(email="admin@alliance.localhost")) == "admin"
    assert Person.objects.filter(user__email__endswith="@alliance.localhost").count() == 2
    assert client.login(
        email="facilitateur@alliance.localhost", password=passwords[facilitator.email]
    )

    again = StringIO()
    call_command("create_demo_users", stdout=again)
    assert " / " not in again.getvalue()
    assert User.objects.filter(email__endswith="@alliance.localhost").count() == 2
