import json

from django.contrib import messages
from django.contrib.auth import logout
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from actors import access, counts
from actors.erasure import erase_account
from actors.filters import OrganisationFilter
from actors.forms import ContactForm, EraseForm, OrganisationForm, ProfileForm
from actors.models import Organisation, Person, Representation, normalise_name
from actors.personal_data import personal_data, readable
from actors.receivers import remember_profile_state
from alliance.access import is_facilitator, is_member, member_required
from alliance.maps import map_config
from alliance.pagecache import public_page

PAGE_SIZE = 20


def _filtered(request: HttpRequest) -> OrganisationFilter:
    return OrganisationFilter(request.GET or None, queryset=Organisation.objects.active())


def _partial(request: HttpRequest) -> bool:
    """An HTMX swap, not a history restore (which needs the whole page)."""
    return bool(request.htmx) and not request.htmx.history_restore_request


def _unfiltered(request: HttpRequest, filters: OrganisationFilter) -> bool:
    """Every active organisation, in some order, at some page."""
    return set(request.GET) <= {"page", "tri"} and (not filters.is_bound or filters.is_valid())


@require_safe
@public_page
def organisation_list(request: HttpRequest) -> HttpResponse:
    filters = _filtered(request)
    paginator = Paginator(filters.qs.for_directory(), PAGE_SIZE)
    if _unfiltered(request, filters):
        paginator.count = counts.active_count()  # kept in a tally, not counted
    page = paginator.get_page(request.GET.get("page"))
    template = "actors/organisation_list.html"
    if _partial(request):
        template += "#actor-rows"
    response = render(request, template, {"filters": filters, "page": page, "view": "list"})
    patch_vary_headers(response, ["HX-Request"])
    return response


SUGGESTIONS = 20


@require_safe
def organisations_json(request: HttpRequest) -> JsonResponse:
    """Up to 20 active organisations whose folded name holds every word of `q`: the suggestions of the
    organisation filters. Public data, cacheable by browsers and proxies."""
    words = normalise_name(request.GET.get("q", "")[:100]).split()[:5]
    names = Organisation.objects.active().order_by("name_key", "name")
    for word in words:
        names = names.filter(name_key__contains=word)
    rows = names.values("slug", "name")[:SUGGESTIONS] if words else []
    response = JsonResponse({"results": list(rows)})
    response["Cache-Control"] = "public, max-age=300"
    return response


@require_safe
def organisation_map(request: HttpRequest) -> HttpResponse:
    filters = _filtered(request)
    context = {"filters": filters, "map_config": map_config(), "view": "map"}
    return render(request, "actors/organisation_map.html", context)


def _point(organisation) -> list[float]:
    # RFC 7946: longitude first.
    return [round(organisation["longitude"], 6), round(organisation["latitude"], 6)]


@require_safe
def map_data(request: HttpRequest) -> JsonResponse:
    """Light GeoJSON for the map: a name, a kind and a link per actor."""
    rows = _filtered(request).qs.located().values("slug", "name", "kind", "latitude", "longitude")
    kinds = dict(Organisation.Kind.choices)
    detail = reverse("actors:detail", args=["-"])[:-2]
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": _point(row)},
            "properties": {
                "name": row["name"],
                "kind": str(kinds.get(row["kind"], "")),
                "url": f"{detail}{row['slug']}/",
            },
        }
        for row in rows
    ]
    return JsonResponse(
        {"type": "FeatureCollection", "features": features},
        content_type="application/geo+json",
    )


@require_safe
@public_page
def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    representations = (
        Representation.objects.current()
        .select_related("person")
        .order_by("-has_mandate", "person__last_name")
    )
    organisation = get_object_or_404(
        Organisation.objects.select_related("commune")
        .defer("commune__outline")
        .prefetch_related("themes", Prefetch("representations", queryset=representations)),
        slug=slug,
    )
    context = {
        "organisation": organisation,
        "representatives": _representatives(organisation, request.user),
        "projects": _projects_of(organisation, request.user),
        "circles": _circles_of(organisation),
        "ideas": _ideas_of(organisation, request.user),
        "can_edit": access.can_edit_organisation(request.user, organisation),
        "is_member": is_member(request.user),
    }
    return render(request, "actors/organisation_detail.html", context)


def _representatives(organisation: Organisation, user) -> list[dict]:
    return [
        {
            "representation": rep,
            "person": rep.person,
            "show_contact": access.can_see_contacts(user, rep.person),
        }
        for rep in organisation.representations.all()
    ]


def _projects_of(organisation: Organisation, user) -> list:
    # The reverse manager carries the projects' QuerySet methods: one visibility rule.
    # A project listed once whatever its roles (a subquery, not DISTINCT over every column);
    # the page links each by its title.
    carried = organisation.participations.values("project_id")
    projects = organisation.projects.model.objects.visible_to(user).filter(pk__in=carried)
    return list(projects.only("title", "slug").order_by("title"))


def _circles_of(organisation: Organisation) -> list:
    """The circles the organisation sits in (accepted memberships), each once, by name."""
    memberships = (
        organisation.memberships.accepted()
        .select_related("circle")
        .order_by("circle__name", "circle")
    )
    return list({m.circle_id: m.circle for m in memberships}.values())


def _ideas_of(organisation: Organisation, user) -> list:
    ideas = organisation.ideas.select_related("space").order_by("-pk")
    if not is_member(user):
        ideas = ideas.filter(space__is_public=True)
    return list(ideas[:20])


@member_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = access.organisation_for_edit(request.user, slug)
    form_class = OrganisationForm if is_facilitator(request.user) else ProfileForm
    posted = request.method == "POST"
    form = form_class(
        request.POST if posted else None, request.FILES if posted else None, instance=organisation
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():  # the row, its themes and its history row
            form.save()
        messages.success(request, _("Le profil de l'organisation est enregistré."))
        return redirect(organisation)
    context = {"organisation": organisation, "form": form}
    return render(request, "actors/organisation_form.html", context)


@member_required
@require_safe
def my_data(request: HttpRequest) -> HttpResponse:
    sections = readable(personal_data(request.user))
    return render(request, "actors/my_data.html", {"sections": sections})


@member_required
@require_safe
def my_data_json(request: HttpRequest) -> HttpResponse:
    body = json.dumps(personal_data(request.user), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="mes-donnees-alliance.json"'
    return response


@member_required
@require_http_methods(["GET", "POST"])
def erase(request: HttpRequest) -> HttpResponse:
    form = EraseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        erase_account(user=request.user, keep_comments=form.cleaned_data["keep_comments"])
        logout(request)
        messages.success(
            request, _("Vos données personnelles ont été effacées et votre compte fermé.")
        )
        return redirect("home")
    person = Person.objects.filter(user=request.user).first()
    return render(request, "actors/erase.html", {"form": form, "person": person})


@member_required
@require_http_methods(["GET", "POST"])
def contact(request: HttpRequest) -> HttpResponse:
    user = request.user
    person = Person.objects.filter(user=user).first() or Person(
        user=user, first_name=user.first_name, last_name=user.last_name, email=user.email
    )
    posted = request.method == "POST"
    form = ContactForm(request.POST if posted else None, instance=person)
    if posted and form.is_valid():
        with transaction.atomic():  # the person and its history row
            saved = form.save()
        remember_profile_state(request, saved)
        messages.success(request, _("Vos coordonnées sont enregistrées."))
        return redirect("actors:contact")
    return render(request, "actors/contact_form.html", {"form": form})
