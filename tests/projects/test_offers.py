"""Offers and organisation needs published from the site by mandated representatives."""

import datetime

import pytest

from projects.models import Need, Offer
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation(carrier):
    return carrier.person.organisations.get()


@pytest.fixture
def open_need(db):
    return factories.NeedFactory(kind="foncier", description="Terrain de 2 ha pour un méthaniseur")


def test_a_mandated_member_publishes_an_offer_shown_beside_a_matching_need(
    client_as, organisation, open_need
):
    client = client_as("carrier")
    response = client.post(
        "/besoins/offres/proposer/",
        {"organisation": organisation.pk, "kind": "foncier", "description": "Terrain agricole"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/besoins/"
    offer = Offer.objects.get()
    assert offer.organisation == organisation
    page = client.get("/besoins/").content.decode()
    need_row = page.split(f'id="need-{open_need.pk}"')[1]
    assert "Terrain agricole" in need_row
    assert "Votre offre est publiée." in page


def test_a_mandated_member_publishes_a_need_of_their_organisation(client_as, organisation):
    client = client_as("carrier")
    response = client.post(
        "/besoins/proposer/",
        {"organisation": organisation.pk, "kind": "locaux", "description": "Un bureau en ville"},
    )
    assert response.status_code == 302
    need = Need.objects.get()
    assert (need.organisation, need.project, need.status) == (organisation, None, "ouvert")
    assert "Un bureau en ville" in client.get("/besoins/").content.decode()


@pytest.mark.parametrize("role", ["carrier", "facilitator", "admin"])
def test_the_needs_page_links_those_who_may_publish_to_the_forms(client_as, role):
    page = client_as(role).get("/besoins/").content.decode()
    assert "Proposer une offre" in page
    assert "Publier un besoin de mon organisation" in page


def test_a_member_without_a_mandate_sees_no_publish_button_but_how_to_get_one(client_as, member):
    page = client_as("member").get("/besoins/").content.decode()
    assert "/besoins/offres/proposer/" not in page
    assert "/besoins/proposer/" not in page
    assert "enregistrer votre mandat" in page
    anonymous = client_as("anonymous").get("/besoins/").content.decode()
    assert "/besoins/offres/proposer/" not in anonymous
    assert "enregistrer votre mandat" not in anonymous


def test_a_mandate_that_ended_takes_the_publish_button_away(client_as, carrier):
    carrier.person.representations.update(end=datetime.date(2020, 1, 1))
    page = client_as("carrier").get("/besoins/").content.decode()
    assert "/besoins/offres/proposer/" not in page


@pytest.mark.parametrize("url", ["/besoins/offres/proposer/", "/besoins/proposer/"])
def test_a_member_without_a_mandate_is_told_they_need_one(client_as, member, url):
    response = client_as("member").get(url)
    assert response.status_code == 403
    assert "mandat en cours" in response.content.decode()
    organisation = factories.OrganisationFactory()
    response = client_as("member").post(
        url, {"organisation": organisation.pk, "kind": "foncier", "description": "x"}
    )
    assert response.status_code == 403
    assert not Offer.objects.exists() and not Need.objects.exists()


def test_a_past_or_mandateless_representation_gives_no_right(client_as, member):
    factories.RepresentationFactory(person=member.person, has_mandate=False)
    factories.RepresentationFactory(
        person=member.person, has_mandate=True, end=datetime.date(2000, 1, 1)
    )
    assert client_as("member").get("/besoins/offres/proposer/").status_code == 403


@pytest.mark.parametrize("url", ["/besoins/offres/proposer/", "/besoins/proposer/"])
def test_a_representative_cannot_pick_another_organisation(client_as, organisation, url):
    other = factories.OrganisationFactory(name="Autre Société")
    client = client_as("carrier")
    assert "Autre Société" not in client.get(url).content.decode()
    response = client.post(url, {"organisation": other.pk, "kind": "foncier", "description": "x"})
    assert response.status_code == 200
    assert "Choisissez une organisation pour laquelle vous avez un mandat en cours." in (
        response.content.decode()
    )
    assert not Offer.objects.exists() and not Need.objects.exists()


def test_the_facilitator_may_publish_for_any_organisation(client_as, facilitator):
    organisation = factories.OrganisationFactory(name="Mairie")
    response = client_as("facilitator").post(
        "/besoins/offres/proposer/",
        {"organisation": organisation.pk, "kind": "locaux", "description": "Salle communale"},
    )
    assert response.status_code == 302
    assert Offer.objects.get().organisation == organisation


@pytest.mark.parametrize("url", ["/besoins/offres/proposer/", "/besoins/proposer/"])
def test_bad_input_is_shown_again_in_french_and_nothing_is_saved(client_as, organisation, url):
    response = client_as("carrier").post(url, {"organisation": organisation.pk, "kind": ""})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Choisissez une nature." in page
    assert "Décrivez" in page
    assert not Offer.objects.exists() and not Need.objects.exists()


def test_offers_are_deleted_by_their_representatives_and_the_facilitator_only(
    client_as, organisation, member, facilitator
):
    offer = factories.OfferFactory(organisation=organisation)
    assert client_as("member").post(f"/besoins/offres/{offer.pk}/supprimer/").status_code == 403
    assert Offer.objects.filter(pk=offer.pk).exists()
    page = client_as("carrier").get("/besoins/offres/proposer/").content.decode()
    assert f"/besoins/offres/{offer.pk}/supprimer/" in page
    response = client_as("carrier").post(f"/besoins/offres/{offer.pk}/supprimer/")
    assert response.status_code == 302
    assert not Offer.objects.filter(pk=offer.pk).exists()
    other = factories.OfferFactory()
    response = client_as("facilitator").post(f"/besoins/offres/{other.pk}/supprimer/")
    assert response.status_code == 302
    assert not Offer.objects.exists()


def test_a_representative_cannot_delete_another_organisations_offer(client_as, organisation):
    offer = factories.OfferFactory()
    assert client_as("carrier").get(f"/besoins/offres/{offer.pk}/supprimer/").status_code == 405
    assert client_as("carrier").post(f"/besoins/offres/{offer.pk}/supprimer/").status_code == 403
    assert Offer.objects.filter(pk=offer.pk).exists()
