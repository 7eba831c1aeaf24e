"""Date polls: opened to the circle's members, closed on the chosen slot.

Opening tells the members; closing creates the meeting, registers everyone who answered
"oui" for the chosen slot, and tells the members and every participant the chosen date
(with the invitation for their calendar; registered people learn how to decline).
Each notice job sends through `alliance.mail.send_once`, so a retry sends nobody twice.
"""

from collections import Counter
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from alliance import mail
from alliance.jobs import enqueue
from circles.calendars import Invitation
from circles.models import Circle, DatePoll, Meeting, Membership, PollAnswer, PollSlot, Registration
from circles.notices import meeting_context, span


def open_poll(*, circle: Circle, title: str, place: str, created_by, starts, duration) -> DatePoll:
    with transaction.atomic():
        poll = DatePoll.objects.create(
            circle=circle, title=title, place=place, created_by=created_by
        )
        PollSlot.objects.bulk_create(
            [PollSlot(poll=poll, start=s, end=s + timedelta(minutes=duration)) for s in starts]
        )
        enqueue("circles.polls.send_poll_opened", poll_id=poll.pk)
    return poll


RECENT_MEETINGS = 5  # the circle's usual place is the commonest of its last meetings


def usual_place(circle: Circle) -> tuple[str, int | None]:
    """(place, commune id) where the circle meets: its default place if it has one, else
    the commonest place of its latest meetings (the latest among equals)."""
    if circle.default_place:
        return circle.default_place, None
    recent = (
        circle.meetings.exclude(status=Meeting.Status.CANCELLED)
        .exclude(place="", commune=None)
        .order_by("-start")
        .values_list("place", "commune_id")[:RECENT_MEETINGS]
    )
    places = Counter(recent)
    return max(places, key=places.get, default=("", None))  # first seen wins a tie


def close_poll(*, poll: DatePoll, slot: PollSlot) -> Meeting:
    """The meeting at the chosen slot, at the poll's place or the circle's usual one; its
    "oui" voters registered as coming."""
    with transaction.atomic():
        locked = DatePoll.objects.select_for_update().get(pk=poll.pk)
        if locked.meeting_id is not None:
            return locked.meeting  # two facilitators picked at once: the first pick stands
        place, commune_id = (poll.place, None) if poll.place else usual_place(poll.circle)
        meeting = Meeting.objects.create(
            circle=poll.circle,
            title=poll.title,
            place=place,
            commune_id=commune_id,
            start=slot.start,
            end=slot.end,
            is_open=poll.circle.welcomes_guests,
        )
        poll.meeting = meeting
        poll.save(update_fields=["meeting"])
        yes = slot.answers.filter(answer=PollAnswer.Answer.YES).values_list("person_id", flat=True)
        now = timezone.now()
        Registration.objects.bulk_create(
            [
                Registration(
                    meeting=meeting, person_id=pk, answer=Registration.Answer.YES, confirmed_at=now
                )
                for pk in yes
            ],
            ignore_conflicts=True,
        )
        enqueue("circles.polls.send_poll_closed", poll_id=poll.pk)
    return meeting


PERSON_COLUMNS = (
    "person_id",
    "person__email",
    "person__first_name",
    "person__last_name",
    "person__user__language",
)


def _people(poll: DatePoll) -> dict[int, tuple[str, str, str]]:
    """{person_id: (email, name, language)}: accepted members and everyone who answered,
    minus those who turned circle mails off; the language is the one picked with the
    site's switch, French otherwise."""
    found = {}
    members = Membership.objects.accepted().filter(circle_id=poll.circle_id)
    answered = PollAnswer.objects.filter(slot__poll=poll)
    for rows in (
        members.values_list(*PERSON_COLUMNS),
        answered.values_list(*PERSON_COLUMNS),
    ):
        for pk, email, first, last, language in rows.exclude(person__email="").exclude(
            person__circle_profile__reminders=False
        ):
            found[pk] = (email, f"{first} {last}".strip(), language or settings.LANGUAGE_CODE)
    return found


def _mail(poll, kind, pk, email, body, *, attachments=()) -> mail.Mail:
    text, markup = mail.layout(body, {"unsubscribe_url": mail.unsubscribe_url("reminders", pk)})
    subjects = {
        "opened": _("Sondage de date : %(title)s"),
        "closed": _("Date choisie : %(title)s"),
    }
    return mail.Mail(
        to=email,
        subject=subjects[kind] % {"title": poll.title},
        text=text,
        html=markup,
        key=f"poll-{poll.pk}-{kind}-{pk}",
        list_name="reunions",
        headers=mail.unsubscribe_headers("reminders", pk),
        attachments=list(attachments),
    )


def send_poll_opened(*, poll_id: int) -> int:
    poll = DatePoll.objects.filter(pk=poll_id, meeting=None).select_related("circle").first()
    if poll is None:
        return 0  # closed before the notice went out: the closing notice says it all
    slots = list(poll.slots.all())
    bodies, mails = {}, []
    for pk, (email, _name, language) in _people(poll).items():
        with translation.override(language):
            if language not in bodies:
                context = {
                    "poll": poll,
                    "slots": [span(s.start, s.end) for s in slots],
                    "poll_url": settings.SITE_URL + poll.get_absolute_url(),
                }
                bodies[language] = mail.render_text("circles/email/poll_opened.txt", context)
            mails.append(_mail(poll, "opened", pk, email, bodies[language].strip()))
    return mail.send_once(mails)


def send_poll_closed(*, poll_id: int) -> int:
    poll = DatePoll.objects.filter(pk=poll_id).select_related("circle", "meeting").first()
    if poll is None or poll.meeting is None or poll.meeting.is_cancelled:
        return 0
    meeting = poll.meeting
    registered = set(
        meeting.registrations.filter(
            answer=Registration.Answer.YES, on_waiting_list=False
        ).values_list("person_id", flat=True)
    )
    invitation = Invitation(meeting, "REQUEST")
    bodies = {}
    mails = []
    for pk, (email, name, language) in _people(poll).items():
        accepted = pk in registered
        with translation.override(language):
            if (language, accepted) not in bodies:
                context = {**meeting_context(meeting), "poll": poll, "is_member": True}
                context["accepted"] = accepted
                text = mail.render_text("circles/email/poll_closed.txt", context)
                bodies[language, accepted] = text.strip()
            attachment = invitation.attachment(email, name, accepted=accepted)
            body = bodies[language, accepted]
            mails.append(_mail(poll, "closed", pk, email, body, attachments=[attachment]))
    return mail.send_once(mails)
