"""Requests to join: a visitor asks, the facilitators hear of it, one of them accepts (the
invitation goes out, linked to the request) or declines (a polite mail, with the reason
when one is given). Each step saves its row and queues its mails in one transaction."""

import hashlib

from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from alliance.invitations import invite
from alliance.mail import queue_email, queue_email_in_their_language
from alliance.models import JoinRequest, User

# A visitor may ask again (a typo, a second organisation), not flood the facilitators.
ASK_LIMIT = 5
ASK_WINDOW = 60 * 60  # seconds


def _count(key: str) -> int:
    """This try counted under `key` in the window that its first try opened."""
    cache.add(key, 0, ASK_WINDOW)
    try:
        return cache.incr(key)
    except ValueError:  # Redis down (or the entry just expired): let the visitor through
        return 1


def too_many(*, address: str | None, email: str) -> bool:
    """Counts one request from this address and for this e-mail; True past ASK_LIMIT for
    either in ASK_WINDOW. The e-mail is kept hashed: the cache holds no address."""
    hashed = hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]
    counts = [_count(f"join-ask:email:{hashed}")]
    if address:
        counts.append(_count(f"join-ask:ip:{address}"))
    return max(counts) > ASK_LIMIT


def facilitator_emails() -> list[str]:
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
        # The facilitators each in the language kept on their account.
        queue_email_in_their_language(
            to=facilitator_emails(),
            subject=lambda: (
                _("Nouvelle demande pour rejoindre l'Alliance : %(name)s") % {"name": name}
            ),
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
