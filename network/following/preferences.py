"""The one-click unsubscribe links of the mails: the weekly digest's and the circles'
reminders'. A link names a topic and a person, signed; opening it writes nothing."""

from collections.abc import Callable
from dataclasses import dataclass

from django.core import signing
from django.utils.translation import gettext_lazy as _

from actors.models import Person
from alliance import mail
from alliance.models import User
from circles.models import CircleProfile
from network.models import Subscriber

UNSUBSCRIBE_SALT = "network.digest-unsubscribe"


def unsubscribe_token(user) -> str:
    """The digest's one-click link (signed, without expiry)."""
    return mail.unsubscribe_token("digest", user.pk)


@dataclass
class Preference:
    """What an unsubscribe link turns off, for whom; `turn_off` is idempotent."""

    title: str
    email: str
    is_off: bool
    turn_off: Callable[[], None]


def preference_from_token(token: str) -> Preference | None:
    """The preference a link was made for, or None if forged or gone. Links of older
    digests (signed with the digest's own salt) still work."""
    found = mail.read_unsubscribe_token(token)
    if found is None:
        try:
            pk = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token)
        except signing.BadSignature:
            return None
        found = ("digest", int(pk)) if pk.isdigit() else None
    if found is None:
        return None
    topic, pk = found
    # Opening the page writes nothing: rows are made only when a preference is turned off.
    if topic == "digest":
        user = User.objects.filter(pk=pk).first()
        if user is None:
            return None
        current = Subscriber.objects.filter(user=user).first()
        return Preference(
            _("le résumé hebdomadaire"),
            user.email,
            current is not None and not current.weekly_digest,
            lambda: Subscriber.of(user).unsubscribe(),
        )
    if topic == "reminders":
        person = Person.objects.filter(pk=pk).first()
        if person is None:
            return None
        current = CircleProfile.objects.filter(person=person).first()
        return Preference(
            _("les rappels et avis de réunion des cercles"),
            person.email,
            current is not None and not current.reminders,
            lambda: CircleProfile.objects.get_or_create(person=person)[0].stop_reminders(),
        )
    return None
