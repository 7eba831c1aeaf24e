"""Opening any page of the alliance URL table, as any role, creates no row."""

import pytest

from tests.access import ROLES
from tests.alliance.test_access import ACCESS
from tests.get_writes import check_get_writes_nothing


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_get_requests_write_nothing(role, client_as, request):
    check_get_writes_nothing(ACCESS, role, client_as, request.getfixturevalue)
