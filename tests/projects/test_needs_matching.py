"""Needs meet the offers that share their kind and a theme, a commune or words (stemmed in
French), best first, with the reason shown; members see only the actions they may take."""

import pytest

from projects.matching import stems
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def hydrogen_bus():
    mobility = factories.ThemeFactory(name="Mobilité", slug="mobilite")
    food = factories.ThemeFactory(name="Alimentation", slug="alimentation")
    blagnac = factories.CommuneFactory(name="Blagnac", slug="blagnac")
    project = factories.ProjectFactory(title="Bus à hydrogène")
    project.themes.add(mobility)
    project.communes.add(blagnac)
    factories.NeedFactory(
        project=project, kind="expertise", description="Expertise sur les bus à hydrogène"
    )
    producers = factories.OfferFactory(
        kind="expertise",
        description="Un réseau de 40 producteurs locaux pour vos cantines",
        organisation=factories.OrganisationFactory(name="Producteurs du Lauragais"),
    )
    producers.themes.add(food)
    fleet = factories.OfferFactory(
        kind="expertise",
        description="Conseil en flottes de véhicules propres",
        organisation=factories.OrganisationFactory(name="Mobilités Conseil", commune=blagnac),
    )
    fleet.themes.add(mobility)
    factories.OfferFactory(
        kind="expertise",
        description="Maintenance de bus et d'autocars",
        organisation=factories.OrganisationFactory(name="Garage Central"),
    )


def test_french_stems_join_the_forms_of_a_word():
    assert stems("Les producteurs locaux") & stems("un producteur local")
    assert not stems("de la et les pour")


def test_a_hydrogen_bus_need_is_not_matched_with_food_producers(client, hydrogen_bus):
    text = client.get("/besoins/").text
    assert "Producteurs du Lauragais" not in text
    assert "Mobilités Conseil" in text
    assert "Garage Central" in text  # shares the word "bus"


def test_matches_are_ranked_by_score_with_their_reason(client, hydrogen_bus):
    text = client.get("/besoins/").text
    assert text.index("Mobilités Conseil") < text.index("Garage Central")
    assert "même thème, même commune" in text
    assert "mots communs" in text


def test_matching_costs_a_fixed_number_of_queries(client, hydrogen_bus, django_assert_num_queries):
    offers = factories.OfferFactory.create_batch(20, kind="expertise", description="Bus")
    for offer in offers:
        offer.themes.add(factories.ThemeFactory())
    with django_assert_num_queries(5):
        assert client.get("/besoins/").status_code == 200


def test_visitors_are_asked_to_log_in_and_see_no_action(client, hydrogen_bus):
    text = client.get("/besoins/").text
    assert "Connectez-vous pour proposer votre aide" in text
    assert "Je peux aider" not in text
    assert "Proposer une offre" not in text


def test_a_member_without_mandate_may_help_but_not_publish(client_as, hydrogen_bus):
    text = client_as("member").get("/besoins/").text
    assert "Je peux aider" in text
    assert "Proposer une offre" not in text
    assert "Publier un besoin de mon organisation" not in text


def test_a_mandated_representative_may_publish_offers_and_needs(client_as, hydrogen_bus):
    text = client_as("carrier").get("/besoins/").text
    assert "Je peux aider" in text
    assert "Proposer une offre" in text
    assert "Publier un besoin de mon organisation" in text


def test_the_needs_board_is_in_the_main_navigation(client):
    assert '<a href="/besoins/"' in client.get("/").text
