import pytest

from tests.access import PUBLIC, Row, cases, check, ids

ACCESS = [
    Row("ideas:list", "/idees/", PUBLIC),
    Row("ideas:space", "/idees/espaces/exemple/", PUBLIC),
    Row("ideas:detail", "/idees/1/", PUBLIC),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("row", "role"), cases(ACCESS), ids=ids(ACCESS))
def test_access(row, role, client_as, request):
    check(row, role, client_as, request.getfixturevalue)
