from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from alliance.models import Invitation
from circles.models import DatePoll, Meeting, Membership, PollAnswer, Registration
from tests import factories

pytestmark = pytest.mark.django_db


def _answer(client, meeting, answer):
    return client.post(f"/cercles/reunions/{meeting.pk}/inscription/", {"answer": answer})


def _people(meeting, n):
    registrations = []
    for _ in range(n):
        registration = Registration.objects.create(
            meeting=meeting,
            person=factories.PersonFactory(),
            answer="non",
            confirmed_at=timezone.now(),
        )
        registration.set_answer("oui")
        registrations.append(registration)
    return registrations


def test_a_member_registers_and_changes_their_mind(client_as, member, meeting):
    client = client_as("member")
    assert _answer(client, meeting, "oui").status_code == 302
    assert _answer(client, meeting, "peut-etre").status_code == 302
    registration = Registration.objects.get(meeting=meeting, person=member.person)
    assert registration.answer == "peut-etre"


def test_beyond_capacity_a_member_waits_and_is_promoted_when_a_place_frees(
    client_as, member, meeting, jobs
):
    meeting.capacity = 2
    meeting.save()
    first, second = _people(meeting, 2)

    _answer(client_as("member"), meeting, "oui")
    waiting = Registration.objects.get(meeting=meeting, person=member.person)
    assert waiting.on_waiting_list

    with jobs(execute=True):
        first.set_answer("non")

    waiting.refresh_from_db()
    assert not waiting.on_waiting_list
    assert meeting.registrations.attending().count() == 2
    (notice,) = [m for m in mail.outbox if "place s'est libérée" in m.subject]
    assert notice.to == [member.person.email]


def test_closed_registrations_refuse_answers(client_as, member, meeting):
    meeting.registration_open = False
    meeting.save()
    _answer(client_as("member"), meeting, "oui")
    assert not Registration.objects.exists()


def test_a_guest_registers_confirms_by_email_and_cancels_in_one_click(client, open_meeting, jobs):
    with jobs(execute=True):
        response = client.post(
            f"/cercles/reunions/{open_meeting.pk}/inscription-sans-compte/",
            {
                "guest_name": "Lou Invitée",
                "guest_email": "Lou@Example.org",
                "guest_organisation": "Mairie de Colomiers",
                "consent": "on",
            },
        )
    assert "Vérifiez votre messagerie" in response.content.decode()
    registration = Registration.objects.get()
    assert registration.confirmed_at is None and registration.answer == "non"
    (message,) = mail.outbox
    assert message.to == ["lou@example.org"]
    confirm = f"/inscription/{registration.token}/confirmer/"
    assert confirm in message.body

    assert "Inscription confirmée" in client.get(confirm).content.decode()
    registration.refresh_from_db()
    assert registration.confirmed_at and registration.answer == "oui"

    client.post(f"/inscription/{registration.token}/annuler/")
    registration.refresh_from_db()
    assert registration.answer == "non"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"guest_name": "A", "guest_email": "a@example.org"}, "consentement est nécessaire"),
        (
            {"guest_name": "A", "guest_email": "pas-un-mail", "consent": "on"},
            "adresse e-mail valide",
        ),
        ({"guest_email": "a@example.org", "consent": "on"}, "Ce champ est obligatoire"),
    ],
)
def test_bad_guest_input_is_refused_in_french(client, open_meeting, data, message):
    response = client.post(f"/cercles/reunions/{open_meeting.pk}/inscription-sans-compte/", data)
    assert message in response.content.decode()
    assert not Registration.objects.exists()


def test_a_guest_cannot_register_twice(client, open_meeting, guest_registration):
    response = client.post(
        f"/cercles/reunions/{open_meeting.pk}/inscription-sans-compte/",
        {"guest_name": "Gaëlle", "guest_email": "gaelle@example.org", "consent": "on"},
    )
    assert "déjà inscrite" in response.content.decode()
    assert Registration.objects.count() == 1


def test_the_facilitator_invites_a_guest_to_become_a_member(client_as, guest_registration, jobs):
    with jobs(execute=True):
        client_as("facilitator").post(f"/cercles/inscriptions/{guest_registration.pk}/inviter/")
        client_as("facilitator").post(f"/cercles/inscriptions/{guest_registration.pk}/inviter/")
    invitation = Invitation.objects.get()
    assert invitation.email == "gaelle@example.org"
    (message,) = mail.outbox
    assert f"/invitation/{invitation.token}/" in message.body


def test_the_facilitator_exports_the_list_as_csv(client_as, open_meeting, guest_registration):
    Registration.objects.create(
        meeting=open_meeting,
        guest_name="=HYPERLINK(1)",
        guest_email="x@example.org",
        confirmed_at=timezone.now(),
    )
    response = client_as("facilitator").get(f"/cercles/reunions/{open_meeting.pk}/inscrits.csv")
    content = b"".join(response.streaming_content).decode()
    assert response["Content-Disposition"].endswith('.csv"')
    lines = content.lstrip("\ufeff").splitlines()
    assert lines[0].startswith("Nom;E-mail;Organisation")
    assert "Gaëlle Invitée;gaelle@example.org;Mairie de Blagnac;invité;Je viens" in content
    assert "'=HYPERLINK(1)" in content


def test_minutes_attendance_and_decisions_are_recorded(client_as, circle):
    start = timezone.now() - timedelta(days=2)
    meeting = factories.MeetingFactory(circle=circle, start=start, end=start + timedelta(hours=2))
    came, missed = _people(meeting, 2)
    project = factories.ProjectFactory(title="Boucle de chaleur")
    response = client_as("facilitator").post(
        f"/cercles/reunions/{meeting.pk}/compte-rendu/",
        {
            "minutes": "## Synthèse\nBon échange.",
            "decisions": "Lancer le groupe énergie\nRevoir la charte",
            "projects": [project.pk],
            f"attended_{came.pk}": "on",
        },
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == "tenue" and "Synthèse" in meeting.minutes
    assert list(meeting.projects.all()) == [project]
    came.refresh_from_db()
    missed.refresh_from_db()
    assert (came.attended, missed.attended) == (True, False)
    page = client_as("anonymous").get(meeting.get_absolute_url()).content.decode()
    assert "<h2>Synthèse</h2>" in page and "<li>Revoir la charte</li>" in page


def test_minutes_cannot_be_written_before_the_meeting(client_as, meeting):
    response = client_as("facilitator").post(
        f"/cercles/reunions/{meeting.pk}/compte-rendu/", {"minutes": "Trop tôt"}
    )
    assert "une fois la réunion commencée" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.minutes == ""


def test_a_member_asks_to_join_and_the_facilitator_accepts(client_as, member, circle):
    client_as("member").post(f"/cercles/{circle.slug}/rejoindre/")
    membership = Membership.objects.get(circle=circle, person=member.person)
    assert membership.status == "demande"
    page = client_as("facilitator").get(circle.get_absolute_url()).content.decode()
    assert f'id="request-{membership.pk}"' in page

    client_as("facilitator").post(
        f"/cercles/adhesions/{membership.pk}/decision/", {"decision": "accept"}
    )
    membership.refresh_from_db()
    assert membership.status == "acceptee" and membership.start == timezone.localdate()


def test_a_closed_circle_refuses_join_requests(client_as, member, circle):
    circle.open_to_join = False
    circle.save()
    assert client_as("member").post(f"/cercles/{circle.slug}/rejoindre/").status_code == 403


def test_a_date_poll_is_answered_and_its_chosen_slot_becomes_a_meeting(client_as, member, circle):
    start = timezone.localtime() + timedelta(days=20)
    fmt = "%Y-%m-%dT%H:%M"
    facilitator = client_as("facilitator")
    facilitator.post(
        f"/cercles/{circle.slug}/sondages/nouveau/",
        {
            "title": "Cercle de rentrée",
            "duration": "90",
            "slot_1": start.strftime(fmt),
            "slot_2": (start + timedelta(days=1)).strftime(fmt),
            "slot_3": (start + timedelta(days=2)).strftime(fmt),
        },
    )
    poll = DatePoll.objects.get()
    first, second, third = poll.slots.all()
    client_as("member").post(
        poll.get_absolute_url(),
        {
            f"slot_{first.pk}": "non",
            f"slot_{second.pk}": "oui",
            f"slot_{third.pk}": "si-necessaire",
        },
    )
    assert PollAnswer.objects.filter(person=member.person, answer="oui").get().slot == second

    facilitator.post(f"/cercles/sondages/{poll.pk}/choisir/", {"slot": second.pk})

    meeting = Meeting.objects.get()
    assert (meeting.title, meeting.start, meeting.end - meeting.start) == (
        "Cercle de rentrée",
        second.start,
        timedelta(minutes=90),
    )
    poll.refresh_from_db()
    assert poll.meeting == meeting


@pytest.mark.parametrize("slots", [1, 0])
def test_a_poll_needs_two_to_six_slots(client_as, circle, slots):
    start = timezone.localtime() + timedelta(days=20)
    data = {"title": "Sondage", "duration": "60"}
    for i in range(slots):
        data[f"slot_{i + 1}"] = (start + timedelta(days=i)).strftime("%Y-%m-%dT%H:%M")
    response = client_as("facilitator").post(f"/cercles/{circle.slug}/sondages/nouveau/", data)
    assert "entre 2 et 6 créneaux" in response.content.decode()
    assert not DatePoll.objects.exists()


def test_the_facilitator_attaches_a_document_and_a_bad_type_is_refused(client_as, meeting):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_as("facilitator")
    client.post(
        f"/cercles/reunions/{meeting.pk}/documents/",
        {"title": "Support", "file": SimpleUploadedFile("support.pdf", b"%PDF-1.4")},
    )
    client.post(
        f"/cercles/reunions/{meeting.pk}/documents/",
        {"title": "Script", "file": SimpleUploadedFile("x.html", b"<script>")},
    )
    assert list(meeting.documents.values_list("title", flat=True)) == ["Support"]
    assert "Support" in client_as("anonymous").get(meeting.get_absolute_url()).content.decode()


def test_raising_the_capacity_promotes_the_waiting_list(client_as, meeting, jobs):
    meeting.capacity = 1
    meeting.save()
    _first, second = _people(meeting, 2)
    assert Registration.objects.get(pk=second.pk).on_waiting_list
    local = timezone.localtime
    with jobs(execute=True):
        client_as("facilitator").post(
            f"/cercles/reunions/{meeting.pk}/modifier/",
            {
                "title": meeting.title,
                "start": local(meeting.start).strftime("%Y-%m-%dT%H:%M"),
                "end": local(meeting.end).strftime("%Y-%m-%dT%H:%M"),
                "status": "prevue",
                "registration_open": "on",
                "capacity": "2",
                "scope": "one",
            },
        )
    assert not Registration.objects.get(pk=second.pk).on_waiting_list
    assert any("place s'est libérée" in m.subject for m in mail.outbox)


def test_the_registrations_csv_tells_excused_people_and_walk_ins_apart(client_as, circle):
    start = timezone.now() - timedelta(days=1)
    meeting = factories.MeetingFactory(circle=circle, start=start, end=start + timedelta(hours=2))
    came, excused = _people(meeting, 2)
    Registration.objects.filter(pk=came.pk).update(attended=True)
    Registration.objects.filter(pk=excused.pk).update(attended=False, excused=True)
    Registration.objects.create(
        meeting=meeting,
        guest_name="Paul Passant",
        guest_organisation="Mairie",
        attended=True,
        walk_in=True,
        consent=True,
        confirmed_at=timezone.now(),
    )
    response = client_as("facilitator").get(f"/cercles/reunions/{meeting.pk}/inscrits.csv")
    rows = {
        line.split(";")[0]: line.split(";")[7]
        for line in b"".join(response.streaming_content).decode().lstrip("\ufeff").splitlines()[1:]
    }
    assert rows[came.name] == "présent"
    assert rows[excused.name] == "excusé"
    assert rows["Paul Passant"] == "présent (sans inscription)"
