"""The catalogue's sorts: by name (the default), newest, latest updated, most connected."""

import datetime as dt

import pytest
from django.utils import timezone

from projects.models import Project
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_projects():
    now = timezone.now()
    alpha = factories.ProjectFactory(title="Alpha")
    beta = factories.ProjectFactory(title="Beta")
    gamma = factories.ProjectFactory(title="Gamma")
    for project, created, updated in [(alpha, 3, 1), (beta, 1, 2), (gamma, 2, 3)]:
        Project.objects.filter(pk=project.pk).update(
            created_at=now - dt.timedelta(days=created),
            updated_at=now - dt.timedelta(days=updated),
        )
    factories.LinkFactory(source=gamma, target=beta)
    factories.LinkFactory(source=alpha, target=gamma)
    return alpha, beta, gamma


def _order(response) -> list[str]:
    text = response.text
    titles = ["Alpha", "Beta", "Gamma"]
    return sorted(titles, key=lambda title: text.index(f">{title}<"))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["Alpha", "Beta", "Gamma"]),
        ("?tri=nom", ["Alpha", "Beta", "Gamma"]),
        ("?tri=recent", ["Beta", "Gamma", "Alpha"]),
        ("?tri=maj", ["Alpha", "Beta", "Gamma"]),
        ("?tri=liens", ["Gamma", "Alpha", "Beta"]),
    ],
)
def test_the_catalogue_sorts_as_the_url_asks(client, three_projects, query, expected):
    assert _order(client.get(f"/projets/{query}")) == expected


def test_the_sort_is_a_select_in_the_filter_form(client, three_projects):
    response = client.get("/projets/?tri=liens")
    assert '<select name="tri"' in response.text
    assert '<option value="liens" selected>' in response.text


def test_htmx_rows_follow_the_sort(client, three_projects):
    response = client.get("/projets/?tri=recent", headers={"HX-Request": "true"})
    assert "<form" not in response.text
    assert _order(response) == ["Beta", "Gamma", "Alpha"]


def test_most_connected_costs_no_query_per_project(client, django_assert_max_num_queries):
    projects = factories.ProjectFactory.create_batch(30)
    for source, target in zip(projects, projects[1:], strict=False):
        factories.LinkFactory(source=source, target=target)
    with django_assert_max_num_queries(12):
        assert client.get("/projets/?tri=liens").status_code == 200


def test_an_unknown_sort_is_refused_in_french(client, three_projects):
    response = client.get("/projets/?tri=hasard")
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.text
