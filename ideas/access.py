"""Who may see and do what in the idea spaces.

Visitors read public spaces; members read every space, post ideas in open spaces, like
and comment, report comments; only the facilitator imports, exports, moderates, merges,
answers, changes status and turns ideas into projects.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from alliance.access import is_facilitator, is_member
from ideas.models import Comment, Idea, IdeaSpace


def space_for(user, slug: str) -> IdeaSpace:
    """A space the user may read; a private space does not exist for visitors."""
    space = get_object_or_404(IdeaSpace.objects.select_related("circle", "meeting"), slug=slug)
    if not space.is_public and not is_member(user):
        raise Http404
    return space


def idea_for(user, pk: int, queryset=None) -> Idea:
    """An idea the user may read: its space readable, not hidden (but to the facilitator)."""
    queryset = Idea.objects.all() if queryset is None else queryset
    idea = get_object_or_404(queryset.select_related("space"), pk=pk)
    if not idea.space.is_public and not is_member(user):
        raise Http404
    if idea.is_hidden and not is_facilitator(user):
        raise Http404
    return idea


def check_can_post(user, space: IdeaSpace) -> None:
    if not is_member(user):
        raise PermissionDenied
    if not space.is_open:
        raise PermissionDenied


def can_post(user, space: IdeaSpace) -> bool:
    return is_member(user) and space.is_open


def comment_for_edit(user, pk: int) -> Comment:
    """The author's own comment, within its 15 minutes."""
    comment = get_object_or_404(Comment.objects.select_related("idea__space"), pk=pk)
    idea_for(user, comment.idea_id)
    if not comment.is_editable_by(user):
        raise PermissionDenied
    return comment


def comment_for(user, pk: int) -> Comment:
    comment = get_object_or_404(Comment.objects.select_related("idea__space"), pk=pk)
    idea_for(user, comment.idea_id)
    if comment.is_hidden and not is_facilitator(user):
        raise Http404
    return comment
