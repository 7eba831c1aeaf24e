"""Who may change the roadmap: the facilitator (and admins). Everyone reads it."""

from alliance.access import is_facilitator


def can_edit_roadmap(user) -> bool:
    return is_facilitator(user)
