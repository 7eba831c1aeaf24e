"""A decision of a meeting's minutes becomes a roadmap milestone in one step, linked back
to the meeting; asked twice, it stays one milestone."""

from django.db import transaction
from django.utils import timezone

from circles.minutes import decision_title
from circles.models import Meeting
from roadmap.models import Milestone


def milestone_from_decision(*, meeting: Meeting, decision: str) -> tuple[Milestone, bool]:
    """The milestone of `decision` (a line of the meeting's decisions), made if new:
    a decision dated on the meeting's day, in its circle and themes."""
    title = decision_title(decision)
    with transaction.atomic():
        milestone, created = Milestone.objects.get_or_create(
            decided_in=meeting,
            title=title,
            defaults={
                "kind": Milestone.Kind.DECISION,
                "status": Milestone.Status.DONE,
                "date": timezone.localdate(meeting.start),
                "circle": meeting.circle,
                "description": decision.strip() if title != decision.strip() else "",
            },
        )
        if created:
            milestone.themes.set(meeting.themes.all())
    return milestone, created
