"""The facilitator resends an invitation (a new link, the old one void) or revokes it, and
the list shows each invitation's state: sent, opened, accepted, expired, revoked."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from alliance.models import Invitation, Job, User

pytestmark = pytest.mark.django_db

LIST = "/animation/invitations/"


def invite(facilitator, email="ines@example.org", **fields) -> Invitation:
    return Invitation.objects.create(
        email=email, invited_by=facilitator, message="Bienvenue !", **fields
    )


def link_in(message) -> str:
    return re.search(r"http://[^\s]+(/invitation/[\w-]+/)", message.body).group(1)


def one_of_each_state(facilitator) -> dict[str, Invitation]:
    now = timezone.now()
    accepted_by = User.objects.create_user(email="acceptee@example.org", password="x")
    return {
        "sent": invite(facilitator, "envoyee@example.org"),
        "opened": invite(facilitator, "ouverte@example.org", opened_at=now),
        "accepted": invite(
            facilitator, "acceptee@example.org", opened_at=now, accepted_at=now, user=accepted_by
        ),
        "expired": invite(facilitator, "expiree@example.org", expires_at=now - timedelta(days=1)),
        "revoked": invite(facilitator, "revoquee@example.org", revoked_at=now),
    }


def test_following_the_link_marks_the_invitation_opened_once(client, facilitator):
    invitation = invite(facilitator)
    assert invitation.state == Invitation.State.SENT
    client.get(invitation.get_absolute_url())
    invitation.refresh_from_db()
    first = invitation.opened_at
    assert first is not None
    assert invitation.state == Invitation.State.OPENED
    client.get(invitation.get_absolute_url())
    invitation.refresh_from_db()
    assert invitation.opened_at == first


def test_an_unusable_link_is_not_marked_opened(client, facilitator):
    invitation = invite(facilitator, revoked_at=timezone.now())
    assert client.get(invitation.get_absolute_url()).status_code == 410
    invitation.refresh_from_db()
    assert invitation.opened_at is None


def test_the_list_shows_every_state_and_counts_them(client, facilitator):
    one_of_each_state(facilitator)
    client.force_login(facilitator)
    html = client.get(LIST).content.decode()
    for label in ("envoyée", "ouverte", "acceptée", "expirée", "révoquée"):
        assert f">{label}</span>" in html
    for label in ("Envoyée", "Ouverte", "Acceptée", "Expirée", "Révoquée"):
        assert f"{label} (1)" in html


@pytest.mark.parametrize("state", ["sent", "opened", "accepted", "expired", "revoked"])
def test_the_list_filters_by_state(client, facilitator, state):
    invitations = one_of_each_state(facilitator)
    client.force_login(facilitator)
    response = client.get(LIST, {"etat": state})
    shown = list(response.context["page"].object_list)
    assert shown == [invitations[state]]


def test_an_unknown_state_filter_shows_them_all(client, facilitator):
    one_of_each_state(facilitator)
    client.force_login(facilitator)
    response = client.get(LIST, {"etat": "nimporte"})
    assert len(response.context["page"].object_list) == 5


def test_the_database_state_agrees_with_the_python_state(facilitator):
    one_of_each_state(facilitator)
    for invitation in Invitation.objects.with_state():
        assert invitation.current_state == invitation.state, invitation.email


def test_the_list_runs_the_same_queries_for_few_or_many_invitations(
    client, facilitator, django_assert_max_num_queries
):
    client.force_login(facilitator)
    for n in range(40):
        invite(facilitator, f"personne{n}@example.org", opened_at=timezone.now())
    with django_assert_max_num_queries(8):
        response = client.get(LIST)
    assert len(response.context["page"].object_list) == 40


def test_resending_sends_a_new_link_and_voids_the_old_one(
    client, facilitator, django_capture_on_commit_callbacks
):
    old = invite(facilitator)
    client.force_login(facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{LIST}{old.pk}/renvoyer/", follow=True)
    assert "Nouveau lien envoyé à ines@example.org" in response.content.decode()
    old.refresh_from_db()
    new = old.replaced_by
    assert new is not None and new.token != old.token
    assert (new.email, new.message, new.invited_by) == (
        "ines@example.org",
        "Bienvenue !",
        facilitator,
    )
    assert old.state == Invitation.State.REVOKED
    assert new.state == Invitation.State.SENT
    [message] = mail.outbox
    assert link_in(message) == new.get_absolute_url()
    assert Job.objects.filter(name="alliance.mail.deliver").count() == 1

    client.logout()
    stale = client.get(old.get_absolute_url())
    assert stale.status_code == 410
    assert "remplacé par un nouvel envoi" in stale.content.decode()
    assert client.get(new.get_absolute_url()).status_code == 302


def test_an_expired_invitation_can_be_resent(client, facilitator):
    old = invite(facilitator, expires_at=timezone.now() - timedelta(days=1))
    client.force_login(facilitator)
    client.post(f"{LIST}{old.pk}/renvoyer/")
    old.refresh_from_db()
    assert old.replaced_by.is_usable


def test_an_accepted_or_already_resent_invitation_is_not_resent(client, facilitator):
    accepted = invite(facilitator, "a@example.org", accepted_at=timezone.now())
    client.force_login(facilitator)
    response = client.post(f"{LIST}{accepted.pk}/renvoyer/", follow=True)
    assert "ne peut plus être renvoyée" in response.content.decode()
    resendable = invite(facilitator, "b@example.org")
    client.post(f"{LIST}{resendable.pk}/renvoyer/")
    client.post(f"{LIST}{resendable.pk}/renvoyer/")  # a second click on a stale page
    assert Invitation.objects.filter(email="b@example.org").count() == 2
    assert Invitation.objects.filter(email="a@example.org").count() == 1


def test_revoking_voids_the_link_with_a_french_page(client, facilitator):
    invitation = invite(facilitator)
    client.force_login(facilitator)
    response = client.post(f"{LIST}{invitation.pk}/revoquer/", follow=True)
    assert "Invitation de ines@example.org révoquée" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.state == Invitation.State.REVOKED
    client.logout()
    page = client.get(invitation.get_absolute_url())
    assert page.status_code == 410
    assert "a été révoqué par l'équipe d'animation" in page.content.decode()
    # Sign-up stays closed with the revoked token in the session.
    session = client.session
    session["invitation_token"] = invitation.token
    session.save()
    assert "Prénom" not in client.get("/compte/signup/").content.decode()


def test_a_revoked_address_can_be_invited_again(client, facilitator):
    invite(facilitator, revoked_at=timezone.now())
    client.force_login(facilitator)
    client.post(LIST, {"email": "ines@example.org"})
    assert Invitation.objects.usable().filter(email="ines@example.org").count() == 1


def test_revoking_an_accepted_invitation_changes_nothing(client, facilitator):
    invitation = invite(facilitator, accepted_at=timezone.now())
    client.force_login(facilitator)
    response = client.post(f"{LIST}{invitation.pk}/revoquer/", follow=True)
    assert "rien à révoquer" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.revoked_at is None


def test_htmx_resend_and_revoke_return_the_panel(client, facilitator):
    first, second = invite(facilitator, "un@example.org"), invite(facilitator, "deux@example.org")
    client.force_login(facilitator)
    htmx = {"HX-Request": "true"}
    html = client.post(f"{LIST}{first.pk}/revoquer/", headers=htmx).content.decode()
    assert html.strip().startswith('<div id="invitation-panel">')
    assert "révoquée" in html
    html = client.post(f"{LIST}{second.pk}/renvoyer/", headers=htmx).content.decode()
    assert html.strip().startswith('<div id="invitation-panel">')
    assert "Nouveau lien envoyé à deux@example.org" in html


def test_the_list_offers_resend_and_revoke_where_they_apply(client, facilitator):
    invitations = one_of_each_state(facilitator)
    client.force_login(facilitator)
    html = client.get(LIST).content.decode()
    for state, invitation in invitations.items():
        resend = f"{LIST}{invitation.pk}/renvoyer/" in html
        revoke = f"{LIST}{invitation.pk}/revoquer/" in html
        assert resend == (state != "accepted"), state
        assert revoke == (state in {"sent", "opened"}), state
