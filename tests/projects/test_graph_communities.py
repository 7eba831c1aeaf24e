"""The graph's groups are stored on the projects by a job that runs after links or projects
change (once for a burst), and the graph page and data read them: no computation per
request."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from alliance import jobs
from alliance.models import Job
from projects import communities
from projects.models import Link, Project
from tests import factories
from tests.projects.factories import many_projects

pytestmark = pytest.mark.django_db


def two_clusters():
    """Two groups of four projects, each linked to all the others of its group, and one
    link between the groups."""
    left = [factories.ProjectFactory(title=f"Gauche {i}") for i in range(4)]
    right = [factories.ProjectFactory(title=f"Droite {i}") for i in range(4)]
    for side in (left, right):
        for i, a in enumerate(side):
            for b in side[i + 1 :]:
                factories.LinkFactory(source=a, target=b)
    factories.LinkFactory(source=left[0], target=right[0])
    return left, right


def stored(projects) -> list[int | None]:
    rows = dict(Project.objects.values_list("pk", "graph_community"))
    return [rows[p.pk] for p in projects]


def graph_nodes(client, query: str = "") -> dict[int, dict]:
    data = client.get(f"/projets/interdependances/donnees.json{query}").json()
    rows = (dict(zip(data["node_fields"], row, strict=True)) for row in data["nodes"])
    return {node["id"]: node for node in rows}


def test_links_saved_store_each_linked_projects_community(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        left, right = two_clusters()
    assert len(set(stored(left))) == 1 and len(set(stored(right))) == 1
    assert stored(left)[0] != stored(right)[0]
    assert None not in stored(left + right)
    assert Job.objects.get(name=communities.JOB).state == Job.State.DONE


def test_a_burst_of_link_edits_records_one_job(django_capture_on_commit_callbacks):
    projects = [factories.ProjectFactory() for _ in range(6)]
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        for a, b in zip(projects, projects[1:], strict=False):
            factories.LinkFactory(source=a, target=b)
        Link.objects.filter(source=projects[0]).delete()
    assert Job.objects.filter(name=communities.JOB).count() == 1
    assert stored(projects)[0] is None  # unlinked again before the job ran
    assert None not in stored(projects[1:])


def test_an_edit_while_the_job_waits_records_no_second_job(django_capture_on_commit_callbacks):
    a, b = factories.ProjectFactory(), factories.ProjectFactory()
    later = jobs.enqueue(communities.JOB, run_after=timezone.now() + timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        factories.LinkFactory(source=a, target=b)
    assert list(Job.objects.filter(name=communities.JOB)) == [later]
    assert jobs.run(later.pk) == Job.State.DONE  # the waiting job sees the new link
    assert stored([a]) == stored([b]) != [None]


def test_unpublishing_a_project_takes_it_and_its_links_out_of_the_groups(
    django_capture_on_commit_callbacks,
):
    a, b, c = (factories.ProjectFactory() for _ in range(3))
    with django_capture_on_commit_callbacks(execute=True):
        factories.LinkFactory(source=a, target=b)
        factories.LinkFactory(source=b, target=c)
    assert None not in stored([a, b, c])
    with django_capture_on_commit_callbacks(execute=True):
        c.archive()
    assert stored([c]) == [None]
    assert stored([a])[0] is not None


def test_a_save_that_leaves_the_state_alone_records_no_job(django_capture_on_commit_callbacks):
    project = factories.ProjectFactory()
    with django_capture_on_commit_callbacks(execute=True):
        project.save(update_fields=["title"])
    assert not Job.objects.filter(name=communities.JOB).exists()


def test_graph_data_reads_the_stored_groups(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        left, right = two_clusters()
    Project.objects.filter(pk=left[1].pk).update(graph_community=777)  # as if stored so
    nodes = graph_nodes(client)
    assert nodes[left[1].pk]["group"] == 777
    assert {nodes[p.pk]["group"] for p in right} == {stored(right)[0]}


def test_a_project_linked_since_the_job_ran_is_a_group_of_its_own(client):
    a, b = factories.ProjectFactory(), factories.ProjectFactory()
    alone = factories.ProjectFactory()
    factories.LinkFactory(source=a, target=b)  # its commit never comes: no job ran
    nodes = graph_nodes(client)
    assert (nodes[a.pk]["group"], nodes[b.pk]["group"]) == (a.pk, b.pk)
    assert nodes[alone.pk]["group"] == 0  # unlinked, as before


@pytest.mark.parametrize("n", [20, 400])
def test_graph_data_with_stored_groups_queries_do_not_grow(client, django_assert_num_queries, n):
    many_projects(n)
    communities.store()
    with django_assert_num_queries(3):  # main themes' colours, projects, links
        nodes = graph_nodes(client)
    assert len(nodes) == n
    assert len({node["group"] for node in nodes.values()}) <= n / 2  # a chain: pairs at most


def test_graph_page_lists_the_stored_groups(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        two_clusters()
    text = client.get("/projets/interdependances/?tout=1").text
    groups = text[text.index('<ol class="groups">') :].split("</ol>")[0]
    assert groups.count("<li>4 projets : ") == 2
    assert groups.index("Droite 0") < groups.index("Droite 3") < groups.index("Gauche 0")


def test_command_stores_the_groups_of_rows_loaded_in_bulk():
    projects = many_projects(10)
    assert stored(projects) == [None] * 10
    out = io.StringIO()
    call_command("compute_graph_communities", stdout=out)
    assert None not in stored(projects)
    assert "10 projects changed" in out.getvalue()
