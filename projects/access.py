"""Who may see, edit and moderate a project. Each condition on its own line.

Visibility has one rule, `Project.objects.visible_to(user)`; the helpers here ask it."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from actors.models import Organisation, Representation
from alliance.access import is_facilitator, is_member
from projects.models import Offer, Participation, Project


def is_carrier(user, project: Project) -> bool:
    """`user` currently represents an organisation that carries `project`."""
    if not is_member(user):
        return False
    return Participation.objects.carrier_for(user).filter(project=project).exists()


def can_edit_project(user, project: Project) -> bool:
    if not is_member(user):
        return False
    if is_facilitator(user):
        return True
    if project.state == Project.State.ARCHIVED:
        return False
    if is_carrier(user, project):
        return True
    # The proposer fixes a project sent back to them, until it is published.
    return project.proposed_by_id == user.pk and project.state in Project.IN_MODERATION


def project_for(
    user, slug: str | None = None, *, pk: int | None = None, card: bool = False
) -> Project:
    """The project `user` may see, by slug or by id, or Http404 (a hidden draft does not
    exist for them). With what its page shows, or with `card`, what its card shows."""
    projects = Project.objects.visible_to(user)
    if card:
        projects = projects.for_cards()
    else:
        projects = projects.select_related("circle", "idea", "referent")
    return get_object_or_404(projects, **({"slug": slug} if pk is None else {"pk": pk}))


def project_for_edit(user, slug: str) -> Project:
    project = project_for(user, slug)
    if not can_edit_project(user, project):
        raise PermissionDenied
    return project


def mandated_organisations(user):
    """Organisations `user` may speak for: a current representation with a mandate."""
    if not is_member(user):
        return Organisation.objects.none()
    mandates = Representation.objects.mandated().filter(person__user=user)
    return Organisation.objects.filter(pk__in=mandates.values("organisation_id"))


def publishing_organisations(user):
    """Organisations on whose behalf `user` may publish an offer or a need."""
    if is_facilitator(user):
        return Organisation.objects.all()
    return mandated_organisations(user)


def can_publish_for_an_organisation(user) -> bool:
    if is_facilitator(user):
        return True
    return mandated_organisations(user).exists()


def offer_for_delete(user, pk: int) -> Offer:
    offer = get_object_or_404(Offer.objects.select_related("organisation"), pk=pk)
    if not is_member(user):
        raise PermissionDenied
    if is_facilitator(user):
        return offer
    if not mandated_organisations(user).filter(pk=offer.organisation_id).exists():
        raise PermissionDenied
    return offer
