"""Filtered and paginated project rows announce their count (issue 15)."""

import pytest

from tests import factories

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


def test_htmx_project_rows_announce_the_count(client):
    factories.ProjectFactory.create_batch(2)
    body = client.get("/projets/", headers=HTMX).content.decode()
    assert 'data-announce="2 projets"' in body


def test_a_single_project_is_announced_in_the_singular(client):
    factories.ProjectFactory()
    body = client.get("/projets/", headers=HTMX).content.decode()
    assert 'data-announce="1 projet"' in body
