"""Where the facilitators handle the members' requests to be attached to an organisation
(the members ask on the welcome page, network/welcome.py)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from actors import representation_requests
from actors.models import RepresentationRequest
from alliance.access import facilitator_required


@facilitator_required
@require_safe
def request_list(request: HttpRequest) -> HttpResponse:
    pending = RepresentationRequest.objects.pending().select_related("person__user", "organisation")
    return render(request, "actors/representationrequest_list.html", {"requests": pending})


@facilitator_required
@require_POST
def request_decide(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    attachment = get_object_or_404(RepresentationRequest, pk=pk)
    decide = {
        "accepter": representation_requests.accept,
        "refuser": representation_requests.decline,
    }
    if action not in decide:
        return HttpResponse(_("Action inconnue."), status=400)
    names = {"name": attachment.person, "organisation": attachment.organisation}
    if decide[action](attachment=attachment, by=request.user) is None:
        messages.error(request, _("Cette demande a déjà été traitée."))
    elif action == "accepter":
        messages.success(request, _("%(name)s représente désormais « %(organisation)s ».") % names)
    else:
        messages.success(
            request, _("La demande de %(name)s pour « %(organisation)s » est refusée.") % names
        )
    return redirect("actors:representation_requests")
