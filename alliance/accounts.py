"""Accounts: allauth's adapter (invitation-only sign-up, e-mail through the Job table) and
the welcome of a new member (group, invitation; actors gives the Person on a signal)."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from allauth.core import context as allauth_context
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.sites.shortcuts import get_current_site
from django.core.validators import MaxLengthValidator
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags

from alliance import mail
from alliance.access import MEMBERS
from alliance.jobs import enqueue
from alliance.models import Invitation
from alliance.signals import member_welcomed

# The session key where an accepted invitation link leaves its token until sign-up.
INVITATION_SESSION_KEY = "invitation_token"


def pending_invitation(request) -> Invitation | None:
    """The usable invitation whose link this visitor followed, if any."""
    token = request.session.get(INVITATION_SESSION_KEY)
    if not token:
        return None
    return Invitation.objects.usable().filter(token=token).first()


def welcome_member(*, user, invitation: Invitation | None, first_name: str, last_name: str):
    """Joins a freshly signed-up user to the members; `member_welcomed` gives them their
    actors.Person in the same transaction.

    The invitation is claimed with a conditional update, so one link makes one account
    even when two sign-ups race; the signal carries it only if this sign-up claimed it.
    """
    with transaction.atomic():
        user.groups.add(Group.objects.get_or_create(name=MEMBERS)[0])
        claimed = None
        if invitation is not None and (
            Invitation.objects.usable()
            .filter(pk=invitation.pk)
            .update(accepted_at=timezone.now(), user=user)
        ):
            claimed = invitation
        member_welcomed.send(
            sender=type(user),
            user=user,
            invitation=claimed,
            first_name=first_name,
            last_name=last_name,
        )


def record_login_address(sender, request, user, **kwargs) -> None:
    """At login, an account made outside sign-up (admin, `createsuperuser`) gets its
    address in allauth's table, as allauth would otherwise do on the first GET of
    /compte/email/ (a GET must write nothing)."""
    if user.email and not EmailAddress.objects.filter(user=user, email__iexact=user.email).exists():
        EmailAddress.objects.get_or_create(
            user=user, email=user.email, defaults={"primary": False, "verified": False}
        )


class AccountAdapter(DefaultAccountAdapter):
    def clean_email(self, email: str) -> str:
        """Sign-up and "add an address" alike: no longer than the columns (254), where
        allauth's field allows 320."""
        MaxLengthValidator(254)(email)
        return super().clean_email(email)

    def is_open_for_signup(self, request) -> bool:
        """Sign-up is by invitation unless OPEN_SIGNUP is set."""
        if settings.OPEN_SIGNUP:
            return True
        return pending_invitation(request) is not None

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        if not commit:
            return user
        invitation = pending_invitation(request)
        with transaction.atomic():
            user.save()
            welcome_member(
                user=user,
                invitation=invitation,
                first_name=user.first_name,
                last_name=user.last_name,
            )
        request.session.pop(INVITATION_SESSION_KEY, None)
        return user

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """allauth's messages (password reset, confirmation) go through the Job table too."""
        request = allauth_context.request
        ctx = {"request": request, "email": email, "current_site": get_current_site(request)}
        ctx.update(context)
        message = self.render_mail(template_prefix, email, ctx)
        text = message.body if message.content_subtype == "plain" else ""
        if not text:  # an HTML-only template: its text, without the markup
            text = strip_tags(message.body)
        # allauth's plain-text templates turn autoescape off; our layout adds the HTML part.
        body, html = mail.layout(text.strip(), {})
        enqueue(
            "alliance.mail.deliver",
            to=list(message.to),
            subject=message.subject.removeprefix(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX),
            body=body,
            html=html,
            list_name="compte",
        )


def axes_username(request, credentials=None) -> str | None:
    """The address a login attempt was made for: allauth passes `email=`, forms `login`."""
    credentials = credentials or {}
    value = credentials.get("email") or credentials.get("login") or credentials.get("username")
    if not value:
        value = request.POST.get("login") if request is not None else None
    # axes stores it in a 255-character column: a longer login must fail, not crash.
    return value.strip().lower()[:255] if value else None
