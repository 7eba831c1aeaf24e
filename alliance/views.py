from urllib.parse import urlencode

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from alliance.access import facilitator_required
from alliance.accounts import INVITATION_SESSION_KEY
from alliance.forms import InvitationForm
from alliance.invitations import invite
from alliance.models import Invitation


@require_GET
def legal(request: HttpRequest) -> HttpResponse:
    return render(request, "alliance/legal.html")


@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "alliance/accessibility.html")


@require_GET
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
    request.session[INVITATION_SESSION_KEY] = invitation.token
    # Following the link proves the address: no confirmation e-mail for it.
    get_adapter(request).stash_verified_email(request, invitation.email)
    return redirect(f"{reverse('account_signup')}?{urlencode({'email': invitation.email})}")


@facilitator_required
@require_http_methods(["GET", "POST"])
def invitation_list(request: HttpRequest) -> HttpResponse:
    form = InvitationForm(request.POST or None)
    notice = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        invitation = invite(email=data["email"], message=data["message"], invited_by=request.user)
        notice = _(
            "Invitation enregistrée pour %(email)s : l'e-mail est en file d'envoi "
            "et partira dans quelques instants."
        ) % {"email": invitation.email}
        if not request.htmx:
            messages.success(request, notice)
            return redirect("invitations")
        form = InvitationForm()
    invitations = Invitation.objects.select_related("invited_by", "user")
    template = "alliance/invitation_list.html"
    if request.htmx:
        template += "#invitation-panel"
    context = {
        "form": form,
        "page": Paginator(invitations, 50).get_page(request.GET.get("page")),
        "notice": notice,
        "valid_days": settings.INVITATION_VALID_DAYS,
    }
    return render(request, template, context)
