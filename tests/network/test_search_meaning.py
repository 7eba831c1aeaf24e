"""Search finds what people mean: typos, places, themes; grouped, counted, highlighted."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from network.models import SearchWord
from network.search import vocabulary
from network.search.query import search, search_or_suggest
from tests import factories

pytestmark = pytest.mark.django_db


def _titles(groups, key):
    group = next((g for g in groups if g.key == key), None)
    return sorted(getattr(h.obj, "title", None) or h.obj.name for h in group.hits) if group else []


@pytest.fixture
def territory():
    energie = factories.ThemeFactory(name="Énergie", slug="energie")
    mobilite = factories.ThemeFactory(name="Mobilité", slug="mobilite")
    orens = factories.CommuneFactory(name="Saint-Orens-de-Gameville", slug="saint-orens")
    blagnac = factories.CommuneFactory(name="Blagnac", slug="blagnac")
    solar = factories.ProjectFactory(title="Toits solaires partagés")
    solar.themes.add(energie)
    solar.communes.add(orens)
    bus = factories.ProjectFactory(title="Mobilité douce vers les zones d'activité")
    bus.themes.add(mobilite)
    bus.communes.add(blagnac)
    factories.OrganisationFactory(name="Atelier du Touch", commune=blagnac)
    return {"solar": solar, "bus": bus}


def test_similarity_in_python_forgives_one_slip_and_refuses_other_words():
    assert vocabulary.similarity("enrgie", "energie") > vocabulary.PYTHON_CUTOFF
    assert vocabulary.similarity("mobilte", "mobilite") > vocabulary.PYTHON_CUTOFF
    assert vocabulary.similarity("mobilte", "maraichage") < vocabulary.PYTHON_CUTOFF


def test_vocabulary_holds_folded_words_of_titles_and_taxonomy(territory):
    words = set(SearchWord.objects.values_list("word", flat=True))
    assert {"mobilite", "energie", "blagnac", "solaires", "gameville"} <= words
    assert vocabulary.rebuild() == len(words)


def test_nearest_word_corrects_typos(territory):
    assert vocabulary.nearest("mobilte") == ("mobilite", "mobilité")
    assert vocabulary.nearest("enrgie") == ("energie", "énergie")
    assert vocabulary.nearest("zzzzqq") is None


def test_vocabulary_keeps_each_word_as_written_lower_cased(territory):
    shown = dict(SearchWord.objects.values_list("word", "display"))
    assert shown["mobilite"] == "mobilité"
    assert shown["energie"] == "énergie"
    assert shown["gameville"] == "gameville"
    assert vocabulary.words_of("L'Électricité du NORD") == {
        "electricite": "électricité",
        "nord": "nord",
    }


def test_a_typo_finds_the_word_meant_and_suggests_it(territory):
    results = search_or_suggest("mobilté", AnonymousUser())
    assert results.suggestion == "mobilité"
    assert _titles(results.groups, "projects") == ["Mobilité douce vers les zones d'activité"]
    assert search_or_suggest("enrgie", AnonymousUser()).suggestion == "énergie"


def test_a_theme_finds_every_project_carrying_it(territory):
    assert _titles(search("energie", AnonymousUser()), "projects") == ["Toits solaires partagés"]


def test_a_commune_finds_its_projects_and_organisations_even_partially(territory):
    assert _titles(search("Saint-Orens", AnonymousUser()), "projects") == [
        "Toits solaires partagés"
    ]
    groups = search("Blagnac", AnonymousUser())
    assert _titles(groups, "projects") == ["Mobilité douce vers les zones d'activité"]
    assert _titles(groups, "organisations") == ["Atelier du Touch"]


def test_page_groups_by_kind_with_counts_and_filters_by_kind(client, territory):
    response = client.get(reverse("search"), {"q": "Blagnac"})
    html = response.content.decode()
    assert 'Projets <span class="count">(1)</span>' in html
    assert "kind=organisations" in html
    filtered = client.get(reverse("search"), {"q": "Blagnac", "kind": "projects"})
    assert "Atelier du Touch" not in filtered.content.decode()
    assert "Mobilité douce" in filtered.content.decode()


def test_page_suggests_and_highlights_while_keeping_user_text_escaped(client, territory):
    html = client.get(reverse("search"), {"q": "mobilté <b>x</b>"}).content.decode()
    assert "<b>x</b>" not in html
    html = client.get(reverse("search"), {"q": "mobilté"}).content.decode()
    assert "Vouliez-vous dire" in html
    assert '« <a href="/recherche/?q=mobilit%C3%A9">mobilité</a> »' in html
    assert "<mark>Mobilité</mark>" in html


def test_search_page_costs_a_fixed_number_of_queries(
    client, territory, django_assert_max_num_queries
):
    for n in range(15):
        factories.ProjectFactory(title=f"Énergie locale {n}").themes.add(
            territory["solar"].themes.first()
        )
    with django_assert_max_num_queries(12):
        response = client.get(reverse("search"), {"q": "energie"})
    assert "(16)" in response.content.decode()
    with django_assert_max_num_queries(22):
        client.get(reverse("search"), {"q": "enrgie"})
