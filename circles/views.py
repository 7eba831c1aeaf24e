"""Public and member pages of the circles: the list, a circle's page, asking to join.

The circle's page itself and its members are in `views_members`, meetings and
registrations in `views_meetings`, the agenda and calendar feeds in
`views_calendars`, date polls in `views_polls`, the facilitator's pages in
`views_facilitator`."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from actors.models import Person
from alliance.access import member_required
from alliance.mail import queue_email_in_their_language
from circles import access
from circles.models import Circle, Meeting, Membership
from circles.views_members import circle_page


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
    return circle_page(request, circle)


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
            queue_email_in_their_language(
                to=recipients,
                subject=lambda: _("Demande d'adhésion : %(circle)s") % {"circle": circle.name},
                template="circles/email/join_request",
                context={"membership": membership},
            )
    if created:
        messages.success(request, _("Votre demande a été transmise aux animateurs du cercle."))
    else:
        messages.info(request, _("Vous avez déjà une demande ou une place dans ce cercle."))
    return redirect(circle)
