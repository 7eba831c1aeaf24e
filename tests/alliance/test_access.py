import pytest

from tests.access import FACILITATORS, MEMBERS, PUBLIC, Row, cases, check, ids

ALL_404 = dict.fromkeys(PUBLIC, 404)
ANONYMOUS_ONLY = {"anonymous": 200, "member": 302, "carrier": 302, "facilitator": 302, "admin": 302}


def _pending_invitation_link(fixture) -> str:
    from alliance.models import Invitation

    return Invitation.objects.create(email="nouvelle@example.org").get_absolute_url()


def _pending_invitation(fixture):
    from alliance.models import Invitation

    return Invitation.objects.create(email="renvoi@example.org")


def _pending_join_request(fixture):
    from alliance.models import JoinRequest

    return JoinRequest.objects.create(name="Anne Onyme", email="anne@example.org")


def _logo_url(fixture) -> str:
    from django.core.files.base import ContentFile

    from tests import factories

    organisation = factories.OrganisationFactory()
    organisation.logo.save("logo.png", ContentFile(b"\x89PNG\r\n\x1a\n"), save=True)
    return organisation.logo.url


ACCESS = [
    Row("home", "/", PUBLIC),
    Row("logo", _logo_url, PUBLIC, note="organisation logos are public"),
    Row("legal", "/mentions-legales/", PUBLIC),
    Row("accessibility", "/accessibilite/", PUBLIC),
    Row("javascript_catalog", "/jsi18n/", PUBLIC, note="the scripts' translations"),
    Row("profile", "/compte/profil/", MEMBERS),
    Row(
        "profile",
        "/compte/profil/",
        {**MEMBERS, "member": 302, "carrier": 302, "facilitator": 302, "admin": 302},
        method="post",
        data={"first_name": "Nouveau", "last_name": "Nom"},
    ),
    Row("accept_invitation", "/invitation/inconnue/", ALL_404, note="unknown token"),
    Row(
        "accept_invitation",
        _pending_invitation_link,
        dict.fromkeys(PUBLIC, 302),
        note="usable token: signup, or home when logged in",
        location="/compte/signup/",
    ),
    Row("invitations", "/animation/invitations/", FACILITATORS),
    Row(
        "invitations",
        "/animation/invitations/",
        {**FACILITATORS, "facilitator": 302, "admin": 302},
        method="post",
        data={"email": "invitee@example.org"},
    ),
    Row(
        "invitation_resend",
        lambda f: f"/animation/invitations/{_pending_invitation(f).pk}/renvoyer/",
        {**FACILITATORS, "facilitator": 302, "admin": 302},
        method="post",
        location="/compte/login/",
    ),
    Row(
        "invitation_revoke",
        lambda f: f"/animation/invitations/{_pending_invitation(f).pk}/revoquer/",
        {**FACILITATORS, "facilitator": 302, "admin": 302},
        method="post",
        location="/compte/login/",
    ),
    Row(
        "join_request",
        "/demander-a-rejoindre/",
        {**PUBLIC, "member": 302, "carrier": 302, "facilitator": 302, "admin": 302},
        note="visitors only",
    ),
    Row(
        "join_request",
        "/demander-a-rejoindre/",
        dict.fromkeys(PUBLIC, 302),
        method="post",
        data={"name": "Anne Onyme", "email": "anne@example.org"},
        location="/demander-a-rejoindre/merci/",
    ),
    Row("join_request_thanks", "/demander-a-rejoindre/merci/", PUBLIC),
    Row(
        "join_request_accept",
        lambda f: f"/animation/demandes/{_pending_join_request(f).pk}/accepter/",
        {**FACILITATORS, "facilitator": 302, "admin": 302},
        method="post",
        location="/compte/login/",
    ),
    Row(
        "join_request_decline",
        lambda f: f"/animation/demandes/{_pending_join_request(f).pk}/refuser/",
        {**FACILITATORS, "facilitator": 302, "admin": 302},
        method="post",
        location="/compte/login/",
    ),
    # allauth's pages that we restyled or changed.
    Row("account_login", "/compte/login/", ANONYMOUS_ONLY),
    Row("account_signup", "/compte/signup/", ANONYMOUS_ONLY, note="closed: by invitation"),
    Row("account_reset_password", "/compte/password/reset/", PUBLIC),
    Row("account_reset_password_done", "/compte/password/reset/done/", PUBLIC),
    Row("account_change_password", "/compte/password/change/", MEMBERS),
    Row("account_email", "/compte/email/", MEMBERS),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("row", "role"), cases(ACCESS), ids=ids(ACCESS))
def test_access(row, role, client_as, request):
    check(row, role, client_as, request.getfixturevalue)
