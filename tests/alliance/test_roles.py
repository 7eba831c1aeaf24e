"""Roles: visitor, member, facilitator, admin — Django groups with permissions."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group

from alliance import access
from alliance.roles import ensure_roles

pytestmark = pytest.mark.django_db


def test_each_role_is_recognised(member, facilitator, admin_user):
    assert access.role(AnonymousUser()) == "visitor"
    assert access.role(member) == "member"
    assert access.role(facilitator) == "facilitator"
    assert access.role(admin_user) == "admin"


def test_roles_nest_member_facilitator_admin(member, facilitator, admin_user):
    assert [access.is_member(u) for u in (member, facilitator, admin_user)] == [True] * 3
    assert [access.is_facilitator(u) for u in (member, facilitator, admin_user)] == [
        False,
        True,
        True,
    ]
    assert [access.is_admin(u) for u in (member, facilitator, admin_user)] == [False, False, True]
    assert not access.is_member(AnonymousUser())


def test_a_deactivated_account_is_a_visitor(member):
    member.is_active = False
    assert access.role(member) == "visitor"


def test_members_participate_and_facilitators_also_facilitate_and_edit(db):
    ensure_roles()
    members = set(
        Group.objects.get(name=access.MEMBERS).permissions.values_list("codename", flat=True)
    )
    facilitators = set(
        Group.objects.get(name=access.FACILITATORS).permissions.values_list("codename", flat=True)
    )
    assert members == {"participate"}
    assert {"participate", "facilitate", "change_project", "add_invitation"} <= facilitators
    assert not any(codename.startswith("delete_") for codename in facilitators)


def test_ensure_roles_is_idempotent(db):
    ensure_roles()
    ensure_roles()
    assert Group.objects.filter(name__in=[access.MEMBERS, access.FACILITATORS]).count() == 2


def test_facilitators_see_the_animer_link_to_the_invitations(client, member, facilitator):
    client.force_login(facilitator)
    assert 'href="/animation/invitations/">Animer</a>' in client.get("/").content.decode()
    client.force_login(member)
    assert "/animation/invitations/" not in client.get("/").content.decode()


def test_a_member_is_sent_away_from_the_facilitators_page(client, member):
    client.force_login(member)
    assert client.get("/animation/invitations/").status_code == 403
