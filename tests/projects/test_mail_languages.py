"""Project mails speak their recipient's language, French otherwise (real SMTP server)."""

import pytest

from projects import services
from projects.models import Kinds, Need, Participation
from tests import factories
from tests.smtp import text_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("action", "subject", "says"),
    [
        ("publish", "Your project « Vélo-école » is published", "has been published"),
        ("send_back", "Your project « Vélo-école » needs completing", "Comment:\r\nIl manque"),
        ("archive", "Your project « Vélo-école » has been archived", "archived by the"),
    ],
)
def test_a_moderation_notice_speaks_the_proposers_language(
    smtp, django_capture_on_commit_callbacks, action, subject, says
):
    proposer = factories.UserFactory(email="en@example.org", first_name="Ben", language="en")
    project = factories.ProjectFactory(title="Vélo-école", proposed_by=proposer)
    with django_capture_on_commit_callbacks(execute=True):
        services.moderate(project=project, action=action, comment="Il manque le budget.")
    (message,) = smtp.to("en@example.org")
    assert message["Subject"] == f"[Alliance] {subject}"
    body = text_of(message)
    assert body.startswith("Hello Ben")
    assert says in body and "Votre projet" not in body


def test_a_moderation_notice_stays_french_by_default(smtp, django_capture_on_commit_callbacks):
    proposer = factories.UserFactory(email="fr@example.org", first_name="Ana")
    project = factories.ProjectFactory(title="Vélo-école", proposed_by=proposer)
    with django_capture_on_commit_callbacks(execute=True):
        services.moderate(project=project, action="publish")
    (message,) = smtp.to("fr@example.org")
    assert message["Subject"] == "[Alliance] Votre projet « Vélo-école » est publié"
    assert "a été publié" in text_of(message)


def test_an_offer_of_help_reaches_each_representative_in_their_language(
    smtp, member, django_capture_on_commit_callbacks
):
    organisation = factories.OrganisationFactory(name="Tisséo")
    project = factories.ProjectFactory(title="Bus à hydrogène")
    Participation.objects.create(
        project=project, organisation=organisation, role=Participation.Role.CARRIER
    )
    for email, language in [("fr@example.org", ""), ("en@example.org", "en")]:
        person = factories.PersonFactory(
            email=email, user=factories.UserFactory(email=email, language=language)
        )
        factories.RepresentationFactory(person=person, organisation=organisation)
    need = Need.objects.create(
        project=project, kind=Kinds.choices[0][0], description="Un atelier de maintenance"
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert services.offer_help(need=need, helper=member, message="Nous avons un hangar.")
    english, french = smtp.to("en@example.org")[0], smtp.to("fr@example.org")[0]
    assert english["Subject"] == "[Alliance] An offer of help for your need"
    assert "Camille Membre offers to help with your need:" in text_of(english)
    assert "Project: Bus à hydrogène" in text_of(english)
    assert "To answer: membre@example.org" in text_of(english)
    assert french["Subject"] == "[Alliance] Une proposition d'aide pour votre besoin"
    assert "propose son aide pour votre besoin" in text_of(french)
