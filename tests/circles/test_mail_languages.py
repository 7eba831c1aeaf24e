"""Every circle mail speaks its recipient's language (the one picked with the site's switch,
kept on their account), French otherwise — subject and body, read off a real SMTP server."""

import pytest

from circles.models import Membership, Registration
from circles.reminders import send_promotion_notice
from tests import factories
from tests.smtp import text_of

pytestmark = pytest.mark.django_db


def _person(email, language=""):
    user = factories.UserFactory(email=email, language=language)
    return factories.PersonFactory(email=email, user=user, first_name="Ana", last_name="Roux")


def test_a_join_request_reaches_each_facilitator_in_their_language(
    smtp, client_as, member, circle, jobs
):
    circle.facilitators.add(_person("fr@example.org"), _person("en@example.org", "en"))
    with jobs(execute=True):
        client_as("member").post(f"/cercles/{circle.slug}/rejoindre/")
    english, french = smtp.to("en@example.org")[0], smtp.to("fr@example.org")[0]
    assert english["Subject"] == "[Alliance] Membership request: Cercle d'animation"
    assert "Camille Membre asks to join the circle « Cercle d'animation »." in text_of(english)
    assert "Accept or decline the request" in text_of(english)
    assert french["Subject"] == "[Alliance] Demande d'adhésion : Cercle d'animation"
    assert "Camille Membre demande à rejoindre le cercle" in text_of(french)


def test_a_promoted_guest_of_the_waiting_list_reads_the_notice_in_english(smtp, meeting, jobs):
    person = _person("ben@example.org", "en")
    registration = Registration.objects.create(meeting=meeting, person=person, answer="oui")
    with jobs(execute=True):
        send_promotion_notice(registration_id=registration.pk)
    (message,) = smtp.to("ben@example.org")
    assert message["Subject"].startswith("[Alliance] A place has become free: ")
    body = text_of(message)
    assert "A place is free: you move from the waiting list" in body
    assert "Meeting:" in body and "Réunion :" not in body


def test_a_guest_who_registered_in_english_confirms_in_english(client, open_meeting, smtp, jobs):
    client.cookies["django_language"] = "en"
    with jobs(execute=True):
        client.post(
            f"/cercles/reunions/{open_meeting.pk}/inscription-sans-compte/",
            {"guest_name": "Lou Guest", "guest_email": "lou@example.org", "consent": "on"},
        )
    (message,) = smtp.to("lou@example.org")
    body = text_of(message)
    assert body.startswith("Hello Lou Guest,")
    assert "To confirm your registration, open this link:" in body
    assert "Pour confirmer" not in body


def test_an_invitation_to_a_guest_without_account_is_french_whatever_the_facilitators_language(
    client_as, guest_registration, smtp, jobs
):
    facilitator = client_as("facilitator")
    facilitator.cookies["django_language"] = "en"
    with jobs(execute=True):
        facilitator.post(f"/cercles/inscriptions/{guest_registration.pk}/inviter/")
    (message,) = smtp.to("gaelle@example.org")
    assert message["Subject"] == "[Alliance] Invitation à rejoindre l'Alliance"
    body = text_of(message)
    assert body.startswith("Bonjour Gaëlle Invitée,")
    assert "Félix Facilitateur vous invite à en devenir membre" in body


def test_an_invitation_to_a_guest_whose_address_has_an_english_account_is_english(
    client_as, guest_registration, smtp, jobs
):
    factories.UserFactory(email="gaelle@example.org", language="en")
    with jobs(execute=True):
        client_as("facilitator").post(f"/cercles/inscriptions/{guest_registration.pk}/inviter/")
    (message,) = smtp.to("gaelle@example.org")
    assert message["Subject"] == "[Alliance] Invitation to join the Alliance"
    assert "Félix Facilitateur invites you to become a member" in text_of(message)
    assert Membership.objects.count() == 0
