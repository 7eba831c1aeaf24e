"""Who may do what with circles and meetings. Each condition on its own line."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from alliance.access import is_facilitator, is_member


def can_see_contacts(user) -> bool:
    """Visitors never see member contacts; members see those who agreed to share them."""
    return is_member(user)


def can_manage(user) -> bool:
    """Only facilitators (and admins) schedule, edit, cancel, write minutes, export."""
    return is_facilitator(user)


def person_of(user):
    """The actors.Person behind a login, or None."""
    if not is_member(user):
        return None
    return getattr(user, "person", None)


def check_guest_registration(meeting) -> None:
    """Registration without an account: concertation circles and meetings marked open."""
    if not accepts_guests(meeting):
        raise Http404
    if not meeting.accepts_registrations():
        raise PermissionDenied


def accepts_guests(meeting) -> bool:
    return meeting.is_open or meeting.circle.welcomes_guests
