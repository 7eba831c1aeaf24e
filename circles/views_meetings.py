"""A meeting's page, answers to it (a member's, a guest's with confirmation and
cancellation by link) and its documents."""

from pathlib import PurePath

from django.contrib import messages
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from actors.models import Person
from alliance.access import is_member, member_required
from alliance.maps import MEETING_ZOOM, map_config
from circles import access
from circles.forms import AnswerForm, GuestRegistrationForm
from circles.minutes import attendance_of, decisions_of
from circles.models import Meeting, MeetingDocument, Registration


def _registration_context(request, meeting) -> dict:
    person = access.person_of(request.user)
    registration = None
    if person is not None:
        registration = meeting.registrations.filter(person=person).first()
    return {
        "meeting": meeting,
        "registration": registration,
        "answer_choices": Registration.Answer.choices,
        "places_left": meeting.places_left(),
        "accepts_guests": access.accepts_guests(meeting),
        # A member without a register entry answers too: the first answer makes it.
        "is_member": is_member(request.user),
    }


@require_safe
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(
        Meeting.objects.select_related("circle", "commune", "series", "milestone").prefetch_related(
            "themes", "projects", "documents"
        ),
        pk=pk,
    )
    can_manage = access.can_manage(request.user)
    context = {
        **_registration_context(request, meeting),
        "can_manage": can_manage,
        "map_data": meeting.map_point,
        # The roadmap app links a milestone to the meeting it serves (one-to-one).
        "milestone": getattr(meeting, "milestone", None),
        "map_config": map_config(place_zoom=MEETING_ZOOM),
        "decisions": decisions_of(meeting),
        # Minutes name who came: members read them, visitors see no names.
        "attendance": attendance_of(meeting) if is_member(request.user) else None,
        "registrations": meeting.registrations.in_register_order() if can_manage else [],
    }
    return render(request, "circles/meeting_detail.html", context)


@member_required
@require_POST
def register(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.select_related("circle"), pk=pk)
    person = Person.objects.for_member(request.user)
    form = AnswerForm(request.POST)
    if not meeting.accepts_registrations():
        messages.error(request, _("Les inscriptions à cette réunion sont fermées."))
    elif form.is_valid():
        with transaction.atomic():
            Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
            registration, _created = Registration.objects.get_or_create(
                meeting=meeting,
                person=person,
                defaults={"confirmed_at": timezone.now(), "answer": Registration.Answer.NO},
            )
            registration.set_answer(form.cleaned_data["answer"])
        if registration.on_waiting_list:
            messages.warning(request, _("La réunion est complète : vous êtes en liste d'attente."))
        else:
            messages.success(request, _("Votre réponse est enregistrée."))
    else:
        messages.error(request, _("Réponse invalide."))
    if request.htmx:
        return render(
            request,
            "circles/meeting_detail.html#registration",
            _registration_context(request, meeting),
        )
    return redirect(meeting)


@require_http_methods(["GET", "POST"])
def guest_register(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.select_related("circle", "commune"), pk=pk)
    access.check_guest_registration(meeting)
    form = GuestRegistrationForm(
        request.POST if request.method == "POST" else None, meeting=meeting
    )
    if request.method == "POST" and form.is_valid():
        registration = form.register()
        if registration is not None:
            return render(
                request,
                "circles/guest_sent.html",
                {"meeting": meeting, "email": registration.guest_email},
            )
    return render(request, "circles/guest_form.html", {"meeting": meeting, "form": form})


@require_safe
def guest_confirm(request: HttpRequest, token: str) -> HttpResponse:
    registration = get_object_or_404(
        Registration.objects.select_related("meeting__circle"), token=token, person=None
    )
    meeting = registration.meeting
    if registration.confirmed_at is None:
        with transaction.atomic():
            Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
            registration.confirmed_at = timezone.now()
            registration.set_answer(Registration.Answer.YES)
    return render(
        request, "circles/guest_confirmed.html", {"registration": registration, "meeting": meeting}
    )


@require_http_methods(["GET", "POST"])
def guest_cancel(request: HttpRequest, token: str) -> HttpResponse:
    registration = get_object_or_404(
        Registration.objects.select_related("meeting__circle"), token=token, person=None
    )
    if request.method == "POST":
        with transaction.atomic():
            Meeting.objects.select_for_update().filter(pk=registration.meeting_id).first()
            registration.cancel()
        return render(
            request,
            "circles/guest_cancel.html",
            {"registration": registration, "meeting": registration.meeting, "done": True},
        )
    return render(
        request,
        "circles/guest_cancel.html",
        {"registration": registration, "meeting": registration.meeting},
    )


@require_safe
def meeting_document(request: HttpRequest, pk: int) -> FileResponse:
    """A document attached to a meeting, streamed by the app (DEBUG or not), so production
    needs no rule for /media/ and no file is reachable unless a meeting lists it.

    Access is the meeting page's: meetings are public, and so are their documents (agendas
    and supports shared with the territory); a document whose meeting is gone is a 404.
    """
    document = get_object_or_404(MeetingDocument.objects.select_related("meeting"), pk=pk)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, filename=PurePath(document.file.name).name)
