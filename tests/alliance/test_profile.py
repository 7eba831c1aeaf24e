import pytest

from actors.models import Person
from tests import factories

pytestmark = pytest.mark.django_db


def test_member_sees_name_email_and_organisations(client, carrier):
    client.force_login(carrier)
    response = client.get("/compte/profil/")
    html = response.content.decode()
    assert 'value="Pauline"' in html
    assert "porteur@example.org" in html
    assert "Coopérative Porteuse" in html
    assert "mandat" in html
    assert 'href="/compte/password/change/"' in html
    assert 'href="/compte/email/"' in html


def test_member_without_organisation_is_told_how_to_get_one(client, member):
    client.force_login(member)
    html = client.get("/compte/profil/").content.decode()
    assert "Vous ne représentez encore aucune organisation" in html


def test_member_renames_themself_and_their_person_follows(client, member):
    client.force_login(member)
    response = client.post(
        "/compte/profil/", {"first_name": "Camille", "last_name": "Nouvelle"}, follow=True
    )
    assert "Votre profil est enregistré." in response.content.decode()
    member.refresh_from_db()
    assert member.last_name == "Nouvelle"
    assert Person.objects.get(user=member).last_name == "Nouvelle"


def test_an_empty_name_is_refused_in_french(client, member):
    client.force_login(member)
    response = client.post("/compte/profil/", {"first_name": "", "last_name": "Nouvelle"})
    assert response.status_code == 200
    assert "Ce champ est obligatoire." in response.content.decode()
    member.refresh_from_db()
    assert member.last_name == "Membre"


def test_profile_shows_many_organisations_in_few_queries(
    client, member, django_assert_max_num_queries
):
    person = Person.objects.get(user=member)
    for organisation in factories.OrganisationFactory.create_batch(12):
        factories.RepresentationFactory(person=person, organisation=organisation)
    client.force_login(member)
    with django_assert_max_num_queries(8):
        response = client.get("/compte/profil/")
    assert response.content.decode().count('id="representation-') == 12


def test_a_profile_saved_in_english_is_confirmed_in_english(client, member):
    client.force_login(member)
    client.cookies["django_language"] = "en"
    response = client.post(
        "/compte/profil/", {"first_name": "Camille", "last_name": "Nouvelle"}, follow=True
    )
    assert "Your profile has been saved." in response.text
