"""Open needs beside the offers that could meet them, and "Je peux aider"."""

import datetime

import pytest
from django.core import mail

from projects.models import Need, Project
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def market():
    energy = factories.ThemeFactory(name="Énergie", slug="energie")
    project = factories.ProjectFactory(title="Méthaniseur")
    project.themes.add(energy)
    carrier = factories.OrganisationFactory(name="Biogaz Coop")
    factories.ParticipationFactory(project=project, organisation=carrier)
    need = factories.NeedFactory(project=project, kind="foncier", description="Terrain de 2 ha")
    factories.NeedFactory(
        project=factories.ProjectFactory(state=Project.State.DRAFT),
        kind="foncier",
        description="Besoin d'un brouillon",
    )
    factories.NeedFactory(
        project=project, kind="locaux", description="Déjà trouvé", status="satisfait"
    )
    plain = factories.OfferFactory(
        kind="foncier",
        description="Terrain nu",
        organisation=factories.OrganisationFactory(name="Aaa"),
    )
    themed = factories.OfferFactory(
        kind="foncier",
        description="Terrain industriel",
        organisation=factories.OrganisationFactory(name="Zzz"),
    )
    themed.themes.add(energy)
    factories.OfferFactory(kind="locaux", description="Bureau à louer")
    return need, carrier, plain, themed


def test_open_needs_are_listed_with_offers_of_the_same_kind(client, market):
    text = client.get("/besoins/").text
    assert "Terrain de 2 ha" in text
    assert "Besoin d&#x27;un brouillon" not in text
    assert "Déjà trouvé" not in text
    assert "Terrain nu" in text
    assert "Bureau à louer" not in text  # no open need of that kind
    # The offer sharing a theme with the project comes first, though "Zzz" sorts last.
    assert text.index("Terrain industriel") < text.index("Terrain nu")


def test_needs_filter_by_kind(client, market):
    assert "Terrain de 2 ha" not in client.get("/besoins/?kind=locaux").text


def test_needs_page_shows_no_contact_details(client, market):
    need, carrier, _, _ = market
    person = factories.PersonFactory(email="contact@biogaz.example.org", phone="05 61 00 00 00")
    factories.RepresentationFactory(person=person, organisation=carrier)
    text = client.get("/besoins/").text
    assert "contact@biogaz.example.org" not in text
    assert "05 61 00 00 00" not in text


def test_needs_page_queries_do_not_grow(client, django_assert_num_queries, market):
    need = market[0]
    with django_assert_num_queries(5):  # needs, their themes and communes, offers, themes
        client.get("/besoins/")
    Need.objects.bulk_create(
        Need(project=need.project, kind="foncier", description=f"Besoin {i}") for i in range(50)
    )
    with django_assert_num_queries(5):  # needs, their themes and communes, offers, themes
        assert client.get("/besoins/").text.count("Besoin ") >= 50


def test_helping_sends_the_carrier_the_helpers_details(
    client_as, member, market, django_capture_on_commit_callbacks
):
    need, carrier, _, _ = market
    boss = factories.PersonFactory(email="direction@biogaz.example.org")
    factories.RepresentationFactory(person=boss, organisation=carrier, has_mandate=True)
    factories.RepresentationFactory(
        person=factories.PersonFactory(email="stagiaire@biogaz.example.org"),
        organisation=carrier,
        has_mandate=False,
    )
    employer = factories.OrganisationFactory(name="Mairie de Balma")
    factories.RepresentationFactory(person=member.person, organisation=employer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_as("member").post(
            f"/besoins/{need.pk}/aider/", {"message": "Nous avons un terrain."}
        )
    assert response.status_code == 302
    message = mail.outbox[0]
    assert message.to == ["direction@biogaz.example.org"]
    assert message.reply_to == [member.email]
    for expected in [
        "Camille Membre",
        "Mairie de Balma",
        member.email,
        "Nous avons un terrain.",
        "Terrain de 2 ha",
    ]:
        assert expected in message.body, expected


def test_helping_skips_a_representative_whose_mandate_ended(
    client_as, member, market, django_capture_on_commit_callbacks
):
    need, carrier, _, _ = market
    factories.RepresentationFactory(
        person=factories.PersonFactory(email="ancienne@biogaz.example.org"),
        organisation=carrier,
        end=datetime.date(2000, 1, 1),
    )
    response = client_as("member").post(f"/besoins/{need.pk}/aider/", follow=True)
    assert "Personne ne peut être joint" in response.text
    assert not mail.outbox


def test_helping_reaches_the_referent_first(
    client_as, member, market, django_capture_on_commit_callbacks
):
    need = market[0]
    need.project.referent = factories.PersonFactory(email="referente@example.org")
    need.project.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_as("member").post(
            f"/besoins/{need.pk}/aider/", headers={"HX-Request": "true"}
        )
    assert "a reçu vos coordonnées" in response.text
    assert mail.outbox[0].to == ["referente@example.org"]


def test_helping_when_nobody_can_be_reached_says_so(client_as, member, market):
    response = client_as("member").post(f"/besoins/{market[0].pk}/aider/", follow=True)
    assert "Personne ne peut être joint" in response.text
    assert not mail.outbox


def test_helping_a_met_need_is_not_found(client_as, member, market):
    met = Need.objects.get(description="Déjà trouvé")
    assert client_as("member").post(f"/besoins/{met.pk}/aider/").status_code == 404
