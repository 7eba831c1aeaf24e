"""Date polls: the facilitator picks the date; the meeting gets the circle's usual place
and the voters who answered "oui" for that date are registered, each told with a notice
and the way to decline."""

from datetime import timedelta

from django.contrib.auth.models import Group
from django.utils import timezone

from alliance.access import MEMBERS
from circles.models import Meeting, Membership, PollAnswer
from tests import factories
from tests.smtp import text_of


def _pick(client_as, poll, slot):
    return client_as("facilitator").post(f"/cercles/sondages/{poll.pk}/choisir/", {"slot": slot.pk})


def _past(circle, days, place, commune=None, **fields):
    start = timezone.now() - timedelta(days=days)
    return factories.MeetingFactory(
        circle=circle,
        start=start,
        end=start + timedelta(hours=2),
        place=place,
        commune=commune,
        **fields,
    )


def test_the_chosen_date_gets_the_place_of_the_circles_recent_meetings(client_as, circle, poll):
    muret = factories.CommuneFactory(name="Muret", slug="muret")
    _past(circle, 300, "Salle ancienne")
    _past(circle, 60, "Maison des associations", muret)
    _past(circle, 30, "Maison des associations", muret)
    _past(circle, 10, "Mairie annexe")
    _past(circle, 5, "Lieu annulé", status=Meeting.Status.CANCELLED)
    first = poll.slots.first()

    assert _pick(client_as, poll, first).status_code == 302

    poll.refresh_from_db()
    assert (poll.meeting.place, poll.meeting.commune) == ("Maison des associations", muret)
    assert poll.meeting.start == first.start


def test_the_circles_default_place_comes_before_its_recent_meetings(client_as, circle, poll):
    circle.default_place = "Hôtel de Région, Toulouse"
    circle.save(update_fields=["default_place"])
    _past(circle, 30, "Maison des associations")
    _pick(client_as, poll, poll.slots.first())
    poll.refresh_from_db()
    assert poll.meeting.place == "Hôtel de Région, Toulouse"


def test_a_place_given_with_the_poll_stands(client_as, circle, poll):
    poll.place = "Tiers-lieu de Colomiers"
    poll.save(update_fields=["place"])
    _past(circle, 30, "Maison des associations")
    _pick(client_as, poll, poll.slots.first())
    poll.refresh_from_db()
    assert poll.meeting.place == "Tiers-lieu de Colomiers"


def test_picking_twice_makes_one_meeting(client_as, circle, poll):
    first, second = poll.slots.all()
    _pick(client_as, poll, first)
    _pick(client_as, poll, second)
    assert Meeting.objects.filter(circle=circle).count() == 1


def test_yes_voters_are_registered_told_and_can_decline(
    smtp, client, client_as, circle, poll, jobs
):
    keen, unsure = (
        factories.PersonFactory(email="oui@example.org"),
        factories.PersonFactory(email="sinecessaire@example.org"),
    )
    for person in (keen, unsure):
        Membership.objects.create(circle=circle, person=person)
    first, second = poll.slots.all()
    PollAnswer.objects.create(slot=first, person=keen, answer="oui")
    PollAnswer.objects.create(slot=second, person=unsure, answer="oui")
    PollAnswer.objects.create(slot=first, person=unsure, answer="si-necessaire")

    with jobs(execute=True):
        _pick(client_as, poll, first)

    poll.refresh_from_db()
    meeting = poll.meeting
    assert list(meeting.registrations.values_list("person", "answer")) == [(keen.pk, "oui")]
    told = {m.envelope_to[0]: text_of(m) for m in smtp.subjects("[Alliance] Date choisie")}
    assert set(told) == {keen.email, unsure.email}
    assert "vous êtes inscrit·e" in told[keen.email]
    decline = f"https://alliance.example.org/cercles/reunions/{meeting.pk}/"
    assert f"Changez votre réponse : {decline}" in told[keen.email]
    assert "vous êtes inscrit·e" not in told[unsure.email]

    user = factories.UserFactory(email=keen.email)
    keen.user = user
    keen.save(update_fields=["user"])
    client.force_login(user)
    user.groups.add(Group.objects.get_or_create(name=MEMBERS)[0])
    client.post(f"/cercles/reunions/{meeting.pk}/inscription/", {"answer": "non"})
    assert meeting.registrations.get(person=keen).answer == "non"
