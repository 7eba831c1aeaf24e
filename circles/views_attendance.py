"""Attendance, the facilitator's: who came (walk-ins included) and who was excused."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from alliance.access import facilitator_required
from circles.forms_attendance import PersonSearchForm, RegisterForm, WalkInForm
from circles.models import Meeting


def _meeting(pk: int) -> Meeting:
    return get_object_or_404(Meeting.objects.select_related("circle"), pk=pk)


def _page(request, meeting, *, register=None, walk_in=None, status=200) -> HttpResponse:
    search = PersonSearchForm(request.GET if "q" in request.GET else None)
    context = {
        "meeting": meeting,
        "register": register or RegisterForm(meeting=meeting),
        "walk_in": walk_in or WalkInForm(meeting=meeting),
        "search": search,
        "found": search.results(),
    }
    return render(request, "circles/attendance_form.html", context, status=status)


@facilitator_required
@require_http_methods(["GET", "POST"])
def meeting_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(pk)
    if request.method == "GET":
        return _page(request, meeting)
    register = RegisterForm(request.POST, meeting=meeting)
    if not register.is_valid():
        return _page(request, meeting, register=register)
    register.save()
    messages.success(request, _("Les présences sont enregistrées."))
    return redirect("circles:attendance", pk=meeting.pk)


@facilitator_required
@require_POST
def walk_in_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(pk)
    form = WalkInForm(request.POST, meeting=meeting)
    if not form.is_valid():
        return _page(request, meeting, walk_in=form)
    registration = form.save()
    messages.success(
        request, _("%(name)s est ajouté·e aux présences.") % {"name": registration.name}
    )
    return redirect("circles:attendance", pk=meeting.pk)
