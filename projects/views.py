"""Catalogue, map, project page, proposal and moderation. The graph, the needs page and
the open-data exports live in views_graph.py, views_needs.py and exports.py."""

import gzip
import json
from hashlib import md5

from django.contrib import messages
from django.core.cache import cache as django_cache
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.text import compress_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from alliance.access import facilitator_required, is_facilitator, member_required
from alliance.maps import map_config
from alliance.middleware import accepts_gzip
from alliance.pagecache import public_page
from projects import access, cache, counts, geo
from projects.filters import ProjectFilter, known
from projects.forms import LinkForm, ModerationForm, NeedForm, ProjectForm, need_formset
from projects.models import Link, Need, Project
from projects.services import moderate

PAGE_SIZE = 24
HISTORY_SIZE = 10  # the latest changes shown to whoever may edit


def _querystring(request: HttpRequest) -> str:
    """The catalogue's filters and order, as its fragments, counts and links name them."""
    params = known(request.GET, ProjectFilter.base_filters)
    return params.urlencode()


def _catalogue(request: HttpRequest) -> dict:
    filters = ProjectFilter(request.GET, queryset=Project.objects.published())
    querystring, version = _querystring(request), cache.version()
    # A card shows the summary: the description and the moderation note stay in the database.
    cards = filters.qs.for_cards().defer("description", "moderation_comment")
    paginator = Paginator(cards, PAGE_SIZE)
    # The count is cached with the fragments: a cached page then costs no query at all.
    count_key = f"projects:count:{version}:{md5(querystring.encode()).hexdigest()}"
    count = django_cache.get(count_key)
    if count is None:
        # A single filter or none: the count kept in a tally (projects/counts.py).
        count = counts.stored_count(filters)
        if count is None:
            count = paginator.count
        django_cache.set(count_key, count, cache.FRAGMENT_SECONDS)
    paginator.count = count
    return {
        "filters": filters,
        "page": paginator.get_page(request.GET.get("page")),
        "querystring": querystring,
        "cache_version": version,
        "cache_seconds": cache.FRAGMENT_SECONDS,
    }


@require_safe
@public_page
def project_list(request: HttpRequest) -> HttpResponse:
    template = "projects/project_list.html"
    if request.htmx and not request.htmx.boosted:
        template += "#project-rows"
    return render(request, template, _catalogue(request))


@require_safe
@public_page
def project_map(request: HttpRequest) -> HttpResponse:
    template = "projects/project_map.html"
    if request.htmx and not request.htmx.boosted:
        template += "#project-rows"
    context = _catalogue(request)
    context["map_config"] = map_config()
    context["popup_url"] = reverse("projects:popup", args=[0]).replace("/0/", "/{id}/")
    return render(request, template, context)


@require_safe
def map_data(request: HttpRequest) -> HttpResponse:
    """Kept gzipped in the cache under the catalogue's version: a warm answer is one small
    cache read (see cache.data_body), and a browser that takes gzip gets the stored bytes
    as they are. The list's order (`tri`, which the page's form always sends) changes
    nothing on the map: one body for every order."""
    params = cache.map_filters(known(request.GET, ProjectFilter.base_filters))
    key, body = cache.data_body("map", cache.map_digest(params))
    if body is None:
        filters = ProjectFilter(params, queryset=Project.objects.published())
        body = compress_string(geo.map_geojson(filters.qs).encode())
        cache.store_data_body(key, body)
    response = HttpResponse(content_type="application/geo+json")
    patch_vary_headers(response, ["Accept-Encoding"])
    if accepts_gzip(request):
        response["Content-Encoding"] = "gzip"
        response.content = body
    else:
        response.content = gzip.decompress(body)
    return response


@require_safe
def popup(request: HttpRequest, pk: int) -> HttpResponse:
    project = access.project_for(request.user, pk=pk, card=True)
    return render(request, "projects/_popup.html", {"project": project})


@require_safe
def outline(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(geo.metropole_outline(), content_type="application/geo+json")
    response["Cache-Control"] = f"public, max-age={cache.OUTLINE_MAX_AGE}"
    return response


def _detail_context(request: HttpRequest, project: Project, **forms) -> dict:
    can_edit = access.can_edit_project(request.user, project)
    participations = project.participations.select_related("organisation").order_by(
        "role", "organisation__name"
    )
    visible = Project.objects.visible_to(request.user)
    # A linked project is shown by its title: its long texts stay in the database.
    links_out = (
        project.links_out.filter(target__in=visible)
        .select_related("target")
        .defer("target__description", "target__moderation_comment")
        .order_by("kind")
    )
    links_in = (
        project.links_in.filter(source__in=visible)
        .select_related("source")
        .defer("source__description", "source__moderation_comment")
        .order_by("kind")
    )
    context = {
        "project": project,
        "participations": participations,
        "themes": project.themes.all(),
        "stakes": project.stakes.all(),
        "communes": project.communes.defer("outline"),  # named and linked, not drawn
        "needs": project.needs.order_by("status", "-created_at"),
        "links_out": links_out,
        "links_in": links_in,
        "can_edit": can_edit,
        "can_moderate": is_facilitator(request.user),
        "share_url": request.build_absolute_uri(project.get_absolute_url()),
        "map_config": map_config(),
        "point": dict(zip(("lat", "lng"), project.map_point or (None, None), strict=True)),
    }
    if can_edit:
        context["link_form"] = forms.get("link_form") or LinkForm(source=project)
        context["need_form"] = forms.get("need_form") or NeedForm(project=project)
        context["history"] = project.history.select_related("history_user")[:HISTORY_SIZE]
    return context


@require_safe
@public_page
def project_detail(request: HttpRequest, slug: str) -> HttpResponse:
    project = access.project_for(request.user, slug)
    return render(request, "projects/project_detail.html", _detail_context(request, project))


def _form_page(request: HttpRequest, form: ProjectForm, needs, project=None) -> HttpResponse:
    context = {"form": form, "needs": needs, "project": project, "map_config": map_config()}
    context["town_halls"] = form.town_halls()
    return render(request, "projects/project_form.html", context)


def _needs_added(needs) -> str:
    count = sum(1 for need_form in needs if need_form.has_changed())
    if not count:
        return ""
    return " " + ngettext("%(n)d besoin ajouté.", "%(n)d besoins ajoutés.", count) % {"n": count}


@member_required
@require_http_methods(["GET", "POST"])
def project_create(request: HttpRequest) -> HttpResponse:
    form = ProjectForm(request.POST or None, user=request.user)
    needs = need_formset(request.POST or None, project=form.instance)
    if request.method == "POST" and form.is_valid() and needs.is_valid():
        project = form.save_proposal(proposer=request.user, needs=needs)
        done = _("Merci ! Votre projet est soumis : le facilitateur va le relire.")
        messages.success(request, done + _needs_added(needs))
        return redirect(project)
    return _form_page(request, form, needs)


@member_required
@require_http_methods(["GET", "POST"])
def project_edit(request: HttpRequest, slug: str) -> HttpResponse:
    project = access.project_for_edit(request.user, slug)
    form = ProjectForm(request.POST or None, instance=project, user=request.user)
    needs = need_formset(request.POST or None, project=form.instance)
    if request.method == "POST" and form.is_valid() and needs.is_valid():
        form.save_edit(editor=request.user, needs=needs)
        messages.success(request, _("Le projet est enregistré.") + _needs_added(needs))
        return redirect(project)
    return _form_page(request, form, needs, project)


@facilitator_required
@require_safe
def moderation(request: HttpRequest) -> HttpResponse:
    return render(request, "projects/moderation.html", _moderation_context())


def _moderation_context(bad: Project | None = None, form: ModerationForm | None = None) -> dict:
    queue = (
        Project.objects.in_moderation()
        .select_related("proposed_by")
        .for_cards()
        .order_by("-state", "submitted_at", "title")
    )
    return {"queue": queue, "bad": bad, "bad_form": form}


@facilitator_required
@require_POST
def moderate_project(request: HttpRequest, slug: str) -> HttpResponse:
    project = access.project_for(request.user, slug)
    form = ModerationForm(request.POST)
    if not form.is_valid():
        context = {**_moderation_context(project, form), "project": project}
        if request.htmx:
            return render(request, "projects/moderation.html#moderation-item", context)
        return render(request, "projects/moderation.html", context)
    moderate(project=project, **form.cleaned_data)
    done = {
        "publish": _("« %s » est publié."),
        "send_back": _("« %s » est renvoyé au proposant."),
        "archive": _("« %s » est archivé."),
    }[form.cleaned_data["action"]] % project.title
    if request.htmx:
        return render(
            request, "projects/moderation.html#moderation-done", {"project": project, "done": done}
        )
    messages.success(request, done)
    return redirect("projects:moderation")


def _announced(response: HttpResponse, text: str) -> HttpResponse:
    """The fragment, with the sentence htmx-a11y.js reads out in the live region."""
    response["HX-Trigger"] = json.dumps({"announce": str(text)})
    return response


def _links_response(request: HttpRequest, project: Project, **forms) -> HttpResponse:
    context = _detail_context(request, project, **forms)
    return render(request, "projects/project_detail.html#project-links", context)


@member_required
@require_POST
def link_add(request: HttpRequest, slug: str) -> HttpResponse:
    project = access.project_for_edit(request.user, slug)
    form = LinkForm(request.POST, source=project)
    if form.is_valid():
        form.save()
        if request.htmx:
            return _announced(_links_response(request, project), _("Le lien est ajouté."))
        messages.success(request, _("Le lien est ajouté."))
        return redirect(project)
    if request.htmx:
        return _links_response(request, project, link_form=form)
    context = _detail_context(request, project, link_form=form)
    return render(request, "projects/project_detail.html", context)


@member_required
@require_POST
def link_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    project = access.project_for_edit(request.user, slug)
    get_object_or_404(Link, pk=pk, source=project).delete()
    if request.htmx:
        return _links_response(request, project)
    messages.success(request, _("Le lien est retiré."))
    return redirect(project)


def _needs_response(request: HttpRequest, project: Project, **forms) -> HttpResponse:
    context = _detail_context(request, project, **forms)
    return render(request, "projects/project_detail.html#project-needs", context)


@member_required
@require_POST
def need_add(request: HttpRequest, slug: str) -> HttpResponse:
    project = access.project_for_edit(request.user, slug)
    form = NeedForm(request.POST, project=project)
    if form.is_valid():
        form.save()
        if request.htmx:
            return _announced(_needs_response(request, project), _("Le besoin est ajouté."))
        messages.success(request, _("Le besoin est ajouté."))
        return redirect(project)
    if request.htmx:
        return _needs_response(request, project, need_form=form)
    context = _detail_context(request, project, need_form=form)
    return render(request, "projects/project_detail.html", context)


@member_required
@require_POST
def need_update(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Marks a need met (or open again), or deletes it."""
    project = access.project_for_edit(request.user, slug)
    need = get_object_or_404(Need, pk=pk, project=project)
    action = request.POST.get("action")
    if action == "delete":
        need.delete()
    elif action in Need.Status.values:
        need.status = action
        need.save(update_fields=["status"])
    else:
        return HttpResponse(_("Action inconnue."), status=400)
    if request.htmx:
        return _needs_response(request, project)
    return redirect(project)
