import pytest

from tests.access import PUBLIC, Row, cases, check, ids

ACCESS = [
    Row("projects:list", "/projets/", PUBLIC),
    Row("projects:map", "/projets/carte/", PUBLIC),
    Row("projects:detail", "/projets/exemple/", PUBLIC),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("row", "role"), cases(ACCESS), ids=ids(ACCESS))
def test_access(row, role, client_as, request):
    check(row, role, client_as, request.getfixturevalue)
