"""How a member gets their Person: at sign-up (alliance's `member_welcomed`) and, for an
account made elsewhere, at login. Connected in actors.apps."""

from actors.models import Person
from alliance.access import is_member


def give_new_member_a_person(sender, user, invitation, first_name, last_name, **kwargs) -> None:
    """Inside the sign-up's transaction. A register entry (Person without account) with
    the invited address is linked rather than duplicated: the facilitator vouched for it."""
    person = None
    if invitation is not None and invitation.email.lower() == user.email.lower():
        person = (
            Person.objects.select_for_update()
            .filter(user__isnull=True, email__iexact=user.email)
            .first()
        )
    if person is None:
        Person.objects.create(
            user=user, first_name=first_name, last_name=last_name, email=user.email
        )
    else:
        person.user = user
        person.first_name = first_name or person.first_name
        person.last_name = last_name or person.last_name
        person.save(update_fields=["user", "first_name", "last_name", "updated_at"])


def give_member_a_person(sender, request, user, **kwargs) -> None:
    """A member logged in without a register entry (an account made in the admin or by a
    command) gets one now, so that no page treats them as a visitor; GETs stay read-only."""
    if is_member(user):
        Person.objects.for_member(user)


# The session remembers whether the member's profile lacks something, so that the menu
# offers the welcome page without a query on every page.
PROFILE_INCOMPLETE = "profile_incomplete"


def remember_profile_state(request, person: Person | None) -> None:
    """Called where the profile changes: at login and when the profile is saved."""
    request.session[PROFILE_INCOMPLETE] = bool(person and person.missing_profile_fields())


def remember_profile_state_at_login(sender, request, user, **kwargs) -> None:
    if is_member(user) and request is not None and hasattr(request, "session"):
        remember_profile_state(request, Person.objects.filter(user=user).first())
