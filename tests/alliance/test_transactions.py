"""Writes that cannot half-happen: a view that writes several rows writes all or none."""

from contextlib import contextmanager

import pytest
from django.db import connection

from actors.models import Organisation, Person
from ideas.models import Idea
from projects.models import Offer
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_too_long_first_name_is_a_french_error_and_changes_no_row(client, member):
    client.force_login(member)
    response = client.post("/compte/profil/", {"first_name": "A" * 120, "last_name": "Nouvelle"})
    assert response.status_code == 200
    assert "au plus 100 caractères" in response.content.decode()
    member.refresh_from_db()
    person = Person.objects.get(user=member)
    assert (member.first_name, member.last_name) == ("Camille", "Membre")
    assert (person.first_name, person.last_name) == ("Camille", "Membre")


def test_a_first_name_of_exactly_the_limit_is_saved_on_both_rows(client, member):
    client.force_login(member)
    response = client.post("/compte/profil/", {"first_name": "B" * 100, "last_name": "Nouvelle"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.first_name == "B" * 100
    assert Person.objects.get(user=member).first_name == "B" * 100


def test_when_the_second_write_fails_the_first_is_rolled_back(client, member):
    """The person's row refuses the write (a database trigger stands in for any failure
    after the user's row is saved): the user's row keeps its old name."""
    if connection.vendor != "postgresql":
        pytest.skip("the failing trigger is written for PostgreSQL")
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE FUNCTION refuse_person_write() RETURNS trigger AS $$ BEGIN "
            "RAISE EXCEPTION 'refused'; END; $$ LANGUAGE plpgsql"
        )
        cursor.execute(
            "CREATE TRIGGER refuse_person BEFORE UPDATE ON actors_person "
            "FOR EACH ROW EXECUTE FUNCTION refuse_person_write()"
        )
    try:
        client.raise_request_exception = False
        client.force_login(member)
        response = client.post("/compte/profil/", {"first_name": "Zoé", "last_name": "Nouvelle"})
        assert response.status_code == 500
        member.refresh_from_db()
        assert (member.first_name, member.last_name) == ("Camille", "Membre")
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TRIGGER refuse_person ON actors_person")
            cursor.execute("DROP FUNCTION refuse_person_write()")


@contextmanager
def refused_writes(table: str, when: str = "INSERT"):
    """Every `when` on `table` fails, as a full disk or a broken constraint would."""
    if connection.vendor != "postgresql":
        pytest.skip("the failing trigger is written for PostgreSQL")
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE FUNCTION refuse_write() RETURNS trigger AS $$ BEGIN "
            "RAISE EXCEPTION 'refused'; END; $$ LANGUAGE plpgsql"
        )
        cursor.execute(
            f"CREATE TRIGGER refuse BEFORE {when} ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION refuse_write()"
        )
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TRIGGER refuse ON {table}")
            cursor.execute("DROP FUNCTION refuse_write()")


def _client(user):
    from django.test import Client

    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def test_an_offer_whose_themes_fail_is_not_saved_either(carrier):
    theme = factories.ThemeFactory()
    organisation = carrier.person.organisations.get()
    with refused_writes("projects_offer_themes"):
        response = _client(carrier).post(
            "/besoins/offres/proposer/",
            {
                "organisation": organisation.pk,
                "kind": "competences",
                "description": "Un broyeur",
                "themes": [theme.pk],
            },
        )
    assert response.status_code == 500
    assert not Offer.objects.exists()


def test_an_idea_whose_themes_fail_is_not_saved_either(member):
    theme = factories.ThemeFactory()
    space = factories.IdeaSpaceFactory(slug="lancement")
    with refused_writes("ideas_idea_themes"):
        response = _client(member).post(
            f"/idees/espaces/{space.slug}/proposer/",
            {"title": "Vélo", "body": "Des vélos", "themes": [theme.pk]},
        )
    assert response.status_code == 500
    assert not Idea.objects.exists()


def test_an_organisation_whose_themes_fail_keeps_its_old_profile(facilitator):
    organisation = factories.OrganisationFactory(name="Ancien nom")
    theme = factories.ThemeFactory()
    with refused_writes("actors_organisation_themes"):
        response = _client(facilitator).post(
            f"/acteurs/{organisation.slug}/modifier/",
            {"name": "Nouveau nom", "kind": "entreprise", "status": "active", "themes": [theme.pk]},
        )
    assert response.status_code == 500
    organisation.refresh_from_db()
    assert organisation.name == "Ancien nom"
    assert not Organisation.history.filter(name="Nouveau nom").exists()
