from io import StringIO

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command

from actors.models import Organisation
from ideas.models import Idea
from network.search.index import rebuild
from network.search.query import highlight, search, stem, terms
from projects.models import Project
from tests import factories

pytestmark = pytest.mark.django_db


def _titles(groups, key):
    group = next((g for g in groups if g.key == key), None)
    return [getattr(hit.obj, "title", None) or hit.obj.name for hit in group.hits] if group else []


def test_terms_are_folded_and_stop_words_dropped():
    assert terms("L'Énergie  SOLAIRE de la ville") == ["energie", "solaire", "ville"]


def test_stem_lets_energie_reach_energetique():
    assert "energetique".startswith(stem("energie"))
    assert stem("eau") == "eau"


def test_highlight_escapes_before_marking():
    html = highlight("<script>alert(1)</script> Énergie", ["energ"])
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "<mark>Énergie</mark>" in html


def test_energie_finds_energie_and_energetique_without_regard_to_case_or_accents():
    factories.ProjectFactory(title="ENERGIE citoyenne")
    factories.ProjectFactory(title="Rénovation énergétique des écoles")
    factories.ProjectFactory(title="Jardins partagés", summary="Synergies de quartier")
    groups = search("énergie", AnonymousUser())
    assert sorted(_titles(groups, "projects")) == [
        "ENERGIE citoyenne",
        "Rénovation énergétique des écoles",
    ]


def test_an_unaccented_query_finds_accented_text():
    factories.OrganisationFactory(name="Société Coopérative d'Électricité")
    groups = search("electricite cooperative", AnonymousUser())
    assert _titles(groups, "organisations") == ["Société Coopérative d'Électricité"]


def test_results_are_grouped_by_kind():
    factories.OrganisationFactory(name="Mobilité douce SA")
    factories.ProjectFactory(title="Vélo-école mobilité")
    factories.IdeaFactory(title="Plus de mobilité en vélo")
    factories.CircleFactory(name="Cercle mobilité")
    factories.MeetingFactory(title="Atelier mobilité")
    factories.MilestoneFactory(title="Plan de mobilité adopté")
    groups = search("mobilité", AnonymousUser())
    assert [g.key for g in groups] == [
        "organisations",
        "projects",
        "ideas",
        "circles",
        "meetings",
        "milestones",
    ]


def test_a_visitor_never_finds_a_draft_or_a_private_space_idea():
    factories.ProjectFactory(title="Compost brouillon", state=Project.State.DRAFT)
    factories.ProjectFactory(title="Compost publié")
    private = factories.IdeaSpaceFactory(is_public=False)
    factories.IdeaFactory(title="Compost secret", space=private)
    factories.IdeaFactory(title="Compost partagé")
    groups = search("compost", AnonymousUser())
    assert _titles(groups, "projects") == ["Compost publié"]
    assert _titles(groups, "ideas") == ["Compost partagé"]


def test_a_member_finds_ideas_of_private_spaces(member):
    private = factories.IdeaSpaceFactory(is_public=False)
    factories.IdeaFactory(title="Compost secret", space=private)
    assert _titles(search("compost", member), "ideas") == ["Compost secret"]


def test_merged_ideas_and_organisations_that_left_are_not_found():
    kept = factories.IdeaFactory(title="Ruches urbaines")
    factories.IdeaFactory(title="Ruches en ville", merged_into=kept)
    factories.OrganisationFactory(name="Ruches SARL", status=Organisation.Status.LEFT)
    groups = search("ruches", AnonymousUser())
    assert _titles(groups, "ideas") == ["Ruches urbaines"]
    assert _titles(groups, "organisations") == []


def test_the_search_page_shows_highlighted_results(client):
    factories.ProjectFactory(title="Énergie solaire <b>partagée</b>")
    response = client.get("/recherche/", {"q": "energie"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "<mark>Énergie</mark> solaire &lt;b&gt;partagée&lt;/b&gt;" in body
    assert 'id="results-projects"' in body


def test_htmx_request_returns_results_only(client):
    factories.ProjectFactory(title="Énergie solaire")
    response = client.get("/recherche/", {"q": "energie"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="search-results"')
    assert "<html" not in body


def test_the_search_page_can_narrow_to_one_kind(client):
    factories.ProjectFactory(title="Énergie solaire")
    factories.OrganisationFactory(name="Énergie SA")
    response = client.get("/recherche/", {"q": "energie", "kind": "projects"})
    assert [g.key for g in response.context["groups"]] == ["projects"]


def test_a_too_long_query_is_refused_in_french(client):
    response = client.get("/recherche/", {"q": "x" * 201})
    assert response.status_code == 200
    assert "Votre recherche est trop longue" in response.content.decode()
    assert response.context["groups"] == []


def test_no_result_says_so(client):
    response = client.get("/recherche/", {"q": "introuvable"})
    assert "Aucun résultat pour « introuvable »" in response.content.decode()


def test_suggestions_fragment_lists_a_few_hits_and_a_link_to_all(client):
    for n in range(5):
        factories.ProjectFactory(title=f"Énergie {n}")
    response = client.get("/recherche/suggestions/", {"q": "éner"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert body.count("<mark>Énergie</mark>") == 3
    assert "/recherche/?q=%C3%A9ner" in body
    assert "<html" not in body


def test_empty_suggestions_are_empty(client):
    response = client.get("/recherche/suggestions/", {"q": " "}, headers={"HX-Request": "true"})
    assert response.content == b""


def test_the_header_search_box_asks_for_suggestions(client):
    body = client.get("/recherche/").content.decode()
    assert 'hx-get="/recherche/suggestions/"' in body
    assert 'action="/recherche/"' in body


def _bulk(n: int) -> None:
    """n projects; ideas and organisations at a tenth (bench/bench_network.py goes full size)."""
    space = factories.IdeaSpaceFactory()
    Project.objects.bulk_create(
        Project(title=f"Transition énergétique {i}", slug=f"te-{i}", state="publie")
        for i in range(n)
    )
    Idea.objects.bulk_create(Idea(space=space, title=f"Énergie idée {i}") for i in range(n // 10))
    Organisation.objects.bulk_create(
        Organisation(name=f"Énergie {i}", slug=f"en-{i}", kind="entreprise") for i in range(n // 20)
    )
    rebuild()  # bulk_create sends no signal: index them on PostgreSQL (no-op on SQLite)


@pytest.mark.parametrize("rows", [100, 10_000])
def test_search_makes_a_fixed_number_of_queries_whatever_the_size(
    client, rows, django_assert_num_queries
):
    from django.db import connection

    _bulk(rows)
    # PostgreSQL: one query ranks every kind and reads the rows shown; SQLite: one per kind.
    with django_assert_num_queries(1 if connection.vendor == "postgresql" else 6):
        response = client.get("/recherche/", {"q": "énergie"})
    groups = response.context["groups"]
    assert [g.key for g in groups] == ["organisations", "projects", "ideas"]
    assert [len(g.hits) for g in groups] == [5 if rows == 100 else 10, 10, 10]


def test_the_index_follows_saves_and_deletes(client):
    project = factories.ProjectFactory(title="Compostage collectif")
    assert _titles(search("compost", AnonymousUser()), "projects") == ["Compostage collectif"]
    project.title = "Lombriculture"
    project.save()
    assert search("compost", AnonymousUser()) == []
    assert _titles(search("lombric", AnonymousUser()), "projects") == ["Lombriculture"]
    project.delete()
    assert search("lombric", AnonymousUser()) == []


def test_a_save_of_other_fields_does_not_reindex():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    project = factories.ProjectFactory(title="Compostage collectif")
    with CaptureQueriesContext(connection) as phase_only:
        project.save(update_fields=["phase"])
    with CaptureQueriesContext(connection) as title:
        project.save(update_fields=["title"])
    reindexed = [q for q in title.captured_queries if "network_searchentry" in q["sql"]]
    assert not [q for q in phase_only.captured_queries if "network_searchentry" in q["sql"]]
    assert len(reindexed) == (1 if connection.vendor == "postgresql" else 0)


def test_rebuilding_the_index_catches_bulk_writes(client):
    Project.objects.bulk_create(
        [Project(title="Ressourcerie", slug="ressourcerie", state="publie")]
    )
    call_command("rebuild_search_index", stdout=StringIO())
    assert _titles(search("ressourcerie", AnonymousUser()), "projects") == ["Ressourcerie"]


def test_past_a_hundred_matches_the_page_says_more_than_a_hundred(client):
    Project.objects.bulk_create(
        Project(title=f"Eau de pluie {i}", slug=f"eau-{i}", state="publie") for i in range(105)
    )
    rebuild()
    html = client.get("/recherche/", {"q": "eau"}).content.decode()
    assert 'Projets <span class="count">(plus de 100)</span>' in html
    response = client.get("/recherche/", {"q": "eau", "kind": "projects"})
    group = response.context["groups"][0]
    assert (len(group.hits), group.has_more) == (50, True)


def test_every_kind_found_costs_one_query_on_postgresql(django_assert_num_queries):
    from django.db import connection

    factories.OrganisationFactory(name="Mobilité douce SA")
    factories.ProjectFactory(title="Vélo-école mobilité")
    factories.IdeaFactory(title="Plus de mobilité en vélo")
    factories.CircleFactory(name="Cercle mobilité")
    factories.MeetingFactory(title="Atelier mobilité")
    factories.MilestoneFactory(title="Plan de mobilité adopté")
    # Each hit's title, excerpt and link come with the ranking: no query per hit.
    with django_assert_num_queries(1 if connection.vendor == "postgresql" else 6):
        groups = search("mobilité", AnonymousUser())
        links = [hit.url for group in groups for hit in group.hits]
    assert len(links) == 6


def test_among_many_matches_a_title_match_ranks_first_on_postgresql():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("SQLite lists its matches by title")
    Project.objects.bulk_create(
        Project(title=f"Jardin {i}", slug=f"j-{i}", state="publie", summary="Arrosage, eau")
        for i in range(150)
    )
    Project.objects.bulk_create([Project(title="Eau", slug="eau", state="publie")])
    rebuild()
    assert _titles(search("eau", AnonymousUser()), "projects")[0] == "Eau"


def test_highlight_reads_text_whose_letters_do_not_fold_one_for_one():
    html = highlight("Straße … l'Énergie", [stem("energie")])
    assert html == "Straße … l&#x27;<mark>Énergie</mark>"


def test_every_searched_kind_has_its_index():
    from network.models import SEARCH_KINDS
    from network.search.kinds import KINDS

    assert tuple(kind.key for kind in KINDS) == SEARCH_KINDS
