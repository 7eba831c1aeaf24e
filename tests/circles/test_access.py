import pytest

from tests.access import PUBLIC, Row, cases, check, ids

ACCESS = [
    Row("circles:list", "/cercles/", PUBLIC),
    Row("circles:detail", "/cercles/exemple/", PUBLIC),
    Row("circles:meeting", "/cercles/reunions/1/", PUBLIC),
    Row("circles:agenda", "/agenda/", PUBLIC),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("row", "role"), cases(ACCESS), ids=ids(ACCESS))
def test_access(row, role, client_as, request):
    check(row, role, client_as, request.getfixturevalue)
