"""The agenda page, the iCalendar files and feeds, and a member's calendar preferences."""

import hashlib

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from actors.models import Person
from alliance.access import member_required
from alliance.pagecache import public_page
from circles import access
from circles.calendars import (
    calendar_bytes,
    feed_bytes,
    month_bounds,
    month_grid,
    next_month,
    previous_month,
    subscribe_links,
)
from circles.filters import AgendaFilter, month_from
from circles.forms import PreferencesForm
from circles.models import Circle, CircleProfile, Meeting

# Feeds carry every meeting, past and future: a subscription keeps the whole history
# (the charter's first meetings included) and the cancelled ones as STATUS:CANCELLED.


@require_safe
@public_page
def agenda(request: HttpRequest) -> HttpResponse:
    month = month_from(request.GET.get("mois"))
    first, last = month_bounds(month)
    base = Meeting.objects.exclude(status=Meeting.Status.CANCELLED)
    filters = AgendaFilter(request.GET, queryset=base)
    meetings = (filters.qs if filters.is_valid() else base).for_agenda().order_by("start")
    query = request.GET.copy()
    query.pop("mois", None)  # the month links carry the filters, not the month shown
    context = {
        "filters": filters,
        "month": month,
        "previous": previous_month(month),
        "next": next_month(month),
        "weeks": month_grid(month, meetings.filter(start__gte=first, start__lt=last)),
        "upcoming": list(meetings.filter(end__gte=timezone.now())[:100]),
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
    meetings = list(meetings.for_display().order_by("start", "pk"))
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


def _save_preferences(request: HttpRequest, form, profile, *, created: bool) -> str | None:
    """Does what the POST asks (make the feed, renew its address, save the settings) and
    says so; None when the form is invalid."""
    action = request.POST.get("action")
    if action == "feed" and created:
        return _("Votre adresse d'agenda privé est créée.")
    if action in {"feed", "renew"}:
        profile.renew_token()
        return _("Nouvelle adresse d'agenda créée : l'ancienne ne marche plus.")
    if not form.is_valid():
        return None
    profile.reminders = form.cleaned_data["reminders"]
    profile.save(update_fields=["reminders"])
    return _("Vos préférences sont enregistrées.")


@member_required
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    posted = request.method == "POST"
    if posted:
        # The settings row (and the person, for an account made in the admin) is made by
        # the first POST; a GET shows the defaults and writes nothing.
        profile, created = CircleProfile.objects.get_or_create(
            person=Person.objects.for_member(request.user)
        )
    else:
        person = access.person_of(request.user)
        profile = CircleProfile.objects.filter(person=person).first() if person else None
        created = False
    form = PreferencesForm(
        request.POST if posted else None,
        initial={"reminders": profile.reminders if profile else True},
    )
    done = _save_preferences(request, form, profile, created=created) if posted else None
    if done:
        messages.success(request, done)
        return redirect("circles:preferences")
    feed = (
        subscribe_links(reverse("circles:member_feed", args=[profile.feed_token]))
        if profile
        else None
    )
    return render(
        request, "circles/preferences.html", {"form": form, "profile": profile, "feed": feed}
    )
