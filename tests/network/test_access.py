import pytest

from tests.access import PUBLIC, Row, cases, check, ids

ACCESS = [
    Row("search", "/recherche/?q=energie", PUBLIC),
    Row("open_data", "/donnees/", PUBLIC),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("row", "role"), cases(ACCESS), ids=ids(ACCESS))
def test_access(row, role, client_as, request):
    check(row, role, client_as, request.getfixturevalue)
