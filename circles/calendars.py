"""iCalendar (RFC 5545) files: one meeting, feeds, and iTIP (RFC 5546) invitations.

- Feeds (a circle, the whole agenda, a member's own) say how often to refresh them and
  carry one small Europe/Paris VTIMEZONE drawn from the EU rule (valid in any year,
  including after 2038) rather than a list of past transitions.
- Mails about a meeting attach an iTIP message: `REQUEST` (invitation, reminder, change)
  with the organiser and the recipient as attendee, `CANCEL` for a cancellation; the
  meeting's SEQUENCE rises with each change, so clients replace what they hold.
- The agenda page's month: its bounds in Paris time and its grid of weeks.
"""

import calendar as pycalendar
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.utils import timezone
from icalendar import (
    Calendar,
    Event,
    Timezone,
    TimezoneDaylight,
    TimezoneStandard,
    vCalAddress,
    vDuration,
    vRecur,
    vText,
)
from icalendar.parser import Contentline

from alliance.mail import sender_address
from alliance.timezones import PARIS

PRODID = "-//Alliance pour la transformation durable du territoire//FR"
TZID = "Europe/Paris"  # the one VTIMEZONE the files carry, drawn by paris_timezone()
REFRESH = "PT6H"  # feeds: how often clients should fetch again


def paris_timezone() -> Timezone:
    """Europe/Paris by its rule since 1996: CEST from the last Sunday of March at 02:00,
    CET from the last Sunday of October at 03:00, with no end date."""
    tz = Timezone()
    tz.add("tzid", TZID)
    for kind, name, month, hour, before, after in (
        (TimezoneDaylight, "CEST", 3, 2, "+0100", "+0200"),
        (TimezoneStandard, "CET", 10, 3, "+0200", "+0100"),
    ):
        part = kind()
        part.add("tzname", name)
        part.add("dtstart", datetime(1970, month, 29 if month == 3 else 25, hour))
        part.add("rrule", vRecur({"freq": "yearly", "bymonth": month, "byday": "-1su"}))
        part["tzoffsetfrom"] = before
        part["tzoffsetto"] = after
        tz.add_component(part)
    return tz


def _location(meeting, private: bool) -> str:
    parts = [meeting.place]
    if meeting.commune_id and meeting.commune:
        parts.append(meeting.commune.name)
    if meeting.video_url and private:
        parts.append(meeting.video_url)
    return ", ".join(p for p in parts if p)


def meeting_event(meeting, *, private: bool = False, stamp: datetime | None = None) -> Event:
    """`private`: for members and registered people only (the video link is not public)."""
    event = Event()
    changed = meeting.updated_at or meeting.created_at or timezone.now()
    event.add("uid", meeting.uid)
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", stamp or changed)
    event.add("last-modified", changed)
    event.add("dtstart", meeting.start.astimezone(PARIS))
    event.add("dtend", meeting.end.astimezone(PARIS))
    event.add("summary", f"{meeting.title} — {meeting.circle.name}")
    description = meeting.agenda or meeting.topic
    if description:
        event.add("description", description)
    location = _location(meeting, private)
    if location:
        event.add("location", vText(location))
    event.add("url", settings.SITE_URL + meeting.get_absolute_url())
    event.add("status", "CANCELLED" if meeting.is_cancelled else "CONFIRMED")
    return event


def _calendar(name: str, method: str | None) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", TZID)
    calendar.add_component(paris_timezone())
    return calendar


def calendar_bytes(
    meetings, *, name: str, method: str | None = None, private: bool = False
) -> bytes:
    calendar = _calendar(name, method)
    for meeting in meetings:
        calendar.add_component(meeting_event(meeting, private=private))
    return calendar.to_ical()


def feed_bytes(meetings, *, name: str, private: bool = False) -> bytes:
    """A subscribed feed: it tells clients to come back every few hours."""
    calendar = _calendar(name, None)
    calendar.add("refresh-interval", vDuration.from_ical(REFRESH), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", REFRESH)
    for meeting in meetings:
        calendar.add_component(meeting_event(meeting, private=private))
    return calendar.to_ical()


class Invitation:
    """One meeting's iTIP message, built once and addressed to each recipient cheaply:
    only the ATTENDEE line differs from one recipient to the next."""

    def __init__(self, meeting, method: str):
        self.method = method
        calendar = _calendar(meeting.circle.name, method)
        event = meeting_event(meeting, private=True, stamp=timezone.now())
        organizer = vCalAddress(f"mailto:{sender_address()}")
        organizer.params["CN"] = meeting.circle.name
        event.add("organizer", organizer)
        if method == "CANCEL":
            event["status"] = "CANCELLED"
        calendar.add_component(event)
        head, _sep, tail = calendar.to_ical().rpartition(b"END:VEVENT\r\n")
        self._head, self._tail = head, b"END:VEVENT\r\n" + tail

    @property
    def mimetype(self) -> str:
        return f"text/calendar; method={self.method}"

    def for_attendee(self, email: str, name: str = "", *, accepted: bool = False) -> bytes:
        address = vCalAddress(f"mailto:{email}")
        if name:
            address.params["CN"] = name
        address.params["ROLE"] = "REQ-PARTICIPANT"
        address.params["PARTSTAT"] = "ACCEPTED" if accepted else "NEEDS-ACTION"
        # Answers go through the site, not back to a no-reply mailbox.
        address.params["RSVP"] = "FALSE"
        line = Contentline.from_parts("ATTENDEE", address.params, address.to_ical().decode())
        return self._head + line.to_ical() + b"\r\n" + self._tail

    def attachment(self, email: str, name: str = "", *, accepted: bool = False):
        filename = "annulation.ics" if self.method == "CANCEL" else "invitation.ics"
        return (filename, self.for_attendee(email, name, accepted=accepted), self.mimetype)


def subscribe_links(path: str) -> dict[str, str]:
    """A feed's two addresses: webcal:// opens the calendar app, https is for pasting."""
    https = settings.SITE_URL + path
    return {"https": https, "webcal": "webcal://" + https.split("://", 1)[1]}


def next_month(month: date) -> date:
    return (month + timedelta(days=32)).replace(day=1)


def previous_month(month: date) -> date:
    return (month - timedelta(days=1)).replace(day=1)


def month_bounds(month: date) -> tuple[datetime, datetime]:
    """From the first of the month to the first of the next, at midnight in Paris."""
    return (
        datetime.combine(month, time.min, tzinfo=PARIS),
        datetime.combine(next_month(month), time.min, tzinfo=PARIS),
    )


def month_grid(month: date, meetings) -> list[list[tuple[date, list]]]:
    """The month's weeks, Monday first, each day with its meetings (by their Paris date)."""
    by_day: dict[date, list] = {}
    for meeting in meetings:
        by_day.setdefault(timezone.localtime(meeting.start, PARIS).date(), []).append(meeting)
    weeks = pycalendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month)
    return [[(day, by_day.get(day, [])) for day in week] for week in weeks]
