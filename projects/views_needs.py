"""Shared needs, the offers that could meet them, and "Je peux aider"."""

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from alliance.access import member_required
from projects.access import (
    can_publish_for_an_organisation,
    offer_for_delete,
    publishing_organisations,
)
from projects.filters import NeedFilterForm
from projects.forms import HelpForm, OfferForm, OrganisationNeedForm
from projects.models import Kinds, Need, Offer
from projects.services import offer_help


@require_safe
def needs(request: HttpRequest) -> HttpResponse:
    filters = NeedFilterForm(request.GET)
    context = {
        "rows": filters.board(),
        "kinds": Kinds.choices,
        "kind": filters.chosen_kind,
        "help_form": HelpForm(),
        "can_publish": can_publish_for_an_organisation(request.user),
    }
    return render(request, "projects/needs.html", context)


@member_required
@require_POST
def help_need(request: HttpRequest, pk: int) -> HttpResponse:
    need = get_object_or_404(
        Need.objects.open().public().select_related("project__referent"), pk=pk
    )
    form = HelpForm(request.POST)
    if not form.is_valid():
        text, ok = _("Votre message est trop long (2 000 caractères au plus)."), False
    elif offer_help(need=need, helper=request.user, message=form.cleaned_data["message"]):
        text, ok = _("Merci ! Le porteur du besoin a reçu vos coordonnées."), True
    else:
        text, ok = _("Personne ne peut être joint pour ce besoin pour l'instant."), False
    if request.htmx:
        return render(
            request, "projects/needs.html#help-result", {"text": text, "ok": ok, "need": need}
        )
    (messages.success if ok else messages.error)(request, text)
    return redirect("projects:needs")


def _publishing_organisations_or_403(request: HttpRequest):
    """The organisations the user may publish for; a 403 page when there are none."""
    if not can_publish_for_an_organisation(request.user):
        return None, render(request, "projects/mandate_required.html", status=403)
    return publishing_organisations(request.user), None


@member_required
def offer_add(request: HttpRequest) -> HttpResponse:
    organisations, denied = _publishing_organisations_or_403(request)
    if denied:
        return denied
    form = OfferForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():  # the offer and its themes
            form.save()
        messages.success(request, _("Votre offre est publiée."))
        return redirect("projects:needs")
    own_offers = (
        Offer.objects.filter(organisation__in=organisations)
        .select_related("organisation")
        .order_by("organisation__name", "-created_at")
    )
    return render(
        request,
        "projects/offer_form.html",
        {"form": form, "own_offers": own_offers},
    )


@member_required
@require_POST
def offer_delete(request: HttpRequest, pk: int) -> HttpResponse:
    offer_for_delete(request.user, pk).delete()
    messages.success(request, _("L'offre est retirée."))
    return redirect("projects:needs")


@member_required
def org_need_add(request: HttpRequest) -> HttpResponse:
    organisations, denied = _publishing_organisations_or_403(request)
    if denied:
        return denied
    form = OrganisationNeedForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Le besoin de votre organisation est publié."))
        return redirect("projects:needs")
    return render(request, "projects/org_need_form.html", {"form": form})
