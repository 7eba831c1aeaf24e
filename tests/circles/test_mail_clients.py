"""What circle mails look like once they reach a real SMTP server (aiosmtpd on loopback):
parsed with Python's `email` parser, their calendars with icalendar and vobject."""

from datetime import datetime, time, timedelta

import pytest
import vobject
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from icalendar import Calendar

from alliance import jobs as job_runner
from alliance.mail import queue_email
from alliance.models import Job
from circles import polls
from circles.calendars import PARIS
from circles.models import CircleProfile, Meeting, Membership, PollAnswer, Registration, ReminderLog
from circles.reminders import deliver, send_due_reminders
from tests import factories
from tests.smtp import calendar_of, html_of, text_of

pytestmark = pytest.mark.django_db


def _at(days: int, hour: int = 14, minute: int = 0) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return datetime.combine(day, time(hour, minute), tzinfo=PARIS)


def _member(circle, email, first="Camille", last="Dupont"):
    person = factories.PersonFactory(email=email, first_name=first, last_name=last)
    Membership.objects.create(circle=circle, person=person)
    return person


def _meeting(circle, start, **fields):
    fields.setdefault("title", "Coordination des projets")
    return factories.MeetingFactory(
        circle=circle, start=start, end=start + timedelta(hours=2), **fields
    )


def _both(content: str):
    """The same calendar read by two independent parsers."""
    return Calendar.from_ical(content), vobject.readOne(content)


def test_a_reminder_names_the_place_and_the_circle_once(smtp, circle, jobs):
    toulouse = factories.CommuneFactory(name="Toulouse", latitude=43.6, longitude=1.44)
    _meeting(
        circle,
        _at(1),
        title=circle.name,
        place="Hôtel de Région, 22 boulevard du Maréchal Juin, Toulouse",
        commune=toulouse,
    )
    _member(circle, "camille@example.org")

    with jobs(execute=True):
        send_due_reminders()

    (message,) = smtp.messages
    lines = text_of(message).splitlines()
    assert "Lieu : Hôtel de Région, 22 boulevard du Maréchal Juin, Toulouse" in lines
    assert f"Réunion : {circle.name}" in lines  # no "(same name)" after it


def test_a_reminder_reads_right_in_a_mail_client(smtp, circle, jobs):
    commune = factories.CommuneFactory(name="Blagnac", latitude=43.63, longitude=1.39)
    _meeting(
        circle,
        _at(1),
        place="Salle de l'Orangerie",
        commune=commune,
        agenda="1. Tour de table d'ouverture",
    )
    person = _member(circle, "camille@example.org")

    with jobs(execute=True):
        send_due_reminders()

    (message,) = smtp.messages
    # Django folds a long encoded subject right after "Subject:"; clients drop that space.
    assert (
        message["Subject"].strip() == "[Alliance] Rappel : Coordination des projets — demain à 14 h"
    )
    text = text_of(message)
    assert "Cercle d'animation" in text and "Salle de l'Orangerie, Blagnac" in text
    assert "&#x27;" not in text and "&amp;" not in text
    assert "demain à 14 h" in text and "de 14 h à 16 h" in text
    assert "Plan : https://www.openstreetmap.org/?mlat=43.63&mlon=1.39" in text
    assert "1. Tour de table d'ouverture" in text
    assert "https://alliance.example.org/cercles/reunions/" in text and "#registration" in text
    markup = html_of(message)
    assert "Tour de table d'ouverture" in markup and '<a href="https://www.openstreetmap' in markup
    assert message["Message-ID"].endswith("@alliance.example.org>")
    assert message["List-Id"] == "Alliance <reunions.alliance.example.org>"
    https, mailto = (part.strip(" <>") for part in message["List-Unsubscribe"].split(","))
    assert https.startswith("https://alliance.example.org/abonnements/desinscription/")
    assert mailto.startswith("mailto:noreply@")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    method, content = calendar_of(message)
    assert method == "REQUEST"
    ical, vcal = _both(content)
    event = ical.walk("VEVENT")[0]
    assert str(ical["METHOD"]) == "REQUEST" and vcal.method.value == "REQUEST"
    assert str(event["ORGANIZER"]).startswith("mailto:noreply@")
    assert str(event["ATTENDEE"]) == f"mailto:{person.email}"
    assert event["ATTENDEE"].params["CN"] == "Camille Dupont"
    assert vcal.vevent.attendee.value == f"mailto:{person.email}"
    assert vcal.vevent.organizer.value.startswith("mailto:noreply@")
    assert vcal.vevent.uid.value.endswith("@alliance.example.org")
    assert int(event["SEQUENCE"]) == 0 and vcal.vevent.sequence.value == "0"
    assert vcal.vevent.dtstart.value == _at(1)


@pytest.mark.parametrize(
    ("days", "minute", "phrase"),
    [
        (1, 0, "demain à 14 h"),
        (1, 30, "demain à 14 h 30"),
        (2, 0, "dans 2 jours"),
        (7, 0, "dans 7 jours"),
    ],
)
def test_a_reminder_says_the_real_delay(smtp, circle, jobs, days, minute, phrase):
    circle.reminder_offsets = [200]  # whenever the test runs, the meeting is due
    circle.save()
    _meeting(circle, _at(days, 14, minute))
    _member(circle, "camille@example.org")

    with jobs(execute=True):
        send_due_reminders()

    (message,) = smtp.messages
    assert phrase in message["Subject"]
    assert f"Nous vous rappelons la réunion « Coordination des projets », {phrase}." in text_of(
        message
    )


def test_the_one_click_link_turns_reminders_off_without_csrf_and_twice_is_harmless(
    smtp, circle, jobs
):
    meeting = _meeting(circle, _at(1))
    person = _member(circle, "camille@example.org")
    with jobs(execute=True):
        send_due_reminders()
    link = smtp.messages[0]["List-Unsubscribe"].split(",")[0].strip(" <>")
    path = link.removeprefix("https://alliance.example.org")
    client = Client(enforce_csrf_checks=True)

    page = client.get(path)
    assert "Confirmez-vous ne plus vouloir recevoir les rappels" in page.content.decode()
    assert not CircleProfile.objects.filter(person=person).exists()  # the page writes nothing
    for _attempt in range(2):  # RFC 8058: a client may POST again; nothing more happens
        response = client.post(
            path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
        )
        assert response.status_code == 200
    assert CircleProfile.objects.get(person=person).reminders is False

    ReminderLog.objects.all().delete()
    meeting.refresh_from_db()
    with jobs(execute=True):
        send_due_reminders()
    assert len(smtp.messages) == 1  # no new reminder


def test_a_change_notice_says_what_changed_old_and_new(smtp, circle, jobs):
    meeting = _meeting(circle, _at(3), place="Salle A")
    guest = Registration.objects.create(
        meeting=meeting,
        guest_name="Gaëlle",
        guest_email="gaelle@example.org",
        confirmed_at=timezone.now(),
    )
    before = meeting.snapshot()
    meeting.place = "Salle B"
    meeting.start, meeting.end = _at(3, 15), _at(3, 17)
    meeting.sequence += 1

    with jobs(execute=True):
        meeting.save()
        meeting.announce_changes(before)

    (message,) = smtp.to("gaelle@example.org")
    text = text_of(message)
    assert "Réunion modifiée" in message["Subject"]
    assert "- Lieu : Salle A → Salle B" in text
    day = _at(3).strftime("%d").lstrip("0")
    assert f"{day} " in text and "de 14 h à 16 h → " in text and "de 15 h à 17 h" in text
    assert f"/inscription/{guest.token}/annuler/" in text
    assert "List-Unsubscribe" not in message  # a guest has no preference to turn off
    method, content = calendar_of(message)
    ical, vcal = _both(content)
    assert method == "REQUEST" and int(ical.walk("VEVENT")[0]["SEQUENCE"]) == 1
    assert vcal.vevent.location.value == "Salle B"


def test_a_cancellation_reaches_everyone_concerned_with_an_itip_cancel(smtp, circle, jobs):
    meeting = _meeting(circle, _at(5), capacity=1)
    expecting = _member(circle, "membre@example.org")
    declined = _member(circle, "non@example.org")
    coming = factories.PersonFactory(email="vient@example.org")
    waiting = factories.PersonFactory(email="attente@example.org")
    now = timezone.now()
    Registration.objects.create(meeting=meeting, person=declined, answer="non", confirmed_at=now)
    Registration.objects.create(meeting=meeting, person=coming, answer="oui", confirmed_at=now)
    Registration.objects.create(
        meeting=meeting, person=waiting, answer="oui", on_waiting_list=True, confirmed_at=now
    )
    Registration.objects.create(
        meeting=meeting, guest_name="Gaëlle", guest_email="gaelle@example.org", confirmed_at=now
    )

    with jobs(execute=True):
        meeting.cancel()

    reached = {m.envelope_to[0] for m in smtp.messages}
    assert reached == {expecting.email, coming.email, waiting.email, "gaelle@example.org"}
    message = smtp.to(waiting.email)[0]
    assert "ANNULÉE" in text_of(message) and "annulation.ics" in text_of(message)
    method, content = calendar_of(message)
    ical, vcal = _both(content)
    event = ical.walk("VEVENT")[0]
    assert method == "CANCEL" and str(ical["METHOD"]) == "CANCEL"
    assert str(event["STATUS"]) == "CANCELLED" and int(event["SEQUENCE"]) == 1
    assert vcal.method.value == "CANCEL" and vcal.vevent.status.value == "CANCELLED"
    assert vcal.vevent.uid.value == meeting.uid
    with jobs(execute=True):
        meeting.cancel()  # twice: nobody hears twice
    assert len(smtp.messages) == 4


def test_a_poll_tells_members_when_it_opens_and_when_it_closes(smtp, client_as, circle, jobs):
    keen = _member(circle, "oui@example.org", first="Ana")
    other = _member(circle, "peut-etre@example.org")
    with jobs(execute=True):
        poll = polls.open_poll(
            circle=circle,
            title="Cercle de rentrée",
            place="Hôtel de Région",
            created_by=None,
            starts=[_at(20), _at(21)],
            duration=120,
        )
    opened = smtp.subjects("[Alliance] Sondage de date")
    assert {m.envelope_to[0] for m in opened} == {keen.email, other.email}
    assert f"https://alliance.example.org/cercles/sondages/{poll.pk}/" in text_of(opened[0])
    assert "de 14 h à 16 h" in text_of(opened[0])
    first, second = poll.slots.all()
    PollAnswer.objects.create(slot=first, person=keen, answer="oui")
    PollAnswer.objects.create(slot=first, person=other, answer="si-necessaire")

    with jobs(execute=True):
        response = client_as("facilitator").post(
            f"/cercles/sondages/{poll.pk}/choisir/", {"slot": first.pk}
        )
    assert response.status_code == 302

    poll.refresh_from_db()
    assert list(poll.meeting.registrations.values_list("person", "answer")) == [(keen.pk, "oui")]
    closed = {m.envelope_to[0]: m for m in smtp.subjects("[Alliance] Date choisie")}
    assert set(closed) == {keen.email, other.email}
    registered = text_of(closed[keen.email])
    assert "vous êtes inscrit·e" in registered and "Changez votre réponse" in registered
    assert "vous êtes inscrit·e" not in text_of(closed[other.email])
    for address, partstat in ((keen.email, "ACCEPTED"), (other.email, "NEEDS-ACTION")):
        method, content = calendar_of(closed[address])
        ical, vcal = _both(content)
        assert method == "REQUEST"
        assert ical.walk("VEVENT")[0]["ATTENDEE"].params["PARTSTAT"] == partstat
        assert vcal.vevent.attendee.params["PARTSTAT"] == [partstat]


def test_poll_notices_speak_each_members_language(smtp, client_as, circle, jobs):
    french = _member(circle, "fr@example.org", first="Ana")
    english = _member(circle, "en@example.org", first="Ben")
    english.user = factories.UserFactory(email=english.email, language="en")
    english.save(update_fields=["user"])
    with jobs(execute=True):
        poll = polls.open_poll(
            circle=circle,
            title="Cercle de rentrée",
            place="Hôtel de Région",
            created_by=None,
            starts=[_at(20)],
            duration=120,
        )
    subjects = {m.envelope_to[0]: m["Subject"] for m in smtp.messages}
    assert subjects[french.email] == "[Alliance] Sondage de date : Cercle de rentrée"
    assert subjects[english.email] == "[Alliance] Date poll: Cercle de rentrée"
    (slot,) = poll.slots.all()
    PollAnswer.objects.create(slot=slot, person=english, answer="oui")
    with jobs(execute=True):
        client_as("facilitator").post(f"/cercles/sondages/{poll.pk}/choisir/", {"slot": slot.pk})
    closed = {m.envelope_to[0]: m for m in smtp.subjects("[Alliance] Date")}
    assert closed[english.email]["Subject"] == "[Alliance] Date chosen: Cercle de rentrée"
    assert smtp.subjects("[Alliance] Date choisie")[0].envelope_to == [french.email]


def test_a_retried_reminder_job_never_sends_twice(smtp, circle, jobs):
    _meeting(circle, _at(1))
    people = [_member(circle, f"m{i}@example.org") for i in range(3)]
    smtp.fail_for = {people[1].email}  # the server gives up on the second message, once

    with jobs(execute=True):
        send_due_reminders()

    job = Job.objects.get(name="circles.reminders.deliver")
    assert job.state == Job.State.PENDING and job.attempts == 1  # to be retried
    assert [m.envelope_to for m in smtp.messages] == [[people[0].email]]
    assert ReminderLog.objects.exclude(sent_at=None).count() == 1

    assert job_runner.run(job.pk) == Job.State.DONE
    assert sorted(m.envelope_to[0] for m in smtp.messages) == [p.email for p in people]


def test_a_retried_mail_job_never_sends_twice(smtp, jobs):
    smtp.fail_for = {"b@example.org"}
    with jobs(execute=True):
        queue_email(
            to=["a@example.org", "b@example.org", "c@example.org"],
            subject="Demande d'adhésion",
            template="circles/email/join_request",
            context={
                "membership": Membership(
                    circle=factories.CircleFactory(name="Cercle d'été"),
                    person=factories.PersonFactory(),
                )
            },
        )
    job = Job.objects.get(name="alliance.mail.deliver")
    assert job.state == Job.State.PENDING
    assert job_runner.run(job.pk) == Job.State.DONE

    assert sorted(m.envelope_to[0] for m in smtp.messages) == [
        "a@example.org",
        "b@example.org",
        "c@example.org",
    ]
    assert "Cercle d'été" in text_of(smtp.messages[0])  # not "Cercle d&#x27;été"
    assert len({m["Message-ID"] for m in smtp.messages}) == 3


def test_each_meeting_goes_out_over_one_connection_in_constant_queries(smtp):
    def run(members_each: int) -> int:
        Meeting.objects.all().delete()
        for _n in range(3):
            circle = factories.CircleFactory()
            _meeting(circle, _at(1))
            for i in range(members_each):
                _member(circle, f"c{circle.pk}-{i}@example.org")
        send_due_reminders()  # claims; the job only runs on commit, here below
        batch = ReminderLog.objects.values_list("batch", flat=True).first()
        before = smtp.connections
        with CaptureQueriesContext(connection) as ctx:
            assert deliver(batch=batch) == 3 * members_each
        assert smtp.connections - before == 3
        return len(ctx.captured_queries)

    few, many = run(2), run(10)
    assert few == many <= 1 + 3 * 3  # one to list the meetings, three per meeting


def test_guest_confirmation_mail_is_plain_text_and_html(smtp, open_meeting, client, jobs):
    open_meeting.title = "L'eau d'ici"
    open_meeting.is_open = True
    open_meeting.save()
    with jobs(execute=True):
        response = client.post(
            f"/cercles/reunions/{open_meeting.pk}/inscription-sans-compte/",
            {"guest_name": "Zoé O'Neil", "guest_email": "zoe@example.org", "consent": "on"},
        )
    assert response.status_code == 200
    (message,) = smtp.messages
    assert "L'eau d'ici" in message["Subject"] and "Zoé O'Neil" in text_of(message)
    assert "Zoé O&#x27;Neil" not in text_of(message)
    assert "Zoé O'Neil" in html_of(message) or "Zoé O&#x27;Neil" in html_of(message)


def test_editing_a_series_from_the_form_tells_each_registered_person_what_changed(
    smtp, client_as, circle, jobs
):
    from tests.circles.test_scheduling import _make_series, _meeting_data

    first, second, third, _fourth = _make_series(client_as, circle)
    now = timezone.now()
    for meeting in (first, third):
        Registration.objects.create(
            meeting=meeting, guest_name="Inès", guest_email="ines@example.org", confirmed_at=now
        )
    data = _meeting_data(second, place="Maison de l'économie", scope="following")
    later = timezone.localtime(second.start) + timedelta(hours=1)
    data["start"] = later.strftime("%Y-%m-%dT%H:%M")
    data["end"] = (later + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")

    with jobs(execute=True):
        client_as("facilitator").post(f"/cercles/reunions/{second.pk}/modifier/", data)

    (message,) = smtp.to("ines@example.org")  # about the third meeting only, once
    text = text_of(message)
    assert "- Lieu : Hôtel de Région → Maison de l'économie" in text
    assert "de 14 h à 16 h → " in text and "de 15 h à 17 h" in text
    method, content = calendar_of(message)
    assert method == "REQUEST" and "SEQUENCE:1" in content
