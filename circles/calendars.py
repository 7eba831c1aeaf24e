"""iCalendar (RFC 5545) files: one meeting, a circle's feed, a member's private feed."""

from zoneinfo import ZoneInfo

from django.conf import settings
from icalendar import Calendar, Event, vText

PARIS = ZoneInfo("Europe/Paris")


def _location(meeting, private: bool) -> str:
    parts = [meeting.place]
    if meeting.commune_id and meeting.commune:
        parts.append(meeting.commune.name)
    if meeting.video_url and private:
        parts.append(meeting.video_url)
    return ", ".join(p for p in parts if p)


def meeting_event(meeting, *, private: bool = False) -> Event:
    """`private`: for members and registered people only (the video link is not public)."""
    event = Event()
    event.add("uid", meeting.uid)
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", meeting.updated_at or meeting.created_at)
    event.add("last-modified", meeting.updated_at or meeting.created_at)
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


def calendar_bytes(
    meetings, *, name: str, method: str | None = None, private: bool = False
) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Alliance pour la transformation durable du territoire//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Paris")
    for meeting in meetings:
        calendar.add_component(meeting_event(meeting, private=private))
    calendar.add_missing_timezones()
    return calendar.to_ical()
