from datetime import timedelta

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from alliance.access import member_required
from network.following import follows
from network.following.news import news_for
from network.following.preferences import preference_from_token
from network.forms import FollowsForm
from network.models import FOLLOWABLE, Follow, Subscriber


def _back(request: HttpRequest) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse("network:subscriptions")


@member_required
@require_POST
def follow(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    target = follows.target_or_404(kind, pk, request.user)
    follows.follow(request.user, kind, target)
    if request.htmx:
        return _follow_fragment(request, kind, target, following=True)
    messages.success(request, _("Vous suivez désormais « %(name)s ».") % {"name": target})
    return redirect(_back(request))


@member_required
@require_POST
def unfollow(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    target = follows.target_or_404(kind, pk, request.user)
    follows.unfollow(request.user, kind, target)
    if request.htmx:
        return _follow_fragment(request, kind, target, following=False)
    messages.success(request, _("Vous ne suivez plus « %(name)s ».") % {"name": target})
    return redirect(_back(request))


def _follow_fragment(request, kind, target, *, following: bool) -> HttpResponse:
    context = {
        "obj": target,
        "kind": kind,
        "member": True,
        "following": following,
        "next": request.POST.get("next", ""),
    }
    return render(request, "network/_follow_button.html", context)


@member_required
def subscriptions(request: HttpRequest) -> HttpResponse:
    subscriber = Subscriber.read(request.user)
    data = request.POST if request.method == "POST" else None
    form = FollowsForm.for_member(data, user=request.user, subscriber=subscriber)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Vos abonnements sont enregistrés."))
        return redirect("network:subscriptions")
    listed = Follow.objects.of(request.user).select_related(*FOLLOWABLE).order_by("created_at")
    context = {"form": form, "follows": listed, "subscriber": subscriber}
    return render(request, "network/subscriptions.html", context)


@member_required
@require_http_methods(["GET", "POST"])
def notifications(request: HttpRequest) -> HttpResponse:
    """News since the member last marked them read; marking them read is a POST (with the
    time the page was shown, so nothing that arrived meanwhile is skipped)."""
    if request.method == "POST":
        Subscriber.of(request.user).mark_seen(_shown_at(request))
        messages.success(request, _("Les nouveautés sont marquées comme lues."))
        return redirect("network:notifications")
    subscriber = Subscriber.read(request.user)
    now = timezone.now()
    since = subscriber.notifications_seen_at or now - timedelta(days=30)
    groups = news_for(request.user, since)
    context = {"groups": groups, "since": since, "shown_at": now.isoformat()}
    return render(request, "network/notifications.html", context)


def _shown_at(request: HttpRequest):
    """The time the notifications were shown, from the form; now if missing or odd."""
    now = timezone.now()
    try:
        shown = parse_datetime(request.POST.get("shown_at", ""))
    except ValueError:
        shown = None
    if shown is None or timezone.is_naive(shown) or shown > now:
        return now
    return shown


# RFC 8058: a mail client POSTs "List-Unsubscribe=One-Click" with no CSRF token; the
# signed token in the URL is the proof, and turning a preference off twice changes nothing.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """No login: the page opened from a mail asks to confirm; a POST turns the mail off."""
    preference = preference_from_token(token)
    if preference is None:
        return render(request, "network/unsubscribe.html", {"invalid": True}, status=400)
    context = {"preference": preference, "token": token}
    if request.method == "POST":
        preference.turn_off()
        context["done"] = True
    return render(request, "network/unsubscribe.html", context)
