"""Long filter lists: organisations are suggested by a small JSON endpoint, not listed in
every page of the catalogue."""

import pytest

from actors.models import Organisation
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_thousand_organisations(django_db_blocker):
    Organisation.objects.bulk_create(
        Organisation(name=f"Association {n}", name_key=f"association {n}", slug=f"asso-{n}")
        for n in range(2000)
    )


def test_the_catalogue_with_2000_organisations_stays_small(
    client, two_thousand_organisations, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        response = client.get("/projets/")
    assert response.text.count("<option") < 100
    assert len(response.content) < 60_000
    assert 'data-autocomplete="/acteurs/organisations.json"' in response.text


def test_the_selected_organisation_filters_without_javascript(client):
    coop = factories.OrganisationFactory(name="Coopérative Énergie", slug="coop-energie")
    carried = factories.ProjectFactory(title="Ombrières")
    factories.ParticipationFactory(project=carried, organisation=coop)
    factories.ProjectFactory(title="Vélos cargos")
    for value in ["coop-energie", "Coopérative Énergie"]:
        response = client.get("/projets/", {"organisation": value})
        assert "Ombrières" in response.text
        assert "Vélos cargos" not in response.text
    assert 'value="coop-energie"' in client.get("/projets/?organisation=coop-energie").text


def test_suggestions_match_the_folded_name_and_stop_at_twenty(
    client, two_thousand_organisations, django_assert_max_num_queries
):
    factories.OrganisationFactory(name="Régie de l'Énergie", slug="regie-energie")
    with django_assert_max_num_queries(1):
        response = client.get("/acteurs/organisations.json", {"q": "regie ENERGIE"})
    assert response.json() == {"results": [{"slug": "regie-energie", "name": "Régie de l'Énergie"}]}
    assert "public" in response["Cache-Control"]
    assert len(client.get("/acteurs/organisations.json", {"q": "asso"}).json()["results"]) == 20


def test_an_empty_query_suggests_nothing(client):
    factories.OrganisationFactory(name="Coop")
    assert client.get("/acteurs/organisations.json").json() == {"results": []}
