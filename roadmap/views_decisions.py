"""Minutes to roadmap: the facilitator makes a meeting's decision a milestone."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alliance.access import facilitator_required
from circles.models import Meeting
from roadmap.decisions import milestone_from_decision


@facilitator_required
@require_POST
def decision_milestone(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.select_related("circle"), pk=pk)
    decision = request.POST.get("decision", "").strip()
    if decision not in [d.strip() for d in meeting.decision_list]:
        messages.error(request, _("Cette décision ne figure pas au compte rendu."))
        return redirect(meeting.get_absolute_url() + "#decisions")
    _milestone, created = milestone_from_decision(meeting=meeting, decision=decision)
    if created:
        messages.success(request, _("La décision est devenue un jalon de la feuille de route."))
    else:
        messages.info(request, _("Cette décision est déjà un jalon de la feuille de route."))
    return redirect(meeting.get_absolute_url() + "#decisions")
