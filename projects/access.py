"""Who may see, edit and moderate a project. Each condition on its own line."""

from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from alliance.access import is_facilitator, is_member
from projects.models import Offer, Participation, Project


def is_carrier(user, project: Project) -> bool:
    """`user` represents an organisation that carries `project`."""
    if not is_member(user):
        return False
    return Participation.objects.filter(
        project=project,
        role=Participation.Role.CARRIER,
        organisation__representations__person__user=user,
    ).exists()


def can_view_project(user, project: Project) -> bool:
    if project.state == Project.State.PUBLISHED:
        return True
    if is_facilitator(user):
        return True
    if is_member(user) and project.proposed_by_id == user.pk:
        return True
    return is_carrier(user, project)


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
    return project.proposed_by_id == user.pk and project.state in {
        Project.State.DRAFT,
        Project.State.SUBMITTED,
    }


def can_moderate(user) -> bool:
    return is_facilitator(user)


def visible_project_or_404(user, slug: str) -> Project:
    project = Project.objects.select_related("circle", "idea", "referent").filter(slug=slug).first()
    if project is None or not can_view_project(user, project):
        raise Http404
    return project


def mandated_organisations(user):
    """Organisations `user` may speak for: a current representation with a mandate."""
    from actors.models import Organisation, Representation

    if not is_member(user):
        return Organisation.objects.none()
    mandates = Representation.objects.filter(person__user=user, has_mandate=True).filter(
        Q(end__isnull=True) | Q(end__gte=timezone.localdate())
    )
    return Organisation.objects.filter(pk__in=mandates.values("organisation_id"))


def can_speak_for(user, organisation) -> bool:
    return mandated_organisations(user).filter(pk=organisation.pk).exists()


def publishing_organisations(user):
    """Organisations on whose behalf `user` may publish an offer or a need."""
    from actors.models import Organisation

    if is_facilitator(user):
        return Organisation.objects.all()
    return mandated_organisations(user)


def can_publish_for_an_organisation(user) -> bool:
    if is_facilitator(user):
        return True
    return mandated_organisations(user).exists()


def can_delete_offer(user, offer: Offer) -> bool:
    if not is_member(user):
        return False
    if is_facilitator(user):
        return True
    return can_speak_for(user, offer.organisation)
