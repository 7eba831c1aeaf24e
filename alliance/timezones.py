"""The one time zone of the site: meetings, calendars and imported dates are in Paris time."""

from zoneinfo import ZoneInfo

from django.conf import settings

PARIS = ZoneInfo(settings.TIME_ZONE)
