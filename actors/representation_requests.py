"""Asking to be attached to an organisation: a member asks, the facilitators and the
organisation's mandated representatives hear of it, a facilitator accepts (the member
becomes a representative, without mandate) or declines. Each step in one transaction."""

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from actors.models import Organisation, Person, Representation, RepresentationRequest
from alliance.join_requests import facilitator_emails
from alliance.mail import queue_email


def _representative_emails(organisation: Organisation) -> list[str]:
    return list(
        organisation.representations.mandated()
        .filter(person__user__is_active=True)
        .values_list("person__user__email", flat=True)
    )


def ask(*, person: Person, organisation: Organisation, role: str = "") -> RepresentationRequest:
    """Records the request (or returns the one already pending) and tells the people who
    decide. Nothing is asked for an organisation the person already represents."""
    pending = RepresentationRequest.objects.pending().filter(
        person=person, organisation=organisation
    )
    try:
        with transaction.atomic():
            attachment = RepresentationRequest.objects.create(
                person=person, organisation=organisation, role=role
            )
            recipients = sorted(
                set(facilitator_emails()) | set(_representative_emails(organisation))
            )
            with translation.override("fr") if recipients else transaction.atomic():
                queue_email(
                    to=recipients,
                    subject=_("Demande de rattachement à %(organisation)s : %(name)s")
                    % {"organisation": organisation, "name": person},
                    template="actors/email/representation_request_notice",
                    context={"attachment": attachment},
                    list_name="invitations",
                    key=f"representation-request-{attachment.pk}",
                )
    except IntegrityError:  # asked twice (a double click): the first request stands
        return pending.get()
    return attachment


def _decide(attachment: RepresentationRequest, state: str, by) -> RepresentationRequest | None:
    locked = RepresentationRequest.objects.select_for_update().get(pk=attachment.pk)
    if locked.state != RepresentationRequest.State.PENDING:
        return None
    locked.state, locked.decided_by, locked.decided_at = state, by, timezone.now()
    locked.save(update_fields=["state", "decided_by", "decided_at"])
    return locked


def accept(*, attachment: RepresentationRequest, by) -> RepresentationRequest | None:
    """The member represents the organisation from today; None when already decided."""
    with transaction.atomic():
        locked = _decide(attachment, RepresentationRequest.State.ACCEPTED, by)
        if locked is not None:
            Representation.objects.get_or_create(
                person=locked.person,
                organisation=locked.organisation,
                defaults={"role": locked.role, "start": timezone.localdate()},
            )
    return locked


def decline(*, attachment: RepresentationRequest, by) -> RepresentationRequest | None:
    with transaction.atomic():
        return _decide(attachment, RepresentationRequest.State.DECLINED, by)
