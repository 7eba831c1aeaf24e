"""The weekly digest: Celery beat calls send_weekly_digests on Monday morning, which
records one job per member; each job re-checks, then queues one e-mail."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from alliance.jobs import enqueue
from alliance.mail import queue_email
from alliance.models import User
from network.following.news import news_for
from network.models import Follow, Subscriber

# A digest covers a week; a second run within this delay sends nothing.
MIN_INTERVAL = timedelta(days=6)


def send_weekly_digests() -> int:
    """Records one digest job per member who follows something and wants the digest."""
    user_ids = (
        Follow.objects.filter(user__is_active=True)
        .exclude(user__subscriber__weekly_digest=False)
        .values_list("user_id", flat=True)
        .distinct()
        .order_by("user_id")
    )
    count = 0
    for user_id in user_ids:
        enqueue("network.following.digests.send_digest", user_id=user_id)
        count += 1
    return count


def send_digest(*, user_id: int) -> bool:
    """Queues one member's digest if there is news and none went out this week."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return False
    now = timezone.now()
    with transaction.atomic():
        subscriber = Subscriber.of(user)
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        if not subscriber.weekly_digest:
            return False
        if subscriber.digest_sent_at and subscriber.digest_sent_at > now - MIN_INTERVAL:
            return False
        since = subscriber.digest_sent_at or now - timedelta(days=7)
        subscriber.digest_sent_at = now
        subscriber.save(update_fields=["digest_sent_at"])
        # The digest speaks the member's language (the one they picked with the switch).
        with translation.override(user.language or settings.LANGUAGE_CODE):
            return _queue_digest(user, since, now)


def _queue_digest(user: User, since, now) -> bool:
    groups = news_for(user, since)
    if not groups:
        return False
    queue_email(
        to=[user.email],
        subject=_("Les nouvelles de la semaine dans ce que vous suivez"),
        template="network/email/digest",
        context={
            "user": user,
            "groups": groups,
            "since": since,
            "subscriptions_url": settings.SITE_URL + reverse("network:subscriptions"),
        },
        list_name="resume",
        unsubscribe=("digest", user.pk),
        key=f"digest-{user.pk}-{now:%Y-%m-%d}",
        language=user.language or None,
    )
    return True
