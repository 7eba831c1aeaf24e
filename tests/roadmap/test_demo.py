from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from alliance import demo as alliance_demo
from circles.models import Circle
from roadmap import demo
from roadmap.models import Measurement, Milestone, Objective
from tests import factories

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def themes(db):
    alliance_demo.load_themes()


def test_the_charter_meetings_of_2023_are_milestones(themes):
    demo.load()
    meetings = Milestone.objects.filter(date__year=2023, kind=Milestone.Kind.MEETING)
    assert [m.date for m in meetings] == [
        date(2023, 2, 7),
        date(2023, 3, 15),
        date(2023, 3, 28),
        date(2023, 4, 13),
        date(2023, 6, 13),
        date(2023, 6, 29),
    ]
    assert meetings.get(date=date(2023, 3, 28)).title.endswith("Transition énergétique")
    assert Milestone.objects.upcoming().filter(is_demo=True).count() >= 3


def test_milestones_point_to_the_circles_demo_meetings_when_they_exist(themes):
    concertation = factories.CircleFactory(kind=Circle.Kind.CONSULTATION)
    work = factories.CircleFactory(kind=Circle.Kind.WORK)
    launch = factories.MeetingFactory(
        circle=concertation, start=datetime(2023, 2, 7, 14, tzinfo=PARIS)
    )
    june = factories.MeetingFactory(circle=work, start=datetime(2023, 6, 20, 9, tzinfo=PARIS))
    demo.load()
    assert Milestone.objects.get(meeting=launch).date == date(2023, 2, 7)
    assert Milestone.objects.get(meeting=june).date == date(2023, 6, 20)
    assert Milestone.objects.get(date=date(2023, 3, 28)).circle == concertation


def test_objectives_per_key_theme_with_measurements(themes):
    owner = factories.OrganisationFactory()
    project = factories.ProjectFactory(title="Centrale solaire")
    project.is_demo = True
    project.save()
    project.themes.add(alliance_demo.Theme.objects.get(slug="energie"))
    factories.ParticipationFactory(project=project, organisation=owner)
    demo.load()
    names = set(Objective.objects.values_list("theme__name", flat=True))
    assert {"Santé", "Énergie", "Eau", "Déchets", "Mobilité", "Logement"} <= names
    for objective in Objective.objects.all():
        assert 2 <= objective.measurements.count() <= 4
    solar = Objective.objects.filter(theme__slug="energie").first()
    assert list(solar.projects.all()) == [project]
    assert list(solar.organisations.all()) == [owner]


def test_loading_twice_changes_nothing(themes):
    demo.load()
    counts = (Milestone.objects.count(), Objective.objects.count(), Measurement.objects.count())
    demo.load()
    assert counts == (
        Milestone.objects.count(),
        Objective.objects.count(),
        Measurement.objects.count(),
    )


def test_purge_removes_only_demo_records(themes):
    mine = factories.MilestoneFactory(title="Jalon réel")
    demo.load()
    demo.load(purge=True)
    assert list(Milestone.objects.all()) == [mine]
    assert not Objective.objects.exists() and not Measurement.objects.exists()


def test_without_themes_the_demo_still_loads_its_milestones(db):
    demo.load()
    assert Milestone.objects.count() == 10
    assert not Objective.objects.exists()
