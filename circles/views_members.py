"""A circle's page and its members: who facilitates, who sits in it by kind of
organisation, and the facilitator's tools to add (or invite), change and remove members,
with the circle's history of those changes."""

from collections import defaultdict

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from actors.models import Organisation
from alliance.access import facilitator_required, is_member
from circles import access
from circles.calendars import subscribe_links
from circles.forms_members import MemberAddForm, MemberChangeForm, MemberSearchForm
from circles.models import Circle, Membership, membership_changes
from circles.people import people_for_picker

NO_ORGANISATION = "—"  # the group of members who represent no organisation


def by_kind(memberships) -> list[tuple[str, list[tuple[str, list[Membership]]]]]:
    """Members grouped by the kind of organisation they represent, then by organisation,
    in the order of the kinds; members without an organisation last."""
    groups: dict[str, dict[str, list[Membership]]] = defaultdict(lambda: defaultdict(list))
    for membership in memberships:
        organisation = membership.organisation
        kind = organisation.kind if organisation else NO_ORGANISATION
        groups[kind][organisation.name if organisation else ""].append(membership)
    labels = dict(Organisation.Kind.choices) | {NO_ORGANISATION: _("Sans organisation")}
    order = [*Organisation.Kind.values, NO_ORGANISATION]
    return [(labels[kind], list(groups[kind].items())) for kind in order if kind in groups]


def _manage_context(request: HttpRequest, circle: Circle, add_form, search) -> dict:
    if not access.can_manage(request.user):
        return {}
    search = search or MemberSearchForm()
    return {
        "add_form": add_form or MemberAddForm(circle=circle),
        "search": search,
        "results": search.results(circle, with_email=True),
        "history": membership_changes(circle),
    }


def _visitor_context(request: HttpRequest, circle: Circle) -> dict:
    """What depends on who looks: their own place, the open polls, the join requests."""
    person = access.person_of(request.user)
    manages = access.can_manage(request.user)
    requests = circle.memberships.requested().select_related("person", "organisation")
    return {
        "show_contacts": access.can_see_contacts(request.user),
        "can_manage": manages,
        "own_membership": circle.memberships.filter(person=person).first() if person else None,
        "polls": circle.polls.filter(meeting=None).prefetch_related("slots")
        if is_member(request.user)
        else [],
        "requests": requests if manages else [],
    }


def circle_page(
    request: HttpRequest, circle: Circle, *, add_form=None, search=None, status: int = 200
) -> HttpResponse:
    """The circle's page; a facilitator's form with errors re-renders inside it."""
    now = timezone.now()
    meetings = circle.meetings.for_display()
    facilitators = people_for_picker().filter(facilitated_circles=circle)
    context = {
        "circle": circle,
        "facilitators": facilitators.order_by("last_name", "first_name"),
        "member_groups": by_kind(circle.memberships.for_page()),
        "upcoming": meetings.filter(end__gte=now).order_by("start")[:50],
        "past": meetings.filter(end__lt=now).order_by("-start")[:50],
        "feed": subscribe_links(reverse("circles:circle_feed", args=[circle.slug])),
        **_visitor_context(request, circle),
        **_manage_context(request, circle, add_form, search),
    }
    return render(request, "circles/circle_detail.html", context, status=status)


def _circle(slug: str) -> Circle:
    return get_object_or_404(Circle.objects.prefetch_related("themes"), slug=slug)


@facilitator_required
@require_safe
def member_search(request: HttpRequest, slug: str) -> HttpResponse:
    circle = _circle(slug)
    search = MemberSearchForm(request.GET)
    if not request.htmx:
        return circle_page(request, circle, search=search)
    results = search.results(circle, with_email=True)
    context = {"results": results, "search": search, "add_form": MemberAddForm(circle=circle)}
    return render(request, "circles/_member_results.html", context)


@facilitator_required
@require_POST
def member_add(request: HttpRequest, slug: str) -> HttpResponse:
    circle = _circle(slug)
    form = MemberAddForm(request.POST, circle=circle)
    if not form.is_valid():
        search = MemberSearchForm(request.POST)
        return circle_page(request, circle, add_form=form, search=search)
    membership = form.save(by=request.user)
    if form.cleaned_data["email"]:
        notice = _("%(name)s ajouté·e au cercle ; une invitation part à %(email)s.")
    else:
        notice = _("%(name)s ajouté·e au cercle.")
    messages.success(
        request, notice % {"name": membership.person, "email": form.cleaned_data["email"]}
    )
    return redirect(f"{circle.get_absolute_url()}#members-title")


def _membership(pk: int) -> Membership:
    members = Membership.objects.select_related("circle", "person", "organisation")
    return get_object_or_404(members, pk=pk)


@facilitator_required
@require_http_methods(["GET", "POST"])
def member_edit(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _membership(pk)
    form = MemberChangeForm(request.POST or None, instance=membership)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Place de %(name)s modifiée.") % {"name": membership.person})
        return redirect(f"{membership.circle.get_absolute_url()}#members-title")
    context = {"form": form, "membership": membership, "circle": membership.circle}
    return render(request, "circles/membership_form.html", context)


@facilitator_required
@require_POST
def member_remove(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _membership(pk)
    membership.remove()
    messages.success(request, _("%(name)s retiré·e du cercle.") % {"name": membership.person})
    return redirect(f"{membership.circle.get_absolute_url()}#members-title")
