from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in


def give_member_a_person(sender, request, user, **kwargs) -> None:
    """A member logged in without a register entry (an account made in the admin or by a
    command) gets one now, so that no page treats them as a visitor; GETs stay read-only."""
    from actors.models import Person
    from alliance.access import is_member

    if is_member(user):
        Person.objects.for_member(user)


class ActorsConfig(AppConfig):
    name = "actors"

    def ready(self) -> None:
        user_logged_in.connect(give_member_a_person, dispatch_uid="actors.give_member_a_person")
