"""Asking to be attached to an organisation: a member asks, the facilitators and the
organisation's mandated representatives hear of it, a facilitator accepts (the member
becomes a representative, without mandate) or declines. Each step in one transaction."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from actors.models import Organisation, Person, Representation, RepresentationRequest
from alliance.join_requests import facilitator_emails
from alliance.mail import queue_email_in_their_language


def _representative_emails(organisation: Organisation) -> list[str]:
    return list(
        organisation.representations.mandated()
        .filter(person__user__is_active=True)
        .values_list("person__user__email", flat=True)
    )


def ask(*, person: Person, organisation: Organisation, role: str = "") -> RepresentationRequest:
    """Records the request (or returns the one already pending) and tells the people who
    decide: the facilitators and the organisation's mandated representatives."""
    try:
        with transaction.atomic():
            attachment = RepresentationRequest.objects.create(
                person=person, organisation=organisation, role=role
            )
            _notify(attachment)
    except IntegrityError:  # asked twice (a double click): the first request stands
        return RepresentationRequest.objects.pending().get(person=person, organisation=organisation)
    return attachment


def _notify(attachment: RepresentationRequest) -> None:
    organisation = attachment.organisation
    recipients = sorted(set(facilitator_emails()) | set(_representative_emails(organisation)))
    if not recipients:
        return
    # Each recipient in the language kept on their account (French without one).
    queue_email_in_their_language(
        to=recipients,
        subject=lambda: (
            _("Demande de rattachement à %(organisation)s : %(name)s")
            % {"organisation": organisation, "name": attachment.person}
        ),
        template="actors/email/representation_request_notice",
        context={"attachment": attachment},
        list_name="invitations",
        key=f"representation-request-{attachment.pk}",
    )


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
