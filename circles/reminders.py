"""Reminders and notices about meetings, sent exactly once.

Every message is first recorded as a ReminderLog row whose unique key is (meeting, kind,
e-mail, offset, start checksum); a run inserts its rows with "ignore conflicts" and then
sends only the rows it inserted itself (its `batch`). Two runs at the same moment, or
a run repeated after a crash, therefore never send the same message twice; a meeting
that moves gets a new checksum, hence fresh reminders for its new date.
"""

import logging
import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from alliance.access import FACILITATORS
from alliance.jobs import enqueue
from alliance.mail import queue_email, send_batch
from circles import notices
from circles.models import Circle, Meeting, Membership, Registration, ReminderLog

log = logging.getLogger(__name__)

HORIZON = timedelta(days=30)  # the largest reminder offset a circle may set
MINUTES_AFTER = timedelta(days=3)
MINUTES_GIVE_UP = timedelta(days=60)


@dataclass(frozen=True)
class Recipient:
    email: str
    person_id: int | None = None
    registration_id: int | None = None


def recipients_for(meetings, *, waiting: bool = False) -> dict[int, list[Recipient]]:
    """Who expects each meeting: accepted members of its circle (unless they said no),
    plus everyone registered as coming or maybe coming (and, with `waiting`, those on
    the waiting list). Opted-out people are left out. Two queries, whatever the number
    of meetings and members."""
    meetings = list(meetings)
    circle_ids = {m.circle_id for m in meetings}
    members: dict[int, list[tuple]] = {}
    for row in (
        Membership.objects.accepted()
        .filter(circle_id__in=circle_ids)
        .exclude(person__email="")
        .exclude(person__circle_profile__reminders=False)
        .values_list("circle_id", "person_id", "person__email")
    ):
        members.setdefault(row[0], []).append(row[1:])
    registrations: dict[int, list[tuple]] = {}
    for row in (
        Registration.objects.confirmed()
        .filter(meeting__in=[m.pk for m in meetings])
        .exclude(person__circle_profile__reminders=False)
        .values_list(
            "meeting_id",
            "pk",
            "person_id",
            "person__email",
            "guest_email",
            "answer",
            "on_waiting_list",
        )
    ):
        registrations.setdefault(row[0], []).append(row[1:])
    result = {}
    for meeting in meetings:
        declined = set()
        chosen: dict[str, Recipient] = {}
        for pk, person_id, person_email, guest_email, answer, on_list in registrations.get(
            meeting.pk, []
        ):
            email = (person_email if person_id else guest_email) or ""
            if answer == Registration.Answer.NO or (on_list and not waiting):
                declined.add(person_id)
                continue
            if email:
                chosen[email.lower()] = Recipient(email, person_id, pk)
        for person_id, email in members.get(meeting.circle_id, []):
            if person_id not in declined and email.lower() not in chosen:
                chosen[email.lower()] = Recipient(email, person_id, None)
        result[meeting.pk] = list(chosen.values())
    return result


def _rows(meeting, kind, recipients, *, offset_hours=0, sequence=0, batch) -> list:
    return [
        ReminderLog(
            meeting=meeting,
            kind=kind,
            email=r.email,
            person_id=r.person_id,
            registration_id=r.registration_id,
            offset_hours=offset_hours,
            checksum=meeting.start_checksum,
            sequence=sequence,
            batch=batch,
        )
        for r in recipients
    ]


def _claim(rows) -> None:
    """One INSERT for all rows; those already recorded by another run are skipped."""
    ReminderLog.objects.bulk_create(rows, ignore_conflicts=True, batch_size=2000)


def _due_offset(meeting, now) -> int | None:
    """The smallest offset whose moment has come: a meeting scheduled late gets one
    reminder now rather than all the missed ones at once."""
    passed = [o for o in meeting.circle.offsets if meeting.start - o <= now]
    if not passed:
        return None
    return int(min(passed).total_seconds() // 3600)


def send_due_reminders(*, now=None) -> int:
    """One beat run: claims due reminders and minutes reminders, enqueues their delivery.
    Returns how many messages this run claimed. Queries grow with meetings only."""
    now = now or timezone.now()
    batch = uuid.uuid4().hex
    # One transaction: a concurrent run waits on our rows and then skips them.
    with transaction.atomic():
        upcoming = list(
            Meeting.objects.filter(start__gt=now, start__lte=now + HORIZON)
            .exclude(status=Meeting.Status.CANCELLED)
            .select_related("circle")
        )
        due = [(m, o) for m in upcoming if (o := _due_offset(m, now)) is not None]
        if due:
            recipients = recipients_for(m for m, _ in due)
            # Most runs find everything already sent: skip those without an INSERT.
            done = set(
                ReminderLog.objects.filter(
                    meeting__in=[m.pk for m, _ in due], kind=ReminderLog.Kind.REMINDER
                ).values_list("meeting_id", "email", "offset_hours", "checksum")
            )
            rows = []
            for meeting, offset in due:
                todo = [
                    r
                    for r in recipients[meeting.pk]
                    if (meeting.pk, r.email, offset, meeting.start_checksum) not in done
                ]
                rows += _rows(
                    meeting, ReminderLog.Kind.REMINDER, todo, offset_hours=offset, batch=batch
                )
            _claim(rows)
        _claim_minutes_reminders(now, batch)
    claimed = ReminderLog.objects.filter(batch=batch).count()
    if claimed:
        enqueue("circles.reminders.deliver", batch=batch)
    return claimed


def _facilitator_recipients(meetings) -> dict[int, list[Recipient]]:
    circle_ids = {m.circle_id for m in meetings}
    by_circle: dict[int, dict[str, Recipient]] = {}
    for circle_id, person_id, email in (
        Membership.objects.accepted()
        .filter(circle_id__in=circle_ids, role=Membership.Role.FACILITATOR)
        .exclude(person__email="")
        .values_list("circle_id", "person_id", "person__email")
    ):
        by_circle.setdefault(circle_id, {})[email.lower()] = Recipient(email, person_id)
    for circle_id, person_id, email in (
        Circle.facilitators.through.objects.filter(circle_id__in=circle_ids)
        .exclude(person__email="")
        .values_list("circle_id", "person_id", "person__email")
    ):
        by_circle.setdefault(circle_id, {})[email.lower()] = Recipient(email, person_id)
    fallback = None
    result = {}
    for meeting in meetings:
        found = list(by_circle.get(meeting.circle_id, {}).values())
        if not found:
            if fallback is None:
                fallback = [
                    Recipient(email)
                    for email in get_user_model()
                    .objects.filter(is_active=True)
                    .filter(Q(groups__name=FACILITATORS))
                    .values_list("email", flat=True)
                    .distinct()
                ]
            found = fallback
        result[meeting.pk] = found
    return result


def _claim_minutes_reminders(now, batch) -> None:
    """Three days after a meeting without minutes, its facilitators are reminded, once."""
    meetings = list(
        Meeting.objects.filter(
            end__lte=now - MINUTES_AFTER, end__gt=now - MINUTES_GIVE_UP, minutes=""
        ).exclude(status=Meeting.Status.CANCELLED)
    )
    if not meetings:
        return
    recipients = _facilitator_recipients(meetings)
    _claim(
        [
            row
            for meeting in meetings
            for row in _rows(meeting, ReminderLog.Kind.MINUTES, recipients[meeting.pk], batch=batch)
        ]
    )


def deliver(
    *,
    batch: str,
    meeting_id: int | None = None,
    kind: str | None = None,
    changes: list | None = None,
) -> int:
    """Job: sends the messages a run claimed (all of them, or one meeting's of one kind).
    A retry after a failure sends only what is not yet marked sent."""
    if meeting_id is not None:
        return _deliver(batch, meeting_id, kind, changes)
    pairs = (
        ReminderLog.objects.filter(batch=batch, sent_at=None)
        .values_list("meeting_id", "kind")
        .distinct()
    )
    return sum(_deliver(batch, m, k) for m, k in list(pairs))


def _deliver(batch: str, meeting_id: int, kind: str, changes=None) -> int:
    """One meeting's claimed messages, after checking the meeting still stands: three
    queries (the meeting, its rows, one UPDATE) and one SMTP connection."""
    meeting = Meeting.objects.filter(pk=meeting_id).select_related("circle", "commune").first()
    if meeting is None:
        return 0
    logs = list(
        ReminderLog.objects.filter(
            batch=batch, meeting_id=meeting_id, kind=kind, sent_at=None
        ).select_related("registration", "person__user")
    )
    if not logs:
        return 0
    if kind == ReminderLog.Kind.REMINDER and (
        meeting.is_cancelled or logs[0].checksum != meeting.start_checksum
    ):
        return 0  # cancelled or moved since: the notice and newer reminders take over
    now = timezone.now()
    mails = notices.meeting_mails(meeting, kind, logs, now=now, changes=changes)
    pk_of = {m.key: entry.pk for m, entry in zip(mails, logs, strict=True)}

    def record(sent) -> None:
        ReminderLog.objects.filter(pk__in=[pk_of[m.key] for m in sent]).update(sent_at=now)

    return send_batch(mails, record=record)


def _notice(meeting_id: int, kind: str, sequence: int, changes=None) -> int:
    meeting = Meeting.objects.filter(pk=meeting_id).select_related("circle").first()
    if meeting is None:
        return 0
    if kind in (ReminderLog.Kind.CHANGED, ReminderLog.Kind.REINSTATED) and meeting.is_cancelled:
        return 0
    if meeting.end < timezone.now():
        return 0
    reminded = ReminderLog.objects.filter(meeting=meeting, kind=ReminderLog.Kind.REMINDER).exclude(
        sent_at=None
    )
    everyone = recipients_for([meeting], waiting=True)[meeting.pk]
    if kind == ReminderLog.Kind.CHANGED and not reminded.exists():
        # Nobody was reminded of the old date yet: only those who registered are told.
        everyone = [r for r in everyone if r.registration_id]
    known = {r.email.lower() for r in everyone}
    for email, person_id in reminded.values_list("email", "person_id").distinct():
        if email.lower() not in known:
            everyone.append(Recipient(email, person_id))
            known.add(email.lower())
    # The batch is named after the change, so a retried job finds the rows it claimed.
    batch = uuid.uuid5(uuid.NAMESPACE_URL, f"{meeting.uid}/{kind}/{sequence}").hex
    _claim(_rows(meeting, kind, everyone, sequence=sequence, batch=batch))
    return deliver(batch=batch, meeting_id=meeting.pk, kind=kind, changes=changes)


def send_change_notice(*, meeting_id: int, sequence: int = 0, changes=None) -> int:
    return _notice(meeting_id, ReminderLog.Kind.CHANGED, sequence, changes)


def send_cancellation_notice(*, meeting_id: int, sequence: int = 0) -> int:
    return _notice(meeting_id, ReminderLog.Kind.CANCELLED, sequence)


def send_reinstatement_notice(*, meeting_id: int, sequence: int = 0) -> int:
    return _notice(meeting_id, ReminderLog.Kind.REINSTATED, sequence)


def send_promotion_notice(*, registration_id: int) -> None:
    registration = (
        Registration.objects.filter(pk=registration_id)
        .select_related("meeting__circle", "meeting__commune", "person__user")
        .first()
    )
    if registration is None or registration.on_waiting_list or not registration.email:
        return
    meeting = registration.meeting
    language = notices.language_of(registration.person)
    with translation.override(language):
        title = _("Une place s'est libérée : %(title)s") % {"title": meeting.title}
        context = {**notices.meeting_context(meeting), "registration": registration}
    queue_email(
        to=[registration.email],
        subject=title,
        template="circles/email/promoted",
        context=context,
        list_name="reunions",
        language=language,
        key=f"promoted-{registration.pk}-{registration.meeting.sequence}",
    )
