"""The interdependency page's summary stored by its job (projects/graph_summary.py): a visit
with an empty cache reads one row instead of the whole graph, and never a summary older
than the data."""

import json
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from alliance.models import Job
from projects import graph_summary, tasks
from projects.models import GraphSummary, Link, Project
from tests.projects.factories import many_projects

pytestmark = pytest.mark.django_db

PAGE = "/projets/interdependances/"


@pytest.fixture
def stored(django_capture_on_commit_callbacks):
    """Fifty linked projects and one more link, saved as a request would: the commit runs
    the job."""
    with django_capture_on_commit_callbacks(execute=True):
        projects = many_projects(50)
        projects[0].links_out.create(target=projects[10], kind=Link.Kind.SYNERGY)
    return GraphSummary.objects.get()


def test_a_change_records_the_job_that_stores_the_default_filters_summary(stored):
    assert stored.computed_generation == stored.generation
    assert stored.data["filters"] == "theme=energie"
    assert stored.data["summary"]["nodes_count"] == 50
    assert Job.objects.filter(name=graph_summary.JOB, state=Job.State.DONE).exists()


def test_a_visit_with_an_empty_cache_reads_the_stored_summary_not_the_graph(
    client, stored, django_assert_num_queries
):
    # Renamed without a signal: only a page reading the stored row shows the old title.
    Project.objects.filter(title="Projet en masse 0001").update(title="Renommé en douce")
    cache.clear()
    # the stored row for its default theme, the theme checked, the row again for the
    # summary, its themes, the form's themes
    with django_assert_num_queries(5):
        html = client.get(PAGE).text
    assert "Projet en masse 0001" in html and "Renommé en douce" not in html
    assert 'data-color="#e67e22"' in html  # the legend's theme, read again by its key


def test_a_summary_older_than_the_data_is_never_read(client, stored):
    Project.objects.filter(title="Projet en masse 0001").update(title="Renommé en douce")
    GraphSummary.stale()  # what the commit of a change does first
    cache.clear()
    assert "Renommé en douce" in client.get(PAGE).text


def test_a_summary_too_old_or_of_other_filters_is_computed_again(client, stored):
    Project.objects.filter(title="Projet en masse 0001").update(title="Renommé en douce")
    GraphSummary.objects.update(computed_at=timezone.now() - timedelta(hours=1))
    cache.clear()
    assert "Renommé en douce" in client.get(PAGE).text
    GraphSummary.objects.update(computed_at=timezone.now())
    cache.clear()
    assert "Renommé en douce" in client.get(PAGE + "?tout=1").text


def test_a_title_change_makes_it_stale_and_its_job_stores_it_again(
    client, stored, django_capture_on_commit_callbacks
):
    project = Project.objects.get(title="Projet en masse 0001")
    project.title = "Renommé au grand jour"
    with django_capture_on_commit_callbacks(execute=True):
        project.save()
    row = GraphSummary.objects.get()
    assert row.generation > stored.generation and row.computed_generation == row.generation
    cache.clear()
    assert "Renommé au grand jour" in client.get(PAGE).text


def test_beat_records_a_refresh_unless_one_waits(stored, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        assert tasks.refresh_graph_summary() is True
        assert tasks.refresh_graph_summary() is False
    assert Job.objects.filter(name=graph_summary.JOB, state=Job.State.PENDING).count() == 1


def test_the_data_view_sends_the_stored_body_in_each_language(client, stored):
    Project.objects.filter(title="Projet en masse 0001").update(title="Renommé en douce")
    cache.clear()
    url = "/projets/interdependances/donnees.json?theme=energie"
    french = client.get(url).json()
    assert "Projet en masse 0001" in json.dumps(french, ensure_ascii=False)  # the stored body
    assert "en synergie avec" in json.dumps(french, ensure_ascii=False)
    cache.clear()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = json.dumps(client.get(url).json(), ensure_ascii=False)
    assert "Projet en masse 0001" in english and "in synergy with" in english


def test_every_language_has_a_stored_body_field():
    names = {field.name for field in GraphSummary._meta.fields}
    assert set(graph_summary.BODY_FIELDS) <= names


def test_other_filters_or_a_stale_row_build_the_data_again(client, stored):
    Project.objects.filter(title="Projet en masse 0001").update(title="Renommé en douce")
    cache.clear()
    assert (
        "Renommé en douce"
        in client.get("/projets/interdependances/donnees.json?tout=1").content.decode()
    )
    GraphSummary.stale()
    cache.clear()
    assert (
        "Renommé en douce"
        in client.get("/projets/interdependances/donnees.json?theme=energie").content.decode()
    )
