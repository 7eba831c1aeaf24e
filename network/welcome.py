"""The welcome page of a new member, from first visit to first project: what their
profile still lacks, their organisation (or a request to be attached to one), themes to
follow and the next meetings of their circles. It composes actors, circles and the
follows, so it lives on the top floor."""

from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from actors import representation_requests
from actors.forms import RepresentationRequestForm
from actors.models import Person, Representation, RepresentationRequest
from alliance.access import member_required
from alliance.models import Theme
from circles.models import Meeting
from network.models import Follow

NEXT_MEETINGS = 5


def _person(user) -> Person | None:
    current = Representation.objects.current().select_related("organisation")
    pending = RepresentationRequest.objects.pending().select_related("organisation")
    return (
        Person.objects.filter(user=user)
        .prefetch_related(
            Prefetch("representations", queryset=current, to_attr="current_representations"),
            Prefetch("representation_requests", queryset=pending, to_attr="pending_requests"),
        )
        .first()
    )


def _context(request: HttpRequest, form: RepresentationRequestForm) -> dict:
    person = _person(request.user)
    followed = set(
        Follow.objects.of(request.user)
        .filter(theme__isnull=False)
        .values_list("theme_id", flat=True)
    )
    meetings = []
    if person is not None:
        upcoming = Meeting.objects.upcoming().for_person(person).not_declined_by(person)
        meetings = list(upcoming.for_display().order_by("start")[:NEXT_MEETINGS])
    return {
        "person": person,
        "missing": person.missing_profile_fields() if person else [],
        "form": form,
        "themes": [(theme, theme.pk in followed) for theme in Theme.objects.order_by("name")],
        "meetings": meetings,
    }


@member_required
@require_http_methods(["GET", "POST"])
def welcome(request: HttpRequest) -> HttpResponse:
    """A POST asks to be attached to an organisation; the form comes back on an error."""
    person = Person.objects.for_member(request.user) if request.method == "POST" else None
    form = RepresentationRequestForm(request.POST or None, person=person)
    if request.method == "POST" and form.is_valid():
        organisation = form.cleaned_data["organisation"]
        representation_requests.ask(
            person=person, organisation=organisation, role=form.cleaned_data["role"]
        )
        messages.success(
            request,
            _(
                "Votre demande de rattachement à « %(organisation)s » est envoyée : l'équipe "
                "d'animation vous répondra par e-mail."
            )
            % {"organisation": organisation},
        )
        return redirect("welcome")
    return render(request, "network/welcome.html", _context(request, form))
