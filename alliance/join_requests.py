"""Requests to join: a visitor asks, the facilitators hear of it, one of them accepts (the
invitation goes out, linked to the request) or declines (a polite mail, with the reason
when one is given). Each step saves its row and queues its mails in one transaction."""

from django.contrib.auth.models import Permission
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from alliance.invitations import invite
from alliance.mail import queue_email
from alliance.models import JoinRequest, User


def _facilitator_emails() -> list[str]:
    perm = Permission.objects.filter(codename="facilitate", content_type__app_label="alliance")
    return list(
        User.objects.filter(is_active=True)
        .filter(
            Q(is_superuser=True) | Q(groups__permissions__in=perm) | Q(user_permissions__in=perm)
        )
        .values_list("email", flat=True)
        .distinct()
    )


def ask(*, name: str, email: str, organisation: str, role: str, message: str) -> JoinRequest:
    """Records the request, acknowledges it to the requester and tells the facilitators."""
    with transaction.atomic():
        request = JoinRequest.objects.create(
            name=name, email=email, organisation=organisation, role=role, message=message
        )
        with translation.override("fr"):
            queue_email(
                to=[email],
                subject=_("Votre demande pour rejoindre l'Alliance"),
                template="alliance/email/join_request_received",
                context={"join_request": request},
                list_name="invitations",
                key=f"join-request-{request.pk}-ack",
            )
            if facilitators := _facilitator_emails():
                queue_email(
                    to=facilitators,
                    subject=_("Nouvelle demande pour rejoindre l'Alliance : %(name)s")
                    % {"name": name},
                    template="alliance/email/join_request_notice",
                    context={"join_request": request},
                    list_name="invitations",
                    key=f"join-request-{request.pk}-notice",
                )
    return request


def _decide(join_request: JoinRequest, state: str, by: User) -> JoinRequest | None:
    """The request locked and still pending, marked decided; None when someone was first."""
    locked = JoinRequest.objects.select_for_update().get(pk=join_request.pk)
    if locked.state != JoinRequest.State.PENDING:
        return None
    locked.state, locked.decided_by, locked.decided_at = state, by, timezone.now()
    return locked


def accept(*, join_request: JoinRequest, by: User) -> JoinRequest | None:
    """Invites the requester (alliance.invitations.invite); None when already decided."""
    with transaction.atomic():
        locked = _decide(join_request, JoinRequest.State.ACCEPTED, by)
        if locked is None:
            return None
        locked.invitation = invite(email=locked.email, message="", invited_by=by)
        locked.save(update_fields=["state", "decided_by", "decided_at", "invitation"])
    return locked


def decline(*, join_request: JoinRequest, by: User, reason: str = "") -> JoinRequest | None:
    """Declines and tells the requester politely; None when already decided."""
    with transaction.atomic():
        locked = _decide(join_request, JoinRequest.State.DECLINED, by)
        if locked is None:
            return None
        locked.reason = reason
        locked.save(update_fields=["state", "decided_by", "decided_at", "reason"])
        with translation.override("fr"):
            queue_email(
                to=[locked.email],
                subject=_("Votre demande pour rejoindre l'Alliance"),
                template="alliance/email/join_request_declined",
                context={"join_request": locked},
                list_name="invitations",
                key=f"join-request-{locked.pk}-declined",
            )
    return locked
