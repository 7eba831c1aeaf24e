"""Invitations: the facilitator invites an address, the row and its mail job are saved in
one transaction, and the mail carries the one-time link."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
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


def resend(*, invitation: Invitation, by: User) -> Invitation | None:
    """A new link for the same address and message: a new invitation replaces this one,
    whose link answers 410 from now on. None when it was accepted or resent meanwhile (the
    row is locked, so two clicks make one new link)."""
    with transaction.atomic():
        old = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if not old.can_resend:
            return None
        new = Invitation.objects.create(email=old.email, message=old.message, invited_by=by)
        old.revoked_at = old.revoked_at or timezone.now()
        old.replaced_by = new
        old.save(update_fields=["revoked_at", "replaced_by"])
        send_invitation(new)
    return new


def revoke(*, invitation: Invitation) -> bool:
    """Voids the link (it answers 410); False when it was no longer usable."""
    return bool(
        Invitation.objects.usable().filter(pk=invitation.pk).update(revoked_at=timezone.now())
    )
