from urllib.parse import urlencode

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from actors.models import Organisation, Person, Representation
from alliance import charter
from alliance.access import facilitator_required, member_required
from alliance.accounts import INVITATION_SESSION_KEY
from alliance.forms import InvitationForm, ProfileForm
from alliance.models import Invitation
from circles.models import Meeting
from projects.models import Project


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    context = {
        "purpose": charter.PURPOSE,
        "foundations": charter.FOUNDATIONS,
        "counts": {
            "actors": Organisation.objects.active().count(),
            "projects": Project.objects.published().count(),
            "meetings": Meeting.objects.upcoming().count(),
        },
        "next_meetings": Meeting.objects.upcoming().select_related("circle")[:4],
    }
    return render(request, "alliance/home.html", context)


@require_GET
def legal(request: HttpRequest) -> HttpResponse:
    return render(request, "alliance/legal.html")


@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "alliance/accessibility.html")


@member_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        # The person is the member's public face: it carries the same name, in the same
        # transaction, so that the two rows never disagree.
        with transaction.atomic():
            user = form.save()
            Person.objects.filter(user=user).update(
                first_name=user.first_name, last_name=user.last_name, updated_at=timezone.now()
            )
        messages.success(request, _("Votre profil est enregistré."))
        return redirect("profile")
    person = (
        Person.objects.filter(user=request.user)
        .prefetch_related(
            Prefetch(
                "representations",
                queryset=Representation.objects.select_related("organisation").order_by(
                    "organisation__name"
                ),
            )
        )
        .first()
    )
    return render(request, "alliance/profile.html", {"form": form, "person": person})


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
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            invitation = form.save(commit=False)
            invitation.invited_by = request.user
            invitation.save()
            invitation.send()
        notice = _(
            "Invitation enregistrée pour %(email)s : l'e-mail est en file d'envoi "
            "et partira dans quelques instants."
        ) % {"email": invitation.email}
        if not request.htmx:
            messages.success(request, notice)
            return redirect("invitations")
        form = InvitationForm()
    else:
        notice = ""
    page = Paginator(Invitation.objects.select_related("invited_by", "user"), 50).get_page(
        request.GET.get("page")
    )
    template = "alliance/invitation_list.html"
    if request.htmx:
        template += "#invitation-panel"
    return render(
        request,
        template,
        {
            "form": form,
            "page": page,
            "notice": notice,
            "valid_days": settings.INVITATION_VALID_DAYS,
        },
    )
