"""Roles and the access rules every view uses.

Roles: visitor (anonymous), member (an invited account), facilitator (the independent
third party who runs the circles), admin (curates the register). Member and facilitator
are Django groups carrying the `alliance.participate` / `alliance.facilitate`
permissions; admin is a superuser. Per-model rules live next to their model
(`<app>/access.py`) and use these.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

MEMBERS = "Membres"
FACILITATORS = "Facilitateurs"


def is_member(user) -> bool:
    """Any active account: facilitators and admins are members too."""
    return bool(user and user.is_authenticated and user.is_active)


def is_facilitator(user) -> bool:
    return is_member(user) and (user.is_superuser or user.has_perm("alliance.facilitate"))


def is_admin(user) -> bool:
    return is_member(user) and user.is_superuser


def role(user) -> str:
    if is_admin(user):
        return "admin"
    if is_facilitator(user):
        return "facilitator"
    if is_member(user):
        return "member"
    return "visitor"


def _require(check):
    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


member_required = _require(is_member)
facilitator_required = _require(is_facilitator)
admin_required = _require(is_admin)
