from urllib.parse import urlencode

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)
from django.views.i18n import JavaScriptCatalog

from alliance import invitations, join_requests
from alliance.access import facilitator_required
from alliance.accounts import INVITATION_SESSION_KEY
from alliance.forms import DeclineForm, InvitationFilterForm, InvitationForm, JoinRequestForm
from alliance.invitations import invite
from alliance.models import Invitation, JoinRequest
from alliance.proxies import client_ip

_catalog = JavaScriptCatalog.as_view()


@require_safe
@cache_control(public=True, max_age=3600)
def javascript_catalog(request: HttpRequest) -> HttpResponse:
    """Public: the translations of the strings static/js/*.js pass to gettext(), in the
    request's language (the page's <script> names it with ?lang=… so caches keep one per
    language)."""
    return _catalog(request)


@require_safe
def legal(request: HttpRequest) -> HttpResponse:
    return render(request, "alliance/legal.html")


@require_safe
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "alliance/accessibility.html")


@require_safe
def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    invitation = Invitation.objects.filter(token=token).first()
    if invitation is None or not invitation.is_usable:
        status = 404 if invitation is None else 410
        return render(
            request, "alliance/invitation_invalid.html", {"invitation": invitation}, status=status
        )
    if request.user.is_authenticated:
        messages.info(request, _("Vous êtes déjà connecté·e : cette invitation n'est pas utile."))
        return redirect("home")
    # The link's first visit is the facilitator's "ouverte": one column, once (like the
    # session this GET opens, the visit is what is recorded).
    invitation.mark_opened()
    request.session[INVITATION_SESSION_KEY] = invitation.token
    # Following the link proves the address: no confirmation e-mail for it.
    get_adapter(request).stash_verified_email(request, invitation.email)
    return redirect(f"{reverse('account_signup')}?{urlencode({'email': invitation.email})}")


def _invitation_panel(request: HttpRequest, form: InvitationForm, notice: str) -> HttpResponse:
    """The form and the invitations by state (one query for the page, one for the counts)."""
    filters = InvitationFilterForm(request.GET)
    invitations = filters.filter(Invitation.objects.select_related("invited_by", "user"))
    template = "alliance/invitation_list.html"
    if request.htmx:
        template += "#invitation-panel"
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "filters": filters,
        "counts": Invitation.objects.state_counts(),
        "page": Paginator(invitations, 50).get_page(request.GET.get("page")),
        "query": query.urlencode(),
        "notice": notice,
        "valid_days": settings.INVITATION_VALID_DAYS,
        "join_requests": JoinRequest.objects.filter(state=JoinRequest.State.PENDING),
        "decline_form": DeclineForm(),
    }
    return render(request, template, context)


def _after_action(request: HttpRequest, notice: str, ok: bool = True) -> HttpResponse:
    """A plain request goes back to the list with a message; HTMX gets the panel."""
    if request.htmx:
        return _invitation_panel(request, InvitationForm(), notice)
    (messages.success if ok else messages.error)(request, notice)
    return redirect("invitations")


@facilitator_required
@require_http_methods(["GET", "POST"])
def invitation_list(request: HttpRequest) -> HttpResponse:
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        invitation = invite(email=data["email"], message=data["message"], invited_by=request.user)
        notice = _(
            "Invitation enregistrée pour %(email)s : l'e-mail est en file d'envoi "
            "et partira dans quelques instants."
        ) % {"email": invitation.email}
        return _after_action(request, notice)
    return _invitation_panel(request, form, "")


@facilitator_required
@require_POST
def invitation_resend(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = get_object_or_404(Invitation, pk=pk)
    new = invitations.resend(invitation=invitation, by=request.user)
    if new is None:
        notice = _("Cette invitation ne peut plus être renvoyée (acceptée ou déjà renvoyée).")
        return _after_action(request, notice, ok=False)
    notice = _("Nouveau lien envoyé à %(email)s : l'ancien lien ne fonctionne plus.") % {
        "email": new.email
    }
    return _after_action(request, notice)


@facilitator_required
@require_POST
def invitation_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = get_object_or_404(Invitation, pk=pk)
    if not invitations.revoke(invitation=invitation):
        notice = _("Cette invitation n'est plus valable : rien à révoquer.")
        return _after_action(request, notice, ok=False)
    notice = _("Invitation de %(email)s révoquée : son lien ne fonctionne plus.") % {
        "email": invitation.email
    }
    return _after_action(request, notice)


@require_http_methods(["GET", "POST"])
def join_request_create(request: HttpRequest) -> HttpResponse:
    """Public: a visitor who may not sign up asks for an invitation."""
    if request.user.is_authenticated:
        return redirect("home")
    form = JoinRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        address, email = client_ip(request), form.cleaned_data["email"]
        if join_requests.too_many(address=address, email=email):
            form.add_error(None, _("Trop de demandes en peu de temps : réessayez dans une heure."))
            return render(request, "alliance/joinrequest_form.html", {"form": form}, status=429)
        if not form.is_spam:  # a bot sees the same thanks, and nothing is recorded
            join_requests.ask(**{k: form.cleaned_data[k] for k in form.Meta.fields})
        return redirect("join_request_thanks")
    return render(request, "alliance/joinrequest_form.html", {"form": form})


@require_safe
def join_request_thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "alliance/joinrequest_thanks.html")


@facilitator_required
@require_POST
def join_request_accept(request: HttpRequest, pk: int) -> HttpResponse:
    join_request = get_object_or_404(JoinRequest, pk=pk)
    if join_request.has_account:
        notice = _("Un compte existe déjà avec cette adresse : pas besoin d'invitation.")
        return _after_action(request, notice, ok=False)
    if join_requests.accept(join_request=join_request, by=request.user) is None:
        return _after_action(request, _("Cette demande a déjà été traitée."), ok=False)
    notice = _("Demande acceptée : une invitation part pour %(email)s.") % {
        "email": join_request.email
    }
    return _after_action(request, notice)


@facilitator_required
@require_POST
def join_request_decline(request: HttpRequest, pk: int) -> HttpResponse:
    join_request = get_object_or_404(JoinRequest, pk=pk)
    form = DeclineForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    if join_requests.decline(join_request=join_request, by=request.user, reason=reason) is None:
        return _after_action(request, _("Cette demande a déjà été traitée."), ok=False)
    notice = _("Demande de %(name)s refusée : un e-mail courtois l'en informe.") % {
        "name": join_request.name
    }
    return _after_action(request, notice)
