"""Project visibility has one rule: the SQL of `Project.objects.visible_to` and the Python
helpers (`project_for`, `is_carrier`, `can_edit_project`) give the same answers."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from projects import access
from projects.models import Participation, Project
from tests import factories
from tests.conftest import _member

STATES = [
    Project.State.DRAFT,
    Project.State.SUBMITTED,
    Project.State.PUBLISHED,
    Project.State.ARCHIVED,
]
# Who sees a project that is not published (every role sees the published ones).
SEES_HIDDEN = {
    "anonymous": False,
    "member": False,
    "proposer": True,
    "carrier": True,
    "partner": False,
    "expired_carrier": False,
    "facilitator": True,
    "admin": True,
}


@pytest.fixture
def people(member, facilitator, admin_user):
    carrying = factories.OrganisationFactory(name="Association porteuse")
    partner_org = factories.OrganisationFactory(name="Association partenaire")
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    users = {
        "anonymous": AnonymousUser(),
        "member": member,
        "facilitator": facilitator,
        "admin": admin_user,
    }
    for name, organisation, end in [
        ("carrier", carrying, None),
        ("partner", partner_org, None),
        ("expired_carrier", carrying, yesterday),
    ]:
        user, person = _member(f"{name}@example.org")
        factories.RepresentationFactory(
            person=person, organisation=organisation, has_mandate=True, end=end
        )
        users[name] = user
    users["proposer"], _ = _member("proposer@example.org")
    projects = []
    for state in STATES:
        project = factories.ProjectFactory(
            title=f"Projet {state}", state=state, proposed_by=users["proposer"]
        )
        factories.ParticipationFactory(project=project, organisation=carrying)
        factories.ParticipationFactory(
            project=project, organisation=partner_org, role=Participation.Role.PARTNER
        )
        projects.append(project)
    return users, projects


def _python_sees(user, project) -> bool:
    try:
        return access.project_for(user, project.slug) == project
    except Http404:
        return False


def test_sql_and_python_agree_for_every_role_and_state(people):
    users, projects = people
    for name, user in users.items():
        in_sql = set(Project.objects.visible_to(user))
        for project in projects:
            expected = project.state == Project.State.PUBLISHED or SEES_HIDDEN[name]
            assert (project in in_sql) is expected, (name, project.state)
            assert _python_sees(user, project) is expected, (name, project.state)
            if access.can_edit_project(user, project):
                assert project in in_sql, (name, project.state)


def test_an_expired_mandate_no_longer_makes_a_carrier(people):
    users, projects = people
    draft = projects[0]
    assert access.is_carrier(users["carrier"], draft) is True
    assert access.is_carrier(users["expired_carrier"], draft) is False
    assert access.is_carrier(users["partner"], draft) is False
    assert access.can_edit_project(users["expired_carrier"], draft) is False


def test_a_mandate_ending_today_still_counts(people):
    users, projects = people
    representation = users["expired_carrier"].person.representations.get()
    representation.end = timezone.localdate()
    representation.save(update_fields=["end"])
    assert access.is_carrier(users["expired_carrier"], projects[0]) is True
    assert projects[0] in Project.objects.visible_to(users["expired_carrier"])


def test_a_former_carrier_gets_a_404_on_the_draft_and_a_403_on_the_published_edit_form(
    client, people
):
    users, projects = people
    client.force_login(users["expired_carrier"])
    assert client.get(projects[0].get_absolute_url()).status_code == 404
    published = projects[2]
    assert client.get(published.get_absolute_url()).status_code == 200
    assert client.get(reverse("projects:edit", args=[published.slug])).status_code == 403
