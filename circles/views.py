"""Public and member pages: circles, meetings, agenda, calendars, registrations."""

import calendar as pycalendar
import hashlib
from datetime import date, datetime, time, timedelta
from pathlib import PurePath

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Count, Prefetch, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from actors.models import Person
from alliance.access import is_member, member_required
from alliance.mail import queue_email
from alliance.maps import MEETING_ZOOM, map_config
from alliance.timezones import PARIS
from circles import access
from circles.calendars import calendar_bytes, feed_bytes, subscribe_links
from circles.forms import (
    AgendaFilter,
    AnswerForm,
    GuestRegistrationForm,
    PollAnswerForm,
    PreferencesForm,
    month_from,
)
from circles.models import (
    Circle,
    CircleProfile,
    DatePoll,
    Meeting,
    MeetingDocument,
    Membership,
    PollAnswer,
    Registration,
)
from circles.notices import meeting_context

# Feeds carry every meeting, past and future: a subscription keeps the whole history
# (the charter's first meetings included) and the cancelled ones as STATUS:CANCELLED.


def _meetings_for_display(queryset):
    return queryset.select_related("circle", "commune")


@require_safe
def circle_list(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    next_meetings = Meeting.objects.upcoming().filter(start__gte=now).order_by("start")
    circles = (
        Circle.objects.prefetch_related(
            "themes", Prefetch("meetings", queryset=next_meetings, to_attr="next_meetings")
        )
        .annotate(
            member_count=Count(
                "memberships",
                filter=Q(memberships__status=Membership.Status.ACCEPTED),
                distinct=True,
            )
        )
        .order_by("name")
    )
    return render(
        request,
        "circles/circle_list.html",
        {"circles": circles, "can_manage": access.can_manage(request.user)},
    )


@require_safe
def circle_detail(request: HttpRequest, slug: str) -> HttpResponse:
    circle = get_object_or_404(Circle.objects.prefetch_related("themes"), slug=slug)
    now = timezone.now()
    memberships = (
        circle.memberships.accepted()
        .select_related("person", "organisation")
        .order_by("role", "person__last_name")
    )
    meetings = _meetings_for_display(circle.meetings.all())
    person = access.person_of(request.user)
    own = None
    if person is not None:
        own = circle.memberships.filter(person=person).first()
    context = {
        "circle": circle,
        "memberships": memberships,
        "upcoming": meetings.filter(end__gte=now).order_by("start")[:50],
        "past": meetings.filter(end__lt=now).order_by("-start")[:50],
        "show_contacts": access.can_see_contacts(request.user),
        "can_manage": access.can_manage(request.user),
        "feed": subscribe_links(reverse("circles:circle_feed", args=[circle.slug])),
        "own_membership": own,
        "polls": circle.polls.filter(meeting=None).prefetch_related("slots")
        if is_member(request.user)
        else [],
        "requests": circle.memberships.requested().select_related("person", "organisation")
        if access.can_manage(request.user)
        else [],
    }
    return render(request, "circles/circle_detail.html", context)


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
    context = _registration_context(request, meeting)
    map_data = None
    if meeting.commune and meeting.commune.latitude is not None:
        map_data = {
            "lat": meeting.commune.latitude,
            "lng": meeting.commune.longitude,
            "label": meeting.place or meeting.commune.name,
        }
    context.update(
        {
            "can_manage": can_manage,
            "map_data": map_data,
            # The roadmap app links a milestone to the meeting it serves (one-to-one).
            "milestone": getattr(meeting, "milestone", None),
            "map_config": map_config(place_zoom=MEETING_ZOOM),
            "decisions": [d for d in meeting.decisions.splitlines() if d.strip()],
            "registrations": meeting.registrations.select_related("person").order_by(
                "on_waiting_list", "created_at"
            )
            if can_manage
            else [],
        }
    )
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
        registration = form.save(commit=False)
        registration.meeting = meeting
        registration.answer = Registration.Answer.NO  # holds no place until confirmed
        try:
            with transaction.atomic():
                registration.save()
                queue_email(
                    to=[registration.guest_email],
                    subject=_("Confirmez votre inscription : %(title)s") % {"title": meeting.title},
                    template="circles/email/guest_confirm",
                    context={**meeting_context(meeting), "registration": registration},
                    # The guest asked in this language: their mail speaks it too.
                    language=translation.get_language(),
                    list_name="reunions",
                    key=f"guest-confirm-{registration.pk}",
                )
        except IntegrityError:
            form.add_error("guest_email", _("Cette adresse est déjà inscrite à cette réunion."))
        else:
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
def agenda(request: HttpRequest) -> HttpResponse:
    month = month_from(request.GET.get("mois"))
    first = datetime.combine(month, time.min, tzinfo=PARIS)
    next_month = (month + timedelta(days=32)).replace(day=1)
    last = datetime.combine(next_month, time.min, tzinfo=PARIS)
    base = Meeting.objects.exclude(status=Meeting.Status.CANCELLED)
    filters = AgendaFilter(request.GET, queryset=base)
    filtered = filters.qs if filters.is_valid() else base
    in_month = list(
        _meetings_for_display(filtered.filter(start__gte=first, start__lt=last)).order_by("start")
    )
    upcoming = list(
        _meetings_for_display(filtered.filter(end__gte=timezone.now())).order_by("start")[:100]
    )
    by_day: dict[date, list] = {}
    for meeting in in_month:
        by_day.setdefault(timezone.localtime(meeting.start, PARIS).date(), []).append(meeting)
    weeks = [
        [(day, by_day.get(day, [])) for day in week]
        for week in pycalendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month)
    ]
    query = request.GET.copy()
    query.pop("mois", None)
    context = {
        "filters": filters,
        "month": month,
        "previous": (month - timedelta(days=1)).replace(day=1),
        "next": next_month,
        "weeks": weeks,
        "upcoming": upcoming,
        "query": query.urlencode(),
        "today": timezone.localdate(),
        "feed": subscribe_links(reverse("circles:agenda_feed")),
    }
    template = "circles/agenda.html"
    if request.htmx:
        template += "#agenda-body"
    return render(request, template, context)


def _ics(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _feed(request: HttpRequest, meetings, *, name: str, filename: str, private=False):
    """A subscribed feed: ETag (of its content) and Last-Modified, 304 when unchanged."""
    meetings = list(_meetings_for_display(meetings).order_by("start", "pk"))
    content = feed_bytes(meetings, name=name, private=private)
    etag = f'"{hashlib.sha256(content).hexdigest()[:32]}"'
    changed = max((m.updated_at for m in meetings if m.updated_at), default=None)
    last_modified = int(changed.timestamp()) if changed else None
    response = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if response is None:
        response = _ics(content, filename)
    response["ETag"] = etag
    if last_modified:
        response["Last-Modified"] = http_date(last_modified)
    response["Cache-Control"] = "private, max-age=900" if private else "public, max-age=900"
    return response


@require_safe
def meeting_ics(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.select_related("circle", "commune"), pk=pk)
    private = access.person_of(request.user) is not None
    return _ics(
        calendar_bytes([meeting], name=meeting.circle.name, method="PUBLISH", private=private),
        f"reunion-{meeting.pk}.ics",
    )


@require_safe
def circle_feed(request: HttpRequest, slug: str) -> HttpResponse:
    circle = get_object_or_404(Circle, slug=slug)
    return _feed(request, circle.meetings.all(), name=circle.name, filename=f"{circle.slug}.ics")


@require_safe
def agenda_feed(request: HttpRequest) -> HttpResponse:
    """Every meeting of every circle, public details only."""
    return _feed(
        request, Meeting.objects.all(), name=_("Agenda de l'Alliance"), filename="agenda.ics"
    )


@require_safe
def member_feed(request: HttpRequest, token: str) -> HttpResponse:
    profile = CircleProfile.objects.select_related("person").filter(feed_token=token).first()
    if profile is None:
        raise Http404
    return _feed(
        request,
        Meeting.objects.for_person(profile.person).not_declined_by(profile.person),
        name=_("Mes réunions — Alliance"),
        filename="mes-reunions.ics",
        private=True,
    )


@member_required
@require_POST
def join(request: HttpRequest, slug: str) -> HttpResponse:
    circle = get_object_or_404(Circle, slug=slug)
    if not circle.open_to_join:
        raise PermissionDenied
    with transaction.atomic():  # the request and the mail that tells the facilitators
        person = Person.objects.for_member(request.user)
        membership, created = Membership.objects.get_or_create(
            circle=circle,
            person=person,
            defaults={
                "status": Membership.Status.REQUESTED,
                "organisation": person.organisations.first(),
            },
        )
        facilitators = circle.facilitators.exclude(email="")
        recipients = list(facilitators.values_list("email", flat=True)) if created else []
        if recipients:
            queue_email(
                to=recipients,
                subject=_("Demande d'adhésion : %(circle)s") % {"circle": circle.name},
                template="circles/email/join_request",
                context={"membership": membership},
            )
    if created:
        messages.success(request, _("Votre demande a été transmise aux animateurs du cercle."))
    else:
        messages.info(request, _("Vous avez déjà une demande ou une place dans ce cercle."))
    return redirect(circle)


@member_required
@require_http_methods(["GET", "POST"])
def poll_detail(request: HttpRequest, pk: int) -> HttpResponse:
    poll = get_object_or_404(DatePoll.objects.select_related("circle", "meeting"), pk=pk)
    slots = list(poll.slots.all())
    person = access.person_of(request.user)
    current = {}
    if person is not None:
        current = dict(
            PollAnswer.objects.filter(slot__poll=poll, person=person).values_list(
                "slot_id", "answer"
            )
        )
    form = PollAnswerForm(
        request.POST if request.method == "POST" else None, slots=slots, current=current
    )
    if request.method == "POST":
        if poll.is_closed:
            raise PermissionDenied
        person = Person.objects.for_member(request.user)
        if form.is_valid():
            with transaction.atomic():
                for slot, answer in form.answers():
                    PollAnswer.objects.update_or_create(
                        slot=slot, person=person, defaults={"answer": answer}
                    )
            messages.success(request, _("Vos disponibilités sont enregistrées."))
            return redirect(poll)
    answers = list(PollAnswer.objects.filter(slot__poll=poll).select_related("person"))
    people = sorted({a.person for a in answers}, key=lambda p: (p.last_name, p.first_name))
    grid = {(a.person_id, a.slot_id): a for a in answers}
    rows = [(p, [grid.get((p.pk, s.pk)) for s in slots]) for p in people]
    for slot in slots:
        slot.yes = sum(
            1 for a in answers if a.slot_id == slot.pk and a.answer == PollAnswer.Answer.YES
        )
        slot.if_needed = sum(
            1 for a in answers if a.slot_id == slot.pk and a.answer == PollAnswer.Answer.IF_NEEDED
        )
    return render(
        request,
        "circles/poll_detail.html",
        {
            "poll": poll,
            "slots": slots,
            "form": form,
            "rows": rows,
            "can_manage": access.can_manage(request.user),
            "can_answer": not poll.is_closed,  # a member's page: every member may answer
        },
    )


@member_required
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    person = access.person_of(request.user)
    if request.method == "POST":
        # The settings row (and the person, for an account made in the admin) is made by
        # the first POST; a GET shows the defaults and writes nothing.
        person = Person.objects.for_member(request.user)
        profile, created = CircleProfile.objects.get_or_create(person=person)
    else:
        profile = CircleProfile.objects.filter(person=person).first() if person else None
    form = PreferencesForm(
        request.POST if request.method == "POST" else None,
        initial={"reminders": profile.reminders if profile else True},
    )
    if request.method == "POST":
        if request.POST.get("action") == "feed" and created:
            messages.success(request, _("Votre adresse d'agenda privé est créée."))
            return redirect("circles:preferences")
        if request.POST.get("action") in {"feed", "renew"}:
            profile.renew_token()
            messages.success(
                request, _("Nouvelle adresse d'agenda créée : l'ancienne ne marche plus.")
            )
            return redirect("circles:preferences")
        if form.is_valid():
            profile.reminders = form.cleaned_data["reminders"]
            profile.save(update_fields=["reminders"])
            messages.success(request, _("Vos préférences sont enregistrées."))
            return redirect("circles:preferences")
    feed = (
        subscribe_links(reverse("circles:member_feed", args=[profile.feed_token]))
        if profile
        else None
    )
    return render(
        request, "circles/preferences.html", {"form": form, "profile": profile, "feed": feed}
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
