import pytest

from projects.models import Project
from tests import factories
from tests.smtp import smtp  # noqa: F401 - a real SMTP server on loopback, for mail tests


@pytest.fixture
def submitted_project(carrier):
    """A project waiting for moderation, carried by the carrier's organisation."""
    organisation = carrier.person.organisations.get()
    project = factories.ProjectFactory(
        title="Projet soumis", state=Project.State.SUBMITTED, proposed_by=carrier
    )
    factories.ParticipationFactory(project=project, organisation=organisation)
    return project


@pytest.fixture
def other_project(db):
    return factories.ProjectFactory(title="Autre projet publié")
