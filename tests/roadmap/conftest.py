import pytest

from tests import factories
from tests.roadmap.factories import MeasurementFactory, ObjectiveFactory


@pytest.fixture
def milestone(db):
    return factories.MilestoneFactory(title="Cercle de concertation — lancement")


@pytest.fixture
def decided_meeting(db):
    return factories.MeetingFactory(decisions="Lancer l'appel à projets")


@pytest.fixture
def objective(db):
    return ObjectiveFactory(title="Produire plus d'énergie renouvelable")


@pytest.fixture
def measurement(objective):
    return MeasurementFactory(objective=objective)


@pytest.fixture(autouse=True)
def _fresh_vision_cache():
    """bulk_create sends no signal: every test starts from an empty /vision/ cache."""
    from roadmap import vision

    vision.invalidate()
    yield
    vision.invalidate()
