"""What the ground floor announces, so that the apps above it react without alliance
importing them."""

from django.dispatch import Signal

# A user just became a member (alliance.accounts.welcome_member), sent inside its
# transaction with `user`, `invitation` (the one this sign-up claimed, or None),
# `first_name` and `last_name`: a receiver that fails undoes the sign-up. actors gives
# the member their Person.
member_welcomed = Signal()
