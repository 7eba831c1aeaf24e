"""What a member may follow, and following or no longer following it."""

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from alliance.models import Commune, Theme
from circles.models import Circle
from ideas.models import IdeaSpace
from network.models import FOLLOWABLE, Follow
from projects.models import Project


def followable(kind: str, user) -> QuerySet:
    """What `user` may follow of one kind (a draft project only if they can see it)."""
    return {
        "theme": lambda: Theme.objects.all(),
        "commune": lambda: Commune.objects.all(),
        "circle": lambda: Circle.objects.all(),
        "project": lambda: Project.objects.visible_to(user),
        "space": lambda: IdeaSpace.objects.readable_by(user),
    }[kind]()


def target_or_404(kind: str, pk: int, user):
    if kind not in FOLLOWABLE:
        raise Http404
    return get_object_or_404(followable(kind, user), pk=pk)


def follow(user, kind: str, target) -> Follow:
    found, _created = Follow.objects.get_or_create(user=user, **{kind: target})
    return found


def unfollow(user, kind: str, target) -> None:
    Follow.objects.filter(user=user, **{kind: target}).delete()


def is_following(user, kind: str, target) -> bool:
    return Follow.objects.filter(user=user, **{kind: target}).exists()
