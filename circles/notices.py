"""What the mails about a meeting say: the real delay ("demain à 14 h", "dans 2 jours"),
date, time, place with a map link, agenda, a link to answer, what changed (old → new),
and the iTIP attachment each calendar client reads.

`meeting_mails` builds one meeting's messages in memory without a query: the body is
rendered once per kind of recipient (member, guest, registered) and only the layout's
footer and the attachment's ATTENDEE line change from one person to the next.
"""

from datetime import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from alliance import mail
from alliance.timezones import PARIS
from circles.calendars import Invitation
from circles.models import Registration, ReminderLog

SUBJECTS = {
    ReminderLog.Kind.REMINDER: gettext_lazy("Rappel : %(title)s — %(when)s"),
    ReminderLog.Kind.CHANGED: gettext_lazy("Réunion modifiée : %(title)s — %(date)s"),
    ReminderLog.Kind.CANCELLED: gettext_lazy("Réunion annulée : %(title)s — %(date)s"),
    ReminderLog.Kind.REINSTATED: gettext_lazy("Réunion rétablie : %(title)s — %(date)s"),
    ReminderLog.Kind.MINUTES: gettext_lazy("Compte rendu à publier : %(title)s"),
}
TEMPLATES = {
    ReminderLog.Kind.REMINDER: "circles/email/reminder",
    ReminderLog.Kind.CHANGED: "circles/email/changed",
    ReminderLog.Kind.CANCELLED: "circles/email/cancelled",
    ReminderLog.Kind.REINSTATED: "circles/email/reinstated",
    ReminderLog.Kind.MINUTES: "circles/email/minutes",
}
METHODS = {
    ReminderLog.Kind.REMINDER: "REQUEST",
    ReminderLog.Kind.CHANGED: "REQUEST",
    ReminderLog.Kind.CANCELLED: "CANCEL",
    ReminderLog.Kind.REINSTATED: "REQUEST",  # back in the calendar, at a higher SEQUENCE
}
CHANGE_LABELS = {
    "when": gettext_lazy("Date et heure"),
    "place": gettext_lazy("Lieu"),
    "commune": gettext_lazy("Commune"),
    "video_url": gettext_lazy("Visioconférence"),
}


def hour(value: datetime) -> str:
    local = timezone.localtime(value, PARIS)
    if local.minute:
        return _("%(h)s h %(m)02d") % {"h": local.hour, "m": local.minute}
    return _("%(h)s h") % {"h": local.hour}


def day(value: datetime) -> str:
    return formats.date_format(timezone.localtime(value, PARIS), "l j F Y")


def span(start: datetime, end: datetime) -> str:
    """ "mardi 3 décembre 2026, de 14 h à 16 h"."""
    return _("%(day)s, de %(start)s à %(end)s") % {
        "day": day(start),
        "start": hour(start),
        "end": hour(end),
    }


def delay(start: datetime, now: datetime) -> str:
    """The real delay, counted in calendar days in Paris: "demain à 14 h", "dans 2 jours"."""
    days = (timezone.localtime(start, PARIS).date() - timezone.localtime(now, PARIS).date()).days
    if days <= 0:
        return _("aujourd'hui à %(time)s") % {"time": hour(start)}
    if days == 1:
        return _("demain à %(time)s") % {"time": hour(start)}
    return ngettext("dans %(n)s jour", "dans %(n)s jours", days) % {"n": days}


def describe_changes(changes: list[list[str]]) -> list[tuple[str, str, str]]:
    """[(label, old, new)] from a notice's [field, old, new] (ISO datetimes for times)."""
    values = {key: (old, new) for key, old, new in changes or []}
    described = []
    if "start" in values or "end" in values:
        before, after = {}, {}
        for key in ("start", "end"):
            old, new = values.get(key, (None, None))
            before[key], after[key] = old, new
        described.append(("when", before, after))
    described += [(key, *values[key]) for key in ("place", "commune", "video_url") if key in values]
    return [(str(CHANGE_LABELS[key]), *_shown(key, old, new)) for key, old, new in described]


def _shown(key, old, new) -> tuple[str, str]:
    if key != "when":
        return old or _("(aucun)"), new or _("(aucun)")
    return tuple(
        span(datetime.fromisoformat(v["start"]), datetime.fromisoformat(v["end"]))
        for v in (old, new)
    )


def meeting_context(meeting) -> dict:
    return {
        "meeting": meeting,
        "circle_name": meeting.circle.name,
        "day": day(meeting.start),
        "span": span(meeting.start, meeting.end),
        "meeting_url": settings.SITE_URL + meeting.get_absolute_url(),
        "answer_url": settings.SITE_URL + meeting.get_absolute_url() + "#registration",
        "map_url": meeting.map_url,
    }


def subject(kind: str, meeting, now: datetime) -> str:
    return SUBJECTS[kind] % {
        "title": meeting.title,
        "when": delay(meeting.start, now),
        "date": formats.date_format(timezone.localtime(meeting.start, PARIS), "j/m/Y"),
    }


def language_of(person) -> str:
    """The language a person's mail speaks: the one they chose with the site's switch
    (kept on their account), else French. `person` joined with its user, or None."""
    user = person.user if person is not None and person.user_id else None
    return (user.language if user else "") or settings.LANGUAGE_CODE


def _recipient(entry) -> tuple[str, bool, str, str]:
    """(name, accepted, guest token, language) of a log row, from its joined registration
    and person (with its user)."""
    registration = entry.registration
    accepted = bool(
        registration
        and registration.answer == Registration.Answer.YES
        and not registration.on_waiting_list
    )
    if registration is not None and registration.person_id is None:
        return registration.guest_name, accepted, registration.token, settings.LANGUAGE_CODE
    person = entry.person if entry.person_id else None
    return (person.full_name if person else ""), accepted, "", language_of(person)


# Stands for each member's own unsubscribe link in a layout rendered once per variant.
LINK = "https://unsubscribe.invalid/link"


class _Bodies:
    """One meeting's subject and layouts, rendered once per language and kind of
    recipient (member, guest, registered), each inside its own language."""

    def __init__(self, meeting, kind: str, now: datetime, changes):
        self.meeting, self.kind, self.now, self.changes = meeting, kind, now, changes
        self.contexts: dict[str, tuple[dict, str]] = {}
        self.layouts: dict[tuple, tuple[str, str, str]] = {}

    def _context(self, language: str) -> tuple[dict, str]:
        if language not in self.contexts:
            meeting = self.meeting
            base = {
                **meeting_context(meeting),
                "when": delay(meeting.start, self.now),
                "changes": describe_changes(self.changes),
                "minutes_url": settings.SITE_URL + reverse("circles:minutes", args=[meeting.pk]),
            }
            self.contexts[language] = base, subject(self.kind, meeting, self.now)
        return self.contexts[language]

    def get(self, language: str, cancel: str, member: bool, accepted: bool):
        """(subject, text, HTML) for this language and kind of recipient."""
        key = (language, cancel, member, accepted)
        if key not in self.layouts:
            with translation.override(language):
                base, title = self._context(language)
                context = {**base, "cancel_url": cancel, "is_member": member, "accepted": accepted}
                body = mail.render_text(f"{TEMPLATES[self.kind]}.txt", context).strip()
                footer = {"unsubscribe_url": LINK} if member else {}
                self.layouts[key] = (title, *mail.layout(body, {"subject": title, **footer}))
        return self.layouts[key]


def meeting_mails(meeting, kind: str, entries, *, now: datetime, changes=None) -> list[mail.Mail]:
    """One mail per log row (rows joined with their registration and person), each in its
    recipient's language."""
    bodies = _Bodies(meeting, kind, now, changes)
    invitation = Invitation(meeting, METHODS[kind]) if kind in METHODS else None
    mails = []
    for entry in entries:
        name, accepted, token, language = _recipient(entry)
        cancel = settings.SITE_URL + reverse("circles:guest_cancel", args=[token]) if token else ""
        # Guests have no preference to turn off: their mail carries the cancel link.
        member = entry.person_id is not None and kind != ReminderLog.Kind.MINUTES
        title, text, markup = bodies.get(language, cancel, member, accepted)
        headers = {}
        if member:
            link, headers = mail.unsubscribe_links("reminders", entry.person_id)
            text, markup = text.replace(LINK, link), markup.replace(LINK, link)
        mails.append(
            mail.Mail(
                to=entry.email,
                subject=title,
                text=text,
                html=markup,
                key=f"meeting-{meeting.pk}-{kind}-{entry.pk}",
                list_name="reunions",
                headers=headers,
                attachments=[invitation.attachment(entry.email, name, accepted=accepted)]
                if invitation
                else [],
            )
        )
    return mails
