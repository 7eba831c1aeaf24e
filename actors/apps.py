from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.utils.translation import gettext_lazy as _

from alliance.signals import member_welcomed


class ActorsConfig(AppConfig):
    name = "actors"
    verbose_name = _("Acteurs")

    def ready(self) -> None:
        # deferred: the app registry must be ready (they import models)
        from actors import counts, receivers

        counts.connect()

        member_welcomed.connect(
            receivers.give_new_member_a_person, dispatch_uid="actors.give_new_member_a_person"
        )
        user_logged_in.connect(
            receivers.give_member_a_person, dispatch_uid="actors.give_member_a_person"
        )
        user_logged_in.connect(
            receivers.remember_profile_state_at_login,
            dispatch_uid="actors.remember_profile_state_at_login",
        )
