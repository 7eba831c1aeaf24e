from datetime import timedelta

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alliance.access import member_required
from network import following
from network import search as finder
from network.api import docs as api_docs_module
from network.forms import FollowsForm, SearchForm
from network.models import FOLLOWABLE, Follow, Subscriber

SUGGESTIONS_PER_KIND = 3


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    groups, query, only = [], "", ""
    if form.is_valid():
        query, only = form.cleaned_data["q"].strip(), form.cleaned_data["kind"]
        groups = finder.search(query, request.user, limit=50 if only else 10, only=only or None)
    template = "network/search.html"
    if request.htmx:
        template += "#search-results"
    context = {"form": form, "groups": groups, "query": query, "only": only}
    return render(request, template, context)


@require_GET
def search_suggest(request: HttpRequest) -> HttpResponse:
    """The header box's live suggestions: a small fragment (the box's form works without)."""
    query = request.GET.get("q", "")[:200].strip()
    if not query:
        return HttpResponse("")  # truly empty, so the box's :empty style hides it
    groups = finder.search(query, request.user, limit=SUGGESTIONS_PER_KIND)
    return render(request, "network/_suggestions.html", {"groups": groups, "query": query})


@require_GET
def api_docs(request: HttpRequest) -> HttpResponse:
    """The API's documentation, drawn from its OpenAPI schema (no CDN, no script)."""
    return render(request, "network/api_docs.html", {"endpoints": api_docs_module.endpoints()})


def _back(request: HttpRequest) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse("network:subscriptions")


@member_required
@require_POST
def follow(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    target = following.target_or_404(kind, pk, request.user)
    following.follow(request.user, kind, target)
    if request.htmx:
        return _follow_fragment(request, kind, target, following=True)
    messages.success(request, _("Vous suivez désormais « %(name)s ».") % {"name": target})
    return redirect(_back(request))


@member_required
@require_POST
def unfollow(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    target = following.target_or_404(kind, pk, request.user)
    following.unfollow(request.user, kind, target)
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
    follows = Follow.objects.of(request.user)
    current = Follow.objects.targets(request.user)
    initial = {kind: sorted(ids) for kind, ids in current.items()}
    initial["weekly_digest"] = subscriber.weekly_digest
    data = request.POST if request.method == "POST" else None
    form = FollowsForm(data, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            for kind in FOLLOWABLE:
                chosen = {obj.pk for obj in form.cleaned_data[kind]}
                follows.filter(**{f"{kind}__isnull": False}).exclude(
                    **{f"{kind}__in": chosen}
                ).delete()
                Follow.objects.bulk_create(
                    [
                        Follow(user=request.user, **{f"{kind}_id": pk})
                        for pk in chosen - current[kind]
                    ],
                    ignore_conflicts=True,
                )
            subscriber = Subscriber.of(request.user)
            subscriber.weekly_digest = form.cleaned_data["weekly_digest"]
            subscriber.save(update_fields=["weekly_digest"])
        messages.success(request, _("Vos abonnements sont enregistrés."))
        return redirect("network:subscriptions")
    listed = follows.select_related(*FOLLOWABLE).order_by("created_at")
    return render(
        request,
        "network/subscriptions.html",
        {"form": form, "follows": listed, "subscriber": subscriber},
    )


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
    groups = following.news_for(request.user, since)
    context = {"groups": groups, "since": since, "shown_at": now.isoformat()}
    return render(request, "network/notifications.html", context)


def _shown_at(request: HttpRequest):
    """The time the notifications were shown, from the form; now if missing or odd."""
    from django.utils.dateparse import parse_datetime

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
    preference = following.preference_from_token(token)
    if preference is None:
        return render(request, "network/unsubscribe.html", {"invalid": True}, status=400)
    context = {"preference": preference, "token": token}
    if request.method == "POST":
        preference.turn_off()
        context["done"] = True
    return render(request, "network/unsubscribe.html", context)
