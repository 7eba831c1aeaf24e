"""Invitations: the facilitator invites an address, the row and its mail job are saved in
one transaction, and the mail carries the one-time link."""

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from alliance.mail import queue_email
from alliance.models import Invitation, Job, User


def send_invitation(invitation: Invitation) -> Job:
    """Queues the invitation e-mail (in French) with its one-time link."""
    with translation.override("fr"):
        subject = _("Invitation à rejoindre l'Alliance")
    return queue_email(
        to=[invitation.email],
        subject=subject,
        template="alliance/email/invitation",
        context={
            "invitation": invitation,
            "url": settings.SITE_URL + invitation.get_absolute_url(),
        },
        list_name="invitations",
        key=f"invitation-{invitation.pk}",
    )


def invite(*, email: str, message: str, invited_by: User) -> Invitation:
    """Records the invitation and queues its mail: both or neither."""
    with transaction.atomic():
        invitation = Invitation.objects.create(email=email, message=message, invited_by=invited_by)
        send_invitation(invitation)
    return invitation
