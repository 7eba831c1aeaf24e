"""Filtered actor rows announce their count (issue 15)."""

import pytest

from tests import factories

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


def test_htmx_actor_rows_announce_the_count(client):
    factories.OrganisationFactory.create_batch(3)
    body = client.get("/acteurs/", headers=HTMX).content.decode()
    assert 'data-announce="3 acteurs"' in body
