import pytest

from tests.access import MEMBERS, PUBLIC, Row, cases, check, ids

FACILITATORS_PLACEHOLDER = MEMBERS  # until the invitations page lands

ACCESS = [
    Row("home", "/", PUBLIC),
    Row("legal", "/mentions-legales/", PUBLIC),
    Row("accessibility", "/accessibilite/", PUBLIC),
    Row("profile", "/compte/profil/", MEMBERS),
    Row("accept_invitation", "/invitation/inconnue/", PUBLIC),
    Row("invitations", "/animation/invitations/", FACILITATORS_PLACEHOLDER),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("row", "role"), cases(ACCESS), ids=ids(ACCESS))
def test_access(row, role, client_as, request):
    check(row, role, client_as, request.getfixturevalue)
