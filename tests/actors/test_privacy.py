import json

import pytest

from actors.models import Person
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_person_downloads_their_own_data_as_json(client_as, carrier):
    carrier.person.phone = "06 11 22 33 44"
    carrier.person.save()
    factories.IdeaFactory(title="Mon idée", body="Le texte de mon idée.", author=carrier.person)
    response = client_as("carrier").get("/compte/mes-donnees.json")
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["email"] == "porteur@example.org"
    assert data["person"]["phone"] == "06 11 22 33 44"
    assert data["representations"][0]["organisation"] == "Coopérative Porteuse"
    assert data["representations"][0]["has_mandate"] is True
    assert data["ideas"][0]["title"] == "Mon idée"
    assert data["ideas"][0]["body"] == "Le texte de mon idée."
    assert len(data["history"]) >= 1


def test_the_download_holds_no_one_elses_data(client_as, member, carrier):
    data = json.loads(client_as("member").get("/compte/mes-donnees.json").content)
    assert "porteur@example.org" not in json.dumps(data)


def test_erasure_needs_a_confirmation(client_as, member):
    response = client_as("member").post("/compte/effacement/", {})
    assert response.status_code == 200
    assert "Cochez la case pour confirmer" in response.content.decode()
    member.refresh_from_db()
    assert member.is_active


def test_erasure_blanks_personal_fields_closes_the_account_and_keeps_contributions(
    client_as, carrier
):
    person = carrier.person
    person.phone = "06 11 22 33 44"
    person.share_contact = True
    person.save()
    idea = factories.IdeaFactory(title="Mon idée", author=person)
    organisation = person.organisations.get()
    client = client_as("carrier")

    response = client.post("/compte/effacement/", {"confirm": "on"})

    assert response.status_code == 302
    person.refresh_from_db()
    carrier.refresh_from_db()
    assert (person.first_name, person.last_name, person.email, person.phone) == ("", "", "", "")
    assert person.share_contact is False
    assert person.erased_at is not None
    assert str(person) == "ancien membre"
    assert not carrier.is_active
    assert carrier.email.endswith("@invalid.invalid")
    assert not carrier.has_usable_password()
    idea.refresh_from_db()
    assert idea.author == person
    assert person.representations.filter(organisation=organisation).exists()
    # Past versions forget the erased data too.
    assert not person.history.filter(last_name="Porteuse").exists()
    assert not Person.history.filter(email="porteur@example.org").exists()
    # Logged out, and the account cannot come back.
    assert client.get("/compte/mes-donnees/").status_code == 302


def test_erased_person_shows_as_former_member_on_the_organisation_page(client_as, carrier):
    organisation = carrier.person.organisations.get()
    client_as("carrier").post("/compte/effacement/", {"confirm": "on"})
    html = client_as("member").get(organisation.get_absolute_url()).content.decode()
    assert "ancien membre" in html
    assert "Pauline" not in html


def test_a_member_agrees_to_show_contact_details_to_members(client_as, member, client):
    organisation = factories.OrganisationFactory(name="Coop")
    factories.RepresentationFactory(person=member.person, organisation=organisation)
    response = client_as("member").post(
        "/compte/coordonnees/",
        {
            "title": "Chargée RSE",
            "email": "camille@coop.example",
            "phone": "05 61 12 34 56",
            "share_contact": "on",
        },
    )
    assert response.status_code == 302
    member.person.refresh_from_db()
    assert member.person.share_contact is True
    assert (
        "camille@coop.example"
        in client_as("facilitator").get(organisation.get_absolute_url()).content.decode()
    )
    assert (
        "camille@coop.example" not in client.get(organisation.get_absolute_url()).content.decode()
    )


def test_contact_details_bad_input_is_refused_in_french(client_as, member):
    response = client_as("member").post("/compte/coordonnees/", {"email": "pas-un-email"})
    assert response.status_code == 200
    assert "Saisissez une adresse e-mail valide" in response.content.decode()
    member.person.refresh_from_db()
    assert member.person.email == "membre@example.org"


def test_a_member_without_a_person_gets_one_when_saving_contacts(client_as, member):
    Person.objects.filter(user=member).delete()
    client_as("member").post("/compte/coordonnees/", {"phone": "0600000000"})
    person = Person.objects.get(user=member)
    assert (person.first_name, person.phone, person.share_contact) == (
        "Camille",
        "0600000000",
        False,
    )
