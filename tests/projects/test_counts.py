"""The catalogue's counts kept in tallies (projects/counts.py, actors/counts.py): right after
every save, delete and change of themes, read by the pages instead of counting."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from actors import counts as actor_counts
from actors.models import Organisation
from alliance import tallies
from alliance.models import Tally
from projects import counts
from projects.models import Project
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def energy():
    return factories.ThemeFactory(name="Énergie", slug="energie")


def _stored(name: str) -> int | None:
    return tallies.read(name).get(name)


def test_publishing_archiving_and_deleting_keep_the_published_count_right(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        solar = factories.ProjectFactory(title="Ombrières solaires")
        draft = factories.ProjectFactory(title="Brouillon", state=Project.State.DRAFT)
    assert _stored(counts.PUBLISHED) == 1
    with django_capture_on_commit_callbacks(execute=True):
        draft.publish()
    assert _stored(counts.PUBLISHED) == 2
    with django_capture_on_commit_callbacks(execute=True):
        solar.archive()
    assert _stored(counts.PUBLISHED) == 1
    with django_capture_on_commit_callbacks(execute=True):
        draft.delete()
    assert _stored(counts.PUBLISHED) == 0


def test_adding_and_removing_a_theme_keeps_its_count_right(
    energy, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        project = factories.ProjectFactory(phase="etude")
        project.themes.add(energy)
    assert _stored(f"projects:theme:{energy.pk}") == 1
    assert _stored("projects:phase:etude") == 1
    with django_capture_on_commit_callbacks(execute=True):
        project.themes.remove(energy)
    assert _stored(f"projects:theme:{energy.pk}") is None  # no tally: none, counted 0


def test_many_changes_in_one_transaction_recount_once(energy, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        for i in range(3):
            factories.ProjectFactory(title=f"Projet {i}").themes.add(energy)
    recounts = [c for c in callbacks if getattr(c, "prefix", None) == counts.PREFIX]
    assert len(recounts) == 1  # the other callbacks bump cache versions


def test_the_list_reads_its_count_for_no_filter_or_one_and_counts_a_combination(
    client, energy, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for phase in ["idee", "etude", "etude"]:
            factories.ProjectFactory(phase=phase).themes.add(energy)
        factories.ProjectFactory(phase="etude")
    for query, expected in [("", 4), ("?theme=energie", 3), ("?phase=etude&tri=recent", 3)]:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/projets/{query}")
        assert response.context["page"].paginator.count == expected
        assert not any("COUNT(" in q["sql"] for q in queries), query
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/projets/?theme=energie&phase=etude")
    assert response.context["page"].paginator.count == 2
    assert any("COUNT(" in q["sql"] for q in queries)


def test_pages_count_when_no_tally_was_ever_computed(client, energy):
    factories.ProjectFactory().themes.add(energy)  # its commit never ran: no tally
    assert not Tally.objects.exists()
    assert client.get("/projets/?theme=energie").context["page"].paginator.count == 1
    assert client.get("/").context["counts"]["projects"] == 1


def test_organisations_keep_the_active_count_that_home_and_directory_read(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        kept = factories.OrganisationFactory(name="Coopérative")
        gone = factories.OrganisationFactory(name="Association")
    assert _stored(actor_counts.ACTIVE) == 2
    with django_capture_on_commit_callbacks(execute=True):
        gone.delete()
        factories.OrganisationFactory(name="Partie", status=Organisation.Status.LEFT)
    assert _stored(actor_counts.ACTIVE) == 1
    with django_capture_on_commit_callbacks(execute=True):
        kept.status = Organisation.Status.LEFT
        kept.save()
    assert _stored(actor_counts.ACTIVE) == 0
    with django_capture_on_commit_callbacks(execute=True):
        factories.OrganisationFactory.create_batch(3)
    expected = 3
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/acteurs/")
    assert response.context["page"].paginator.count == expected
    assert not any("COUNT(" in q["sql"] for q in queries)
    assert client.get("/").context["counts"]["actors"] == expected


def test_the_home_page_reads_both_counts_in_one_query(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        factories.OrganisationFactory()
        factories.ProjectFactory.create_batch(2)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")
    assert response.context["counts"] == {"actors": 1, "projects": 2, "meetings": 0}
    tally_reads = [q for q in queries if "alliance_tally" in q["sql"]]
    assert len(tally_reads) == 1
    assert not any('COUNT(*) AS "__count" FROM "projects_project"' in q["sql"] for q in queries)
