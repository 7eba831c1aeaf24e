"""HEAD on every download of this app's URL table (see tests/downloads.py)."""

import pytest

from tests.downloads import check_head, get_rows
from tests.roadmap.test_access import ACCESS

ROWS = get_rows(ACCESS)


@pytest.mark.django_db
@pytest.mark.parametrize("row", ROWS, ids=[str(row) for row in ROWS])
def test_a_download_answers_head_like_get_without_a_body(row, client_as, request):
    check_head(row, client_as, request.getfixturevalue)
