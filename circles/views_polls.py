"""A date poll's page: members answer each slot; everyone sees the grid and the counts."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from actors.models import Person
from alliance.access import member_required
from circles import access
from circles.forms import PollAnswerForm
from circles.models import DatePoll


@member_required
@require_http_methods(["GET", "POST"])
def poll_detail(request: HttpRequest, pk: int) -> HttpResponse:
    poll = get_object_or_404(DatePoll.objects.select_related("circle", "meeting"), pk=pk)
    slots = list(poll.slots.all())
    current = poll.answers_of(access.person_of(request.user))
    form = PollAnswerForm(
        request.POST if request.method == "POST" else None, slots=slots, current=current
    )
    if request.method == "POST":
        if poll.is_closed:
            raise PermissionDenied
        person = Person.objects.for_member(request.user)
        if form.is_valid():
            poll.record(person, form.answers())
            messages.success(request, _("Vos disponibilités sont enregistrées."))
            return redirect(poll)
    context = {
        "poll": poll,
        "slots": slots,
        "form": form,
        "rows": poll.tallies(slots),
        "can_manage": access.can_manage(request.user),
        "can_answer": not poll.is_closed,  # a member's page: every member may answer
    }
    return render(request, "circles/poll_detail.html", context)
