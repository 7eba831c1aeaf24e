"""The facilitator's pages: scheduling (one meeting, a series, a date poll), edits and
cancellations, minutes and attendance, lists, join requests and guest invitations."""

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from alliance.access import facilitator_required
from alliance.exports import csv_response
from alliance.mail import queue_email_in_their_language
from alliance.models import Invitation
from circles import polls
from circles.forms import (
    CircleForm,
    DocumentForm,
    MeetingForm,
    MinutesForm,
    PollForm,
    SeriesForm,
)
from circles.forms_series import CancelForm, EditScopeForm
from circles.models import Circle, DatePoll, Meeting, Membership, Registration
from circles.scheduling import create_series


def _circle_form(request: HttpRequest, circle: Circle) -> HttpResponse:
    creating = circle.pk is None
    form = CircleForm(request.POST if request.method == "POST" else None, instance=circle)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():  # the circle, its themes and facilitators
            circle = form.save()
        messages.success(
            request, _("Le cercle est créé.") if creating else _("Le cercle est enregistré.")
        )
        return redirect(circle)
    return render(
        request,
        "circles/circle_form.html",
        {"form": form, "circle": None if creating else circle},
    )


@facilitator_required
@require_http_methods(["GET", "POST"])
def circle_create(request: HttpRequest) -> HttpResponse:
    return _circle_form(request, Circle())


@facilitator_required
@require_http_methods(["GET", "POST"])
def circle_edit(request: HttpRequest, slug: str) -> HttpResponse:
    return _circle_form(request, get_object_or_404(Circle, slug=slug))


def _default_start(circle: Circle):
    start = (timezone.localtime() + timedelta(days=14)).replace(
        hour=14, minute=0, second=0, microsecond=0
    )
    return start, start + (circle.default_duration or timedelta(hours=2))


@facilitator_required
@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest, slug: str) -> HttpResponse:
    circle = get_object_or_404(Circle, slug=slug)
    start, end = _default_start(circle)
    meeting = Meeting(circle=circle, is_open=circle.welcomes_guests)
    form = MeetingForm(
        request.POST if request.method == "POST" else None,
        instance=meeting,
        initial={"start": start, "end": end, "place": circle.default_place},
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():  # the meeting and its themes and projects
            meeting = form.save()
        messages.success(request, _("La réunion est programmée."))
        return redirect(meeting)
    return render(
        request, "circles/meeting_form.html", {"form": form, "circle": circle, "meeting": None}
    )


@facilitator_required
@require_http_methods(["GET", "POST"])
def series_create(request: HttpRequest, slug: str) -> HttpResponse:
    circle = get_object_or_404(Circle, slug=slug)
    form = SeriesForm(request.POST if request.method == "POST" else None, circle=circle)
    if request.method == "POST" and form.is_valid() and request.POST.get("action") == "create":
        series = create_series(
            circle=circle,
            rule=form.cleaned_data["rule"],
            items=form.to_create,
            **form.meeting_fields(),
        )
        messages.success(
            request,
            _("%(n)s réunions programmées.") % {"n": series.meetings.count()},
        )
        return redirect(circle)
    # The preview shows even when a past date still waits for its confirmation.
    context = {"form": form, "circle": circle, "preview": form.items or None}
    return render(request, "circles/series_form.html", context)


def _following(meeting: Meeting):
    if meeting.series_id is None:
        return Meeting.objects.filter(pk=meeting.pk)
    return meeting.series.meetings.filter(start__gte=meeting.start).exclude(
        status=Meeting.Status.CANCELLED
    )


@facilitator_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.select_related("circle", "series"), pk=pk)
    before = meeting.snapshot()  # the form writes into the instance as it validates
    old_start, old_end = meeting.start, meeting.end
    form = MeetingForm(request.POST if request.method == "POST" else None, instance=meeting)
    scope = EditScopeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid() and scope.is_valid():
        with transaction.atomic():
            saved = form.save(commit=False)
            if form.changed_data:
                saved.sequence += 1  # calendars must see every change, not only moves
            saved.save()
            form.save_m2m()
            saved.announce_changes(before)  # the notice says what changed, old → new
            if scope.to_following():
                _apply_to_following(saved, form, saved.start - old_start, saved.end - old_end)
        if "capacity" in form.changed_data:
            saved.promote_waiting()  # a larger room frees places for the waiting list
        messages.success(request, _("La réunion est modifiée."))
        return redirect(saved)
    return render(
        request,
        "circles/meeting_form.html",
        {"form": form, "scope": scope, "circle": meeting.circle, "meeting": meeting},
    )


def _apply_to_following(meeting: Meeting, form: MeetingForm, shift_start, shift_end) -> None:
    """Same change for the rest of the series: fields copied, times shifted alike."""
    copied = ["title", "topic", "place", "commune", "video_url", "agenda", "capacity", "is_open"]
    changed = [f for f in copied if f in form.changed_data]
    following = _following(meeting).exclude(pk=meeting.pk).select_related("commune")
    for other in following.select_for_update(of=("self",)):
        before = other.snapshot()
        for name in changed:
            setattr(other, name, getattr(meeting, name))
        other.start, other.end = other.start + shift_start, other.end + shift_end
        if changed or shift_start or shift_end:
            other.sequence += 1
            other.save(update_fields=[*changed, "start", "end", "sequence", "updated_at"])
            other.announce_changes(before)
        if "themes" in form.changed_data:
            other.themes.set(meeting.themes.all())


@facilitator_required
@require_http_methods(["GET", "POST"])
def meeting_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.select_related("circle"), pk=pk)
    form = CancelForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        targets = (
            _following(meeting) if form.to_following() else Meeting.objects.filter(pk=meeting.pk)
        )
        with transaction.atomic():
            cancelled = sum(m.cancel() for m in targets.select_for_update())
        messages.success(
            request,
            _("%(n)s réunion(s) annulée(s) ; les inscrits sont prévenus.") % {"n": cancelled},
        )
        return redirect(meeting)
    following = _following(meeting).count()
    return render(
        request,
        "circles/meeting_cancel.html",
        {"form": form, "meeting": meeting, "following": following},
    )


@facilitator_required
@require_http_methods(["GET", "POST"])
def meeting_reinstate(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.select_related("circle"), pk=pk)
    if not meeting.is_cancelled:
        messages.info(request, _("Cette réunion n'est pas annulée."))
        return redirect(meeting)
    if meeting.is_past:
        messages.error(request, _("Une réunion passée ne peut plus être rétablie."))
        return redirect(meeting)
    if request.method == "POST":
        with transaction.atomic():
            meeting.reinstate()
        messages.success(
            request, _("La réunion est rétablie ; les personnes concernées sont prévenues.")
        )
        return redirect(meeting)
    return render(request, "circles/meeting_reinstate.html", {"meeting": meeting})


@facilitator_required
@require_http_methods(["GET", "POST"])
def meeting_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.select_related("circle"), pk=pk)
    form = MinutesForm(request.POST if request.method == "POST" else None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            meeting = form.save(commit=False)
            meeting.status = Meeting.Status.HELD
            meeting.save(update_fields=["minutes", "decisions", "status", "updated_at"])
            form.save_m2m()
            present = [r.pk for r in form.registrations if form.cleaned_data[f"attended_{r.pk}"]]
            meeting.registrations.filter(pk__in=present).update(attended=True)
            meeting.registrations.exclude(pk__in=present).filter(
                pk__in=[r.pk for r in form.registrations]
            ).update(attended=False)
        messages.success(request, _("Le compte rendu est publié."))
        return redirect(meeting)
    return render(request, "circles/minutes_form.html", {"form": form, "meeting": meeting})


REGISTRATIONS_HEADER = [
    "Nom",
    "E-mail",
    "Organisation",
    "Type",
    "Réponse",
    "Liste d'attente",
    "Confirmée",
    "Présence",
    "Inscrit le",
]
YES_NO = {True: "oui", False: "non"}
PRESENCE = {True: "présent", False: "absent"}  # None: not recorded, an empty cell


def _presence(registration) -> str:
    if registration.excused:
        return "excusé"
    presence = PRESENCE.get(registration.attended, "")
    return f"{presence} (sans inscription)" if registration.walk_in else presence


def _registration_rows(registrations):
    answers = dict(Registration.Answer.choices)
    for r in registrations:
        yield [
            r.name,
            r.email,
            r.guest_organisation,
            "invité" if r.is_guest else "membre",
            str(answers.get(r.answer, r.answer)),
            YES_NO[r.on_waiting_list],
            YES_NO[r.confirmed_at is not None],
            _presence(r),
            timezone.localtime(r.created_at).strftime("%d/%m/%Y %H:%M"),
        ]


@facilitator_required
@require_safe
def registrations_csv(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk)
    rows = _registration_rows(meeting.registrations.in_register_order())
    return csv_response(f"inscrits-reunion-{meeting.pk}.csv", REGISTRATIONS_HEADER, rows)


@facilitator_required
@require_http_methods(["GET", "POST"])
def poll_create(request: HttpRequest, slug: str) -> HttpResponse:
    circle = get_object_or_404(Circle, slug=slug)
    form = PollForm(
        request.POST if request.method == "POST" else None, initial={"title": circle.name}
    )
    if request.method == "POST" and form.is_valid():
        poll = polls.open_poll(
            circle=circle,
            title=form.cleaned_data["title"],
            place=form.cleaned_data["place"],
            created_by=request.user,
            starts=form.cleaned_data["starts"],
            duration=form.cleaned_data["duration"],
        )
        messages.success(request, _("Le sondage est ouvert : les membres en sont prévenus."))
        return redirect(poll)
    return render(request, "circles/poll_form.html", {"form": form, "circle": circle})


@facilitator_required
@require_POST
def poll_pick(request: HttpRequest, pk: int) -> HttpResponse:
    poll = get_object_or_404(DatePoll.objects.select_related("circle"), pk=pk)
    slot = poll.slots.filter(pk=request.POST.get("slot") or 0).first()
    if poll.is_closed or slot is None:
        messages.error(request, _("Choisissez un des créneaux proposés."))
        return redirect(poll)
    meeting = polls.close_poll(poll=poll, slot=slot)
    messages.success(
        request,
        _(
            "La réunion est créée à la date choisie ; les participants sont prévenus et ceux "
            "qui avaient répondu « oui » sont inscrits."
        ),
    )
    return redirect(meeting)


@facilitator_required
@require_POST
def join_decide(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(
        Membership.objects.select_related("circle", "person"),
        pk=pk,
        status=Membership.Status.REQUESTED,
    )
    accept = request.POST.get("decision") == "accept"
    membership.decide(accept=accept)
    messages.success(
        request,
        _("Demande de %(name)s acceptée.") % {"name": membership.person}
        if accept
        else _("Demande de %(name)s refusée.") % {"name": membership.person},
    )
    return redirect(membership.circle)


@facilitator_required
@require_POST
def guest_invite(request: HttpRequest, pk: int) -> HttpResponse:
    registration = get_object_or_404(
        Registration.objects.select_related("meeting"), pk=pk, person=None
    )
    if registration.invited_at is None and registration.confirmed_at is not None:
        with transaction.atomic():
            invitation = Invitation.objects.create(
                email=registration.guest_email,
                invited_by=request.user,
                message=f"Invitation après la réunion « {registration.meeting.title} »",
            )
            registration.invited_at = timezone.now()
            registration.save(update_fields=["invited_at"])
            queue_email_in_their_language(
                to=[registration.guest_email],
                subject=lambda: _("Invitation à rejoindre l'Alliance"),
                template="circles/email/invite_member",
                context={
                    "invitation": invitation,
                    "name": registration.guest_name,
                    "inviter": request.user.display_name,
                    "days": settings.INVITATION_VALID_DAYS,
                },
            )
        messages.success(
            request, _("Invitation envoyée à %(email)s.") % {"email": registration.guest_email}
        )
    return redirect(registration.meeting)


@facilitator_required
@require_POST
def document_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        document = form.save(commit=False)
        document.meeting = meeting
        document.save()
        messages.success(request, _("Document ajouté."))
    else:
        errors = "; ".join(e for field in form.errors.values() for e in field)
        messages.error(request, _("Document refusé : %(errors)s") % {"errors": errors})
    return redirect(meeting)
