from datetime import timedelta

import pytest
from django.utils import timezone

from circles.models import CircleProfile, DatePoll, Membership, PollSlot, Registration
from tests import factories
from tests.smtp import smtp  # noqa: F401 - a real SMTP server on loopback, for mail tests


@pytest.fixture
def circle(db):
    return factories.CircleFactory(
        name="Cercle d'animation",
        slug="cercle-animation",
        kind="animation",
        cadence="FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU",
        purpose="Gouvernance du mouvement.",
    )


@pytest.fixture
def concertation(db):
    return factories.CircleFactory(
        name="Cercle de concertation", slug="cercle-concertation", kind="concertation"
    )


@pytest.fixture
def meeting(circle):
    return factories.MeetingFactory(circle=circle, title="Coordination des projets")


@pytest.fixture
def held_meeting(circle):
    """A meeting that has begun: its attendance can be recorded."""
    start = timezone.now() - timedelta(hours=3)
    return factories.MeetingFactory(circle=circle, start=start, end=start + timedelta(hours=2))


@pytest.fixture
def cancelled_meeting(circle):
    meeting = factories.MeetingFactory(circle=circle, title="Réunion annulée")
    meeting.cancel()
    return meeting


@pytest.fixture
def open_meeting(concertation):
    return factories.MeetingFactory(circle=concertation, title="Transition énergétique")


@pytest.fixture
def guest_registration(open_meeting):
    return Registration.objects.create(
        meeting=open_meeting,
        guest_name="Gaëlle Invitée",
        guest_email="gaelle@example.org",
        guest_organisation="Mairie de Blagnac",
        consent=True,
        confirmed_at=timezone.now(),
    )


@pytest.fixture
def poll(circle):
    poll = DatePoll.objects.create(circle=circle, title="Prochain cercle")
    start = timezone.now() + timedelta(days=20)
    PollSlot.objects.bulk_create(
        [
            PollSlot(poll=poll, start=start, end=start + timedelta(hours=2)),
            PollSlot(
                poll=poll, start=start + timedelta(days=1), end=start + timedelta(days=1, hours=2)
            ),
        ]
    )
    return poll


@pytest.fixture
def join_request(circle):
    return Membership.objects.create(
        circle=circle, person=factories.PersonFactory(), status=Membership.Status.REQUESTED
    )


@pytest.fixture
def seated(circle):
    """An accepted member of `circle`, for the facilitator's member pages."""
    return Membership.objects.create(circle=circle, person=factories.PersonFactory())


@pytest.fixture
def feed_profile(db):
    return CircleProfile.objects.create(person=factories.PersonFactory())


@pytest.fixture
def jobs(django_capture_on_commit_callbacks):
    """`with jobs(execute=True):` runs the jobs enqueued inside (eagerly) at its end."""
    return django_capture_on_commit_callbacks


@pytest.fixture
def meeting_document(meeting):
    """A PDF attached to `meeting`, stored under the test's MEDIA_ROOT."""
    from django.core.files.base import ContentFile

    from circles.models import MeetingDocument

    document = MeetingDocument(meeting=meeting, title="Ordre du jour")
    document.file.save("ordre-du-jour.pdf", ContentFile(b"%PDF-1.4\nordre du jour\n"))
    return document
