"""The demo world is searchable as soon as load_demo has run (`make run`): its records,
their themes and communes, and the suggestion for a typo, on SQLite and PostgreSQL."""

import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.urls import reverse

from network.models import SearchEntry, SearchWord
from projects.models import Project
from tests.conftest import isolated_settings

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """load_demo once for the module's tests (it takes seconds), in a transaction rolled
    back after the last one: each test runs in a savepoint of it, as with Django's
    TestCase.setUpTestData, and sees the demo as load_demo left it."""
    # The suite's database starts with an empty vocabulary and index (no migration ran).
    with (
        django_db_blocker.unblock(),
        override_settings(**isolated_settings(tmp_path_factory.mktemp("demo"))),
        transaction.atomic(),
    ):
        call_command("load_demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


def test_load_demo_leaves_every_demo_title_word_in_the_vocabulary(demo):
    project = Project.objects.published().first()
    words = set(SearchWord.objects.values_list("word", flat=True))
    assert {"mobilite", "energie"} <= words
    assert SearchWord.objects.get(word="mobilite").display == "mobilité"
    first_long_word = next(w for w in project.title.split() if len(w) > 4)
    from alliance.text import fold

    assert fold(first_long_word).strip(",.:;'’()") in words


def test_a_visitor_finds_demo_projects_by_title_and_by_theme_right_after_load_demo(client, demo):
    project = Project.objects.published().filter(themes__name="Énergie").first()
    html = client.get(reverse("search"), {"q": project.title}).content.decode()
    assert f'href="{project.get_absolute_url()}"' in html
    themed = Project.objects.published().filter(themes__name="Énergie").count()
    response = client.get(reverse("search"), {"q": "énergie", "kind": "projects"})
    assert response.context["groups"][0].count >= themed


@pytest.mark.parametrize(("typed", "meant"), [("mobilté", "mobilité"), ("enrgie", "énergie")])
def test_the_issue_s_typos_on_the_demo_suggest_the_words_meant(client, demo, typed, meant):
    # The demo holds "mobil" too, which trigrams alone find nearer than "mobilité".
    html = client.get(reverse("search"), {"q": typed}).content.decode()
    assert f">{meant}</a>" in html


def test_a_typo_on_the_demo_suggests_the_word_as_written(client, demo):
    html = client.get(reverse("search"), {"q": "biodiversté"}).content.decode()
    assert "Vouliez-vous dire" in html
    assert ">biodiversité</a>" in html
    assert "Aucun résultat pour « biodiversté »" in html


def test_load_demo_indexes_every_published_demo_project_on_postgresql(demo):
    from django.db import connection

    if connection.vendor != "postgresql":
        assert not SearchEntry.objects.exists()  # SQLite searches the text on the fly
        return
    published = set(Project.objects.published().values_list("pk", flat=True))
    indexed = set(SearchEntry.objects.filter(kind="projects").values_list("object_id", flat=True))
    assert published <= indexed
