import json

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from actors.models import Person
from alliance.access import facilitator_required, is_facilitator, is_member, member_required
from alliance.exports import csv_response, xlsx_response
from alliance.pagecache import public_page
from ideas import access, analysis, exports, services
from ideas.forms import (
    AnswerForm,
    CommentForm,
    IdeaForm,
    MergeForm,
    ReportForm,
    SpaceFilterForm,
    SpaceForm,
)
from ideas.models import Comment, CommentReport, Idea, IdeaMerge, IdeaSpace, Like

PAGE_SIZE = 30
RECENT_MERGES = 30  # the merges listed on the analysis page, newest first


@require_safe
@public_page
def space_list(request: HttpRequest) -> HttpResponse:
    listed = Q(ideas__merged_into__isnull=True, ideas__is_hidden=False)
    spaces = (
        IdeaSpace.objects.readable_by(request.user)
        .select_related("meeting", "circle")
        .annotate(idea_count=Count("ideas", filter=listed))
    )
    return render(request, "ideas/space_list.html", {"spaces": spaces})


@require_http_methods(["GET", "POST"])
@facilitator_required
def space_form(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    space = get_object_or_404(IdeaSpace, slug=slug) if slug else None
    form = SpaceForm(request.POST or None, instance=space)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():  # the space and its themes
            space = form.save()
        messages.success(request, _("Espace enregistré."))
        return redirect(space)
    return render(request, "ideas/space_form.html", {"form": form, "space": space})


@require_safe
@public_page
def space_detail(request: HttpRequest, slug: str) -> HttpResponse:
    space = access.space_for(request.user, slug)
    filters = SpaceFilterForm(request.GET)
    ideas = filters.filter(
        Idea.objects.filter(space=space)
        .listed()
        .with_counts()
        .select_related("author")
        .prefetch_related("themes")
    )
    page = Paginator(ideas, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    template = "ideas/space_detail.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#idea-rows"
    context = {
        "space": space,
        "filters": filters,
        "page": page,
        "query": query.urlencode(),
        "can_post": access.can_post(request.user, space),
    }
    return render(request, template, context)


@require_http_methods(["GET", "POST"])
@member_required
def idea_create(request: HttpRequest, slug: str) -> HttpResponse:
    space = access.space_for(request.user, slug)
    access.check_can_post(request.user, space)
    # An account made in the admin has no register entry yet: its first idea makes one.
    if request.method == "POST":
        person = Person.objects.for_member(request.user)
    else:
        person = getattr(request.user, "person", None)
    form = IdeaForm(request.POST or None, person=person)
    if request.method == "POST" and form.is_valid():
        idea = form.save(commit=False)
        idea.space = space
        idea.author = person
        with transaction.atomic():  # the idea and its themes
            idea.save()
            form.save_m2m()
        messages.success(request, _("Votre idée est publiée."))
        return redirect(idea)
    return render(request, "ideas/idea_form.html", {"space": space, "form": form})


def _detail_context(request: HttpRequest, idea: Idea) -> dict:
    comments = list(
        Comment.objects.filter(idea=idea).select_related("author").order_by("created_at", "pk")
    )
    moderator = is_facilitator(request.user)
    visible = [c for c in comments if moderator or not c.is_hidden]
    for comment in visible:
        comment.can_edit = comment.is_editable_by(request.user)
    threads = [c for c in visible if c.parent_id is None]
    replies: dict[int, list[Comment]] = {}
    for comment in visible:
        if comment.parent_id:
            replies.setdefault(comment.parent_id, []).append(comment)
    for comment in threads:
        comment.thread = replies.get(comment.pk, [])
    liked = is_member(request.user) and Like.objects.filter(idea=idea, user=request.user).exists()
    return {
        "idea": idea,
        "space": idea.space,
        "threads": threads,
        "liked": liked,
        "comment_form": CommentForm(),
        "is_moderator": moderator,
        "share_url": request.build_absolute_uri(idea.get_absolute_url()),
    }


def _idea_with_counts(request: HttpRequest, pk: int) -> Idea:
    queryset = Idea.objects.with_counts().select_related("author", "organisation")
    return access.idea_for(request.user, pk, queryset)


@require_safe
@public_page
def idea_detail(request: HttpRequest, pk: int) -> HttpResponse:
    idea = _idea_with_counts(request, pk)
    if idea.merged_into_id:  # permanent while merged; an undone merge brings it back
        return redirect("ideas:detail", pk=idea.merged_into_id, permanent=True)
    context = _detail_context(request, idea)
    context["projects"] = list(idea.projects.all()) if context["is_moderator"] else []
    context["themes"] = list(idea.themes.all())
    return render(request, "ideas/idea_detail.html", context)


def _live_idea(request: HttpRequest, pk: int) -> Idea:
    """The idea to act on: a merged idea's likes and comments go to its survivor."""
    idea = access.idea_for(request.user, pk)
    if idea.merged_into_id:
        idea = access.idea_for(request.user, idea.merged_into_id)
    return idea


def _like_response(request: HttpRequest, pk: int) -> HttpResponse:
    if request.htmx:
        idea = _idea_with_counts(request, pk)
        liked = Like.objects.filter(idea=idea, user=request.user).exists()
        return render(request, "ideas/_like_button.html", {"idea": idea, "liked": liked})
    return redirect("ideas:detail", pk=pk)


@require_POST
@member_required
def like(request: HttpRequest, pk: int) -> HttpResponse:
    idea = _live_idea(request, pk)
    Like.objects.get_or_create(idea=idea, user=request.user)
    return _like_response(request, idea.pk)


@require_POST
@member_required
def unlike(request: HttpRequest, pk: int) -> HttpResponse:
    idea = _live_idea(request, pk)
    Like.objects.filter(idea=idea, user=request.user).delete()
    return _like_response(request, idea.pk)


def _posted(comment: Comment) -> str:
    return (
        _("Votre réponse est publiée.") if comment.parent_id else _("Votre commentaire est publié.")
    )


@require_POST
@member_required
def comment(request: HttpRequest, pk: int) -> HttpResponse:
    idea = _live_idea(request, pk)
    pk = idea.pk
    form = CommentForm(request.POST)
    if form.is_valid():
        new = form.save(commit=False)
        parent_id = form.cleaned_data.get("parent")
        if parent_id:
            parent = get_object_or_404(Comment, pk=parent_id, idea=idea)
            new.parent_id = parent.parent_id or parent.pk  # one level of replies
        new.idea = idea
        new.author = request.user
        new.save()
        if not request.htmx:
            messages.success(request, _posted(new))
            return redirect(new)
        form = CommentForm()
    elif not request.htmx:
        messages.error(request, form.errors["body"][0])
        return redirect(idea)
    idea = _idea_with_counts(request, pk)
    context = _detail_context(request, idea)
    context["comment_form"] = form
    response = render(request, "ideas/idea_detail.html#comments", context)
    if not form.is_bound:  # a fresh form: the comment was saved
        response["HX-Trigger"] = json.dumps({"announce": str(_("Commentaire publié"))})
    return response


@require_http_methods(["GET", "POST"])
@member_required
def comment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    comment = access.comment_for_edit(request.user, pk)
    form = CommentForm(request.POST or None, instance=comment)
    if request.method == "POST" and form.is_valid():
        comment = form.save(commit=False)
        comment.edited_at = timezone.now()
        comment.save(update_fields=["body", "edited_at"])
        messages.success(request, _("Commentaire modifié."))
        return redirect(comment)
    return render(request, "ideas/comment_form.html", {"form": form, "comment": comment})


@require_POST
@member_required
def comment_report(request: HttpRequest, pk: int) -> HttpResponse:
    comment = access.comment_for(request.user, pk)
    form = ReportForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    CommentReport.objects.get_or_create(
        comment=comment, user=request.user, defaults={"reason": reason}
    )
    messages.success(request, _("Merci : le commentaire est signalé à l'animation."))
    return redirect(comment)


@require_POST
@facilitator_required
def comment_moderate(request: HttpRequest, pk: int) -> HttpResponse:
    comment = get_object_or_404(Comment.objects.select_related("idea"), pk=pk)
    comment.is_hidden = request.POST.get("action") != "show"
    with transaction.atomic():  # the comment and its reports
        comment.save(update_fields=["is_hidden"])
        comment.reports.filter(resolved_at__isnull=True).update(resolved_at=timezone.now())
    messages.success(
        request, _("Commentaire masqué.") if comment.is_hidden else _("Commentaire rétabli.")
    )
    if request.POST.get("next") == "moderation":
        return redirect("ideas:moderation")
    return redirect(comment)


@require_safe
@facilitator_required
def moderation(request: HttpRequest) -> HttpResponse:
    reported = Comment.objects.reported().select_related("author", "idea")
    hidden_ideas = Idea.objects.filter(is_hidden=True).select_related("space")
    return render(
        request, "ideas/moderation.html", {"reported": reported, "hidden_ideas": hidden_ideas}
    )


@require_POST
@facilitator_required
def idea_moderate(request: HttpRequest, pk: int) -> HttpResponse:
    idea = get_object_or_404(Idea, pk=pk)
    idea.is_hidden = request.POST.get("action") != "show"
    with transaction.atomic():  # the idea and its search entry
        idea.save(update_fields=["is_hidden", "updated_at"])
    messages.success(request, _("Idée masquée.") if idea.is_hidden else _("Idée rétablie."))
    return redirect(idea)


@require_http_methods(["GET", "POST"])
@facilitator_required
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    idea = get_object_or_404(Idea.objects.select_related("space"), pk=pk)
    form = AnswerForm(request.POST or None, instance=idea)
    if request.method == "POST" and form.is_valid():
        idea = form.save(commit=False)
        with transaction.atomic():  # the idea and its search entry
            idea.save(update_fields=["status", "answer", "updated_at"])
        messages.success(request, _("Réponse enregistrée."))
        return redirect(idea)
    return render(request, "ideas/answer_form.html", {"form": form, "idea": idea})


@require_POST
@facilitator_required
def promote(request: HttpRequest, pk: int) -> HttpResponse:
    idea = get_object_or_404(Idea.objects.select_related("space"), pk=pk, merged_into=None)
    existing = idea.projects.first()
    if existing is not None:
        messages.info(request, _("Cette idée a déjà donné un projet."))
        return redirect(existing)
    _project, url = services.promote_to_project(idea=idea, by=request.user)
    messages.success(request, _("Projet créé en brouillon à partir de l'idée : complétez-le."))
    return redirect(url)


@require_safe
@facilitator_required
def space_analysis(request: HttpRequest, slug: str) -> HttpResponse:
    space = get_object_or_404(IdeaSpace, slug=slug)
    themes, without_theme = analysis.ideas_per_theme(space)
    context = {
        "space": space,
        "themes": themes,
        "without_theme": without_theme,
        "most_liked": analysis.most_liked(space),
        "pairs": analysis.similar_pairs(space),
        "merges": IdeaMerge.objects.of_space(space)[:RECENT_MERGES],
    }
    return render(request, "ideas/analysis.html", context)


@require_http_methods(["GET", "POST"])
@facilitator_required
def merge(request: HttpRequest, slug: str) -> HttpResponse:
    """GET: the confirmation, with what moves; POST: the merge, recorded so it can be undone."""
    space = get_object_or_404(IdeaSpace, slug=slug)
    form = MergeForm(request.POST if request.method == "POST" else request.GET, space=space)
    if not form.is_valid():
        messages.error(request, " ".join(form.non_field_errors()) or _("Fusion impossible."))
        return redirect("ideas:analysis", slug=space.slug)
    ideas = {"idea": form.cleaned_data["idea"], "into": form.cleaned_data["into"]}
    if request.method == "GET":
        preview = services.merge_preview(**ideas)
        context = {"space": space, "preview": preview, "form": form}
        return render(request, "ideas/merge_confirm.html", context)
    record = services.merge_ideas(**ideas, by=request.user)
    messages.success(request, _("Idées fusionnées dans « %s ».") % record.into.title)
    return redirect("ideas:analysis", slug=space.slug)


@require_POST
@facilitator_required
def merge_undo(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_object_or_404(IdeaMerge.objects.select_related("idea__space"), pk=pk)
    if services.undo_merge(merge=record, by=request.user):
        messages.success(request, _("Fusion annulée : « %s » est de retour.") % record.idea.title)
    else:
        messages.error(
            request,
            _(
                "Cette fusion ne peut pas être annulée : elle l'est déjà, ou l'idée conservée "
                "a été fusionnée depuis (annulez d'abord cette fusion-là)."
            ),
        )
    return redirect("ideas:analysis", slug=record.idea.space.slug)


@require_safe
@facilitator_required
def export_csv(request: HttpRequest, slug: str) -> HttpResponse:
    space = get_object_or_404(IdeaSpace, slug=slug)
    rows = exports.export_rows(space)
    return csv_response(f"idees-{space.slug}.csv", exports.EXPORT_HEADER, rows)


@require_safe
@facilitator_required
def export_xlsx(request: HttpRequest, slug: str) -> HttpResponse:
    space = get_object_or_404(IdeaSpace, slug=slug)
    rows = exports.export_rows(space)
    return xlsx_response(f"idees-{space.slug}.xlsx", exports.EXPORT_HEADER, rows)
