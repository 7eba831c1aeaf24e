"""Every mail of the platform shares one layout: a text part without HTML escaping, an
HTML part saying the same, Message-ID and List-Id on the site's domain. Read from a real
SMTP server on loopback."""

import pytest

from alliance.invitations import send_invitation
from alliance.models import Invitation, SentMail
from tests.smtp import html_of, smtp, text_of  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


def test_the_invitation_mail_uses_the_layout(
    smtp,  # noqa: F811 - the fixture imported above
    facilitator,
    django_capture_on_commit_callbacks,
):
    facilitator.first_name, facilitator.last_name = "Anne", "L'Hôte"
    facilitator.save()
    with django_capture_on_commit_callbacks(execute=True):
        invitation = Invitation.objects.create(
            email="nouvelle@example.org", invited_by=facilitator, message="Rejoignez l'équipe d'été"
        )
        send_invitation(invitation)

    (message,) = smtp.messages
    text = text_of(message)
    assert "« Rejoignez l'équipe d'été »" in text and "&#x27;" not in text
    assert f"https://alliance.example.org/invitation/{invitation.token}/" in text
    assert "L'équipe d'animation de l'Alliance" in text
    assert f'href="https://alliance.example.org/invitation/{invitation.token}/"' in html_of(message)
    assert message["Message-ID"].endswith("@alliance.example.org>")
    assert message["List-Id"] == "Alliance <invitations.alliance.example.org>"
    assert "List-Unsubscribe" not in message  # no preference turns an invitation off
    assert SentMail.objects.filter(email="nouvelle@example.org").count() == 1


def test_allauth_mails_use_the_layout_too(
    smtp,  # noqa: F811 - the fixture imported above
    member,
    client,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/compte/password/reset/", {"email": member.email})

    (message,) = smtp.messages
    assert "/compte/password/reset/key/" in text_of(message)
    assert "/compte/password/reset/key/" in html_of(message)
    assert message["List-Id"] == "Alliance <compte.alliance.example.org>"
