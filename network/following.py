"""What a member follows, and what is new in it.

`news_for` answers in a fixed number of queries (one for the follows, one per kind of
news) whatever the number of follows: the notification page and each digest use it.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core import signing
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alliance import mail
from network.models import FOLLOWABLE, Follow, Subscriber

NEWS_PER_KIND = 20
UNSUBSCRIBE_SALT = "network.digest-unsubscribe"


def followable(kind: str, user) -> QuerySet:
    """What `user` may follow of one kind (a draft project only if they can see it)."""
    from alliance.models import Commune, Theme
    from circles.models import Circle
    from ideas.models import IdeaSpace
    from projects.models import Project

    return {
        "theme": lambda: Theme.objects.all(),
        "commune": lambda: Commune.objects.all(),
        "circle": lambda: Circle.objects.all(),
        "project": lambda: Project.objects.visible_to(user),
        "space": lambda: IdeaSpace.objects.readable_by(user),
    }[kind]()


def target_or_404(kind: str, pk: int, user):
    if kind not in FOLLOWABLE:
        from django.http import Http404

        raise Http404
    return get_object_or_404(followable(kind, user), pk=pk)


def follow(user, kind: str, target) -> Follow:
    found, _created = Follow.objects.get_or_create(user=user, **{kind: target})
    return found


def unfollow(user, kind: str, target) -> None:
    Follow.objects.filter(user=user, **{kind: target}).delete()


def is_following(user, kind: str, target) -> bool:
    return Follow.objects.filter(user=user, **{kind: target}).exists()


def unsubscribe_token(user) -> str:
    """The digest's one-click link (signed, without expiry)."""
    return mail.unsubscribe_token("digest", user.pk)


@dataclass
class Preference:
    """What an unsubscribe link turns off, for whom; `turn_off` is idempotent."""

    title: str
    email: str
    is_off: bool
    turn_off: Callable[[], None]


def preference_from_token(token: str) -> Preference | None:
    """The preference a link was made for, or None if forged or gone. Links of older
    digests (signed with the digest's own salt) still work."""
    from actors.models import Person
    from alliance.models import User
    from circles.models import CircleProfile

    found = mail.read_unsubscribe_token(token)
    if found is None:
        try:
            pk = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token)
        except signing.BadSignature:
            return None
        found = ("digest", int(pk)) if pk.isdigit() else None
    if found is None:
        return None
    topic, pk = found
    # Opening the page writes nothing: rows are made only when a preference is turned off.
    if topic == "digest":
        user = User.objects.filter(pk=pk).first()
        if user is None:
            return None
        current = Subscriber.objects.filter(user=user).first()
        return Preference(
            _("le résumé hebdomadaire"),
            user.email,
            current is not None and not current.weekly_digest,
            lambda: Subscriber.of(user).unsubscribe(),
        )
    if topic == "reminders":
        person = Person.objects.filter(pk=pk).first()
        if person is None:
            return None
        current = CircleProfile.objects.filter(person=person).first()
        return Preference(
            _("les rappels et avis de réunion des cercles"),
            person.email,
            current is not None and not current.reminders,
            lambda: CircleProfile.objects.get_or_create(person=person)[0].stop_reminders(),
        )
    return None


@dataclass
class NewsGroup:
    key: str
    label: str
    items: list = field(default_factory=list)


def _any(conditions: list[Q]) -> Q | None:
    found = [c for c in conditions if c is not None]
    if not found:
        return None
    combined = found[0]
    for more in found[1:]:
        combined |= more
    return combined


def _in(lookup: str, ids: set[int]) -> Q | None:
    return Q(**{f"{lookup}__in": sorted(ids)}) if ids else None


def news_for(user, since: datetime, *, limit: int = NEWS_PER_KIND) -> list[NewsGroup]:
    """What changed since `since` in what `user` follows, grouped by kind, newest first."""
    from circles.models import Meeting
    from ideas.models import Idea
    from projects.models import Project
    from roadmap.models import Milestone

    t = Follow.objects.targets(user)
    if not any(t.values()):
        return []
    groups = []

    condition = _any(
        [
            _in("pk", t["project"]),
            _in("themes", t["theme"]),
            _in("communes", t["commune"]),
            _in("circle", t["circle"]),
        ]
    )
    if condition is not None:
        projects = (
            Project.objects.published()
            .filter(condition, updated_at__gt=since)
            .distinct()
            .order_by("-updated_at", "pk")[:limit]
        )
        groups.append(NewsGroup("projects", _("Projets créés ou mis à jour"), list(projects)))

    condition = _any(
        [
            _in("circle", t["circle"]),
            _in("themes", t["theme"]),
            _in("commune", t["commune"]),
            _in("projects", t["project"]),
        ]
    )
    if condition is not None:
        meetings = (
            Meeting.objects.filter(condition, updated_at__gt=since)
            .select_related("circle")
            .distinct()
            .order_by("start", "pk")[:limit]
        )
        groups.append(NewsGroup("meetings", _("Réunions annoncées ou modifiées"), list(meetings)))

    condition = _any([_in("space", t["space"]), _in("themes", t["theme"])])
    if condition is not None:
        ideas = (
            Idea.objects.listed()
            .filter(condition, created_at__gt=since)
            .select_related("space")
            .distinct()
            .order_by("-created_at", "pk")[:limit]
        )
        groups.append(NewsGroup("ideas", _("Nouvelles idées"), list(ideas)))

    condition = _any([_in("circle", t["circle"]), _in("themes", t["theme"])])
    if condition is not None:
        # Milestones carry no timestamp: the news is the ones coming up in the next weeks.
        today = timezone.localdate()
        milestones = (
            Milestone.objects.filter(condition, date__gte=today, date__lte=today + timedelta(30))
            .exclude(status=Milestone.Status.CANCELLED)
            .distinct()
            .order_by("date", "pk")[:limit]
        )
        groups.append(NewsGroup("milestones", _("Jalons à venir"), list(milestones)))

    return [group for group in groups if group.items]
