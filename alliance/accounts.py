from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        """Sign-up is by invitation unless OPEN_SIGNUP is set."""
        if settings.OPEN_SIGNUP:
            return True
        return bool(request.session.get("invitation_token"))
