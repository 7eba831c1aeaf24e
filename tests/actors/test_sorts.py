"""The directory's sorts: by name (the default), newest, latest updated."""

import datetime as dt

import pytest
from django.utils import timezone

from actors.models import Organisation
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_organisations():
    now = timezone.now()
    for name, created, updated in [("Alpha", 3, 1), ("Beta", 1, 2), ("Gamma", 2, 3)]:
        organisation = factories.OrganisationFactory(name=name)
        Organisation.objects.filter(pk=organisation.pk).update(
            created_at=now - dt.timedelta(days=created),
            updated_at=now - dt.timedelta(days=updated),
        )


def _order(response) -> list[str]:
    return sorted(["Alpha", "Beta", "Gamma"], key=lambda name: response.text.index(f">{name}<"))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["Alpha", "Beta", "Gamma"]),
        ("?tri=nom", ["Alpha", "Beta", "Gamma"]),
        ("?tri=recent", ["Beta", "Gamma", "Alpha"]),
        ("?tri=maj", ["Alpha", "Beta", "Gamma"]),
    ],
)
def test_the_directory_sorts_as_the_url_asks(client, three_organisations, query, expected):
    assert _order(client.get(f"/acteurs/{query}")) == expected


def test_the_sort_is_a_select_and_htmx_rows_follow_it(client, three_organisations):
    assert '<option value="recent" selected>' in client.get("/acteurs/?tri=recent").text
    rows = client.get("/acteurs/?tri=recent", headers={"HX-Request": "true"})
    assert "<form" not in rows.text
    assert _order(rows) == ["Beta", "Gamma", "Alpha"]


def test_sorted_directory_queries_do_not_grow(client, django_assert_max_num_queries):
    factories.OrganisationFactory.create_batch(25)
    with django_assert_max_num_queries(8):
        assert client.get("/acteurs/?tri=maj").status_code == 200
