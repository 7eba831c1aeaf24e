"""The circles that carry the movement (animation, travail collaboratif et
co-construction, concertation, working groups), who sits in them, and their meetings:
scheduled by the facilitator, attended by members, recorded in minutes.

One module per sub-domain; every model is importable from `circles.models`."""

from circles.models.circles import (
    Circle,
    CircleProfile,
    Membership,
    MembershipChange,
    MembershipQuerySet,
    _feed_token,
    default_reminder_offsets,
    membership_changes,
)
from circles.models.meetings import Meeting, MeetingDocument, MeetingQuerySet, MeetingSeries
from circles.models.polls import DatePoll, PollAnswer, PollSlot
from circles.models.registrations import Registration, RegistrationQuerySet, _token
from circles.models.reminder_logs import ReminderLog

__all__ = [
    "Circle",
    "CircleProfile",
    "DatePoll",
    "Meeting",
    "MeetingDocument",
    "MeetingQuerySet",
    "MeetingSeries",
    "Membership",
    "MembershipChange",
    "MembershipQuerySet",
    "PollAnswer",
    "PollSlot",
    "Registration",
    "RegistrationQuerySet",
    "ReminderLog",
    # Field defaults, named by their old path in migration 0003.
    "_feed_token",
    "_token",
    "default_reminder_offsets",
    "membership_changes",
]
