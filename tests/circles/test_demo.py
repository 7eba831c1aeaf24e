import pytest

from circles import demo
from circles.models import Circle, Meeting, Membership
from tests import factories

pytestmark = pytest.mark.django_db


def _counts():
    return (Circle.objects.count(), Meeting.objects.count(), Membership.objects.count())


def test_the_demo_loads_the_charter_circles_and_roadmap_meetings_once():
    demo.load()
    first = _counts()
    demo.load()

    assert _counts() == first
    assert set(Circle.objects.values_list("kind", flat=True)) == {
        "animation",
        "travail",
        "concertation",
    }
    held = Meeting.objects.filter(status="tenue").order_by("start")
    assert [m.start.date().isoformat() for m in held] == [
        "2023-02-07",
        "2023-03-15",
        "2023-03-28",
        "2023-04-13",
        "2023-06-13",
        "2023-06-29",
    ]
    assert all(m.minutes for m in held)
    work = Circle.objects.get(kind="travail")
    assert work.meetings.filter(start__year=2027).count() == 10
    assert not work.meetings.filter(start__year=2027, start__month__in=[7, 8]).exists()
    assert Meeting.objects.filter(start__date__gte=demo.ANCHOR).exists()


def test_the_purge_removes_only_demo_records():
    kept = factories.MeetingFactory(circle=factories.CircleFactory(name="Groupe mobilité"))
    demo.load()
    demo.load(purge=True)

    assert list(Circle.objects.all()) == [kept.circle]
    assert list(Meeting.objects.all()) == [kept]
