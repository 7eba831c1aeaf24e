"""Who may do what in the actor register. Each rule on its own line, tested per role."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from actors.models import Organisation, Person, Representation
from alliance.access import is_admin, is_facilitator, is_member


def has_mandate_for(user, organisation: Organisation) -> bool:
    """A current representation of `organisation`, with the mandate to commit it."""
    if not is_member(user):
        return False
    return (
        Representation.objects.mandated()
        .filter(organisation=organisation, person__user=user)
        .exists()
    )


def can_edit_organisation(user, organisation: Organisation) -> bool:
    if is_facilitator(user):
        return True
    return has_mandate_for(user, organisation)


def can_delete_organisation(user, organisation: Organisation) -> bool:
    return is_admin(user)


def can_see_contacts(user, person: Person) -> bool:
    """E-mail and phone: members only, and only of people who agreed (or their own)."""
    if not is_member(user):
        return False
    if person.user_id is not None and person.user_id == user.pk:
        return True
    return person.share_contact


def organisation_for_edit(user, slug: str) -> Organisation:
    organisation = get_object_or_404(Organisation, slug=slug)
    if not can_edit_organisation(user, organisation):
        raise PermissionDenied
    return organisation
