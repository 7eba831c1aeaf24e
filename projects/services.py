"""Workflows with side effects: moderation decisions told to the proposer, and the
"Je peux aider" message sent to a need's carrier."""

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from actors.models import Person, Representation
from alliance.mail import queue_email, queue_email_in_their_language
from projects.models import Need, Participation, Project

MODERATION_SUBJECTS = {
    Project.State.PUBLISHED: gettext_lazy("Votre projet « %(title)s » est publié"),
    Project.State.DRAFT: gettext_lazy("Votre projet « %(title)s » est à compléter"),
    Project.State.ARCHIVED: gettext_lazy("Votre projet « %(title)s » a été archivé"),
}


@transaction.atomic
def moderate(*, project: Project, action: str, comment: str = "") -> None:
    if action == "publish":
        project.publish()
    elif action == "send_back":
        project.send_back(comment)
    elif action == "archive":
        project.archive()
    else:
        raise ValueError(action)
    proposer = project.proposed_by
    if proposer is not None and proposer.email:
        language = proposer.language or settings.LANGUAGE_CODE
        with translation.override(language):
            subject = str(MODERATION_SUBJECTS[project.state]) % {"title": project.title}
        queue_email(
            to=[proposer.email],
            subject=subject,
            language=language,
            template="projects/email/moderated",
            context={
                "project": project,
                "state": project.state,
                "comment": comment,
                "name": proposer.display_name,
            },
        )


def need_recipients(need: Need) -> list[str]:
    """The referent's e-mail, else the mandated representatives of the carrier."""
    if need.project_id and need.project.referent_id and need.project.referent.email:
        return [need.project.referent.email]
    if need.organisation_id:
        organisation_ids = [need.organisation_id]
    else:
        organisation_ids = list(
            Participation.objects.filter(
                project_id=need.project_id, role=Participation.Role.CARRIER
            ).values_list("organisation_id", flat=True)
        )
    emails = (
        Representation.objects.mandated()
        .filter(organisation_id__in=organisation_ids)
        .exclude(person__email="")
        .values_list("person__email", flat=True)
    )
    return sorted(set(emails))


@transaction.atomic
def offer_help(*, need: Need, helper, message: str = "") -> bool:
    """Sends the carrier the helper's details. False when nobody can be reached."""
    recipients = need_recipients(need)
    if not recipients:
        return False
    person = Person.objects.filter(user=helper).prefetch_related("organisations").first()
    organisations = ", ".join(o.name for o in person.organisations.all()) if person else ""
    queue_email_in_their_language(
        to=recipients,
        subject=lambda: _("Une proposition d'aide pour votre besoin"),
        template="projects/email/help",
        context={
            "need": need,
            "helper_name": helper.display_name if not person else person.full_name,
            "helper_email": helper.email,
            "organisations": organisations,
            "message": message,
        },
        reply_to=[helper.email],
    )
    return True
