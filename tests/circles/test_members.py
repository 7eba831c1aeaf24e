"""The facilitator runs a circle's members from its page: search, add or invite, change,
remove; the page shows the facilitators, the members by kind of organisation, the
cadence in words and, to the facilitator, the history of every change."""

from datetime import date

import pytest
from django.core import mail

from actors.models import Organisation, Person
from alliance.models import Invitation
from circles.models import Membership
from tests import factories


@pytest.fixture
def mairie(db):
    return factories.OrganisationFactory(name="Mairie de Blagnac", kind=Organisation.Kind.AUTHORITY)


@pytest.fixture
def entreprise(db):
    return factories.OrganisationFactory(name="Solaire Occitan", kind=Organisation.Kind.COMPANY)


@pytest.fixture
def two_maries(mairie, entreprise):
    """Two people named Marie Dupont, one per organisation."""
    first = factories.PersonFactory(first_name="Marie", last_name="Dupont", email="m1@example.org")
    second = factories.PersonFactory(first_name="Marie", last_name="Dupont", email="m2@example.org")
    factories.RepresentationFactory(person=first, organisation=mairie)
    factories.RepresentationFactory(person=second, organisation=entreprise, has_mandate=False)
    return first, second


def search(client, circle, q, **headers):
    return client.get(f"/cercles/{circle.slug}/membres/recherche/", {"q": q}, **headers)


def add(client, circle, **data):
    fields = {"role": "membre"} | data
    return client.post(f"/cercles/{circle.slug}/membres/ajouter/", fields)


def test_facilitator_finds_a_person_by_name_organisation_or_email(client_as, circle, two_maries):
    client = client_as("facilitator")
    by_name = search(client, circle, "marie dup", HTTP_HX_REQUEST="true").content.decode()
    assert by_name.count('name="person"') == 2
    by_organisation = search(client, circle, "blagnac", HTTP_HX_REQUEST="true").content.decode()
    assert by_organisation.count('name="person"') == 1 and "m1@example.org" in by_organisation
    by_email = search(client, circle, "m2@example", HTTP_HX_REQUEST="true").content.decode()
    assert by_email.count('name="person"') == 1 and "Solaire Occitan" in by_email


def test_the_search_ignores_accents_and_case_both_ways(client_as, circle, mairie):
    helene = factories.PersonFactory(
        first_name="Hélène", last_name="Lefèvre", email="hl@example.org"
    )
    factories.RepresentationFactory(person=helene, organisation=mairie)
    factories.PersonFactory(first_name="Helene", last_name="Martin", email="hm@example.org")
    client = client_as("facilitator")
    typed_plain = search(client, circle, "helene lefevre", HTTP_HX_REQUEST="true").content.decode()
    assert typed_plain.count('name="person"') == 1 and "hl@example.org" in typed_plain
    typed_accents = search(client, circle, "HÉLÈNE", HTTP_HX_REQUEST="true").content.decode()
    assert typed_accents.count('name="person"') == 2
    by_organisation = search(client, circle, "mairie hélène", HTTP_HX_REQUEST="true")
    assert by_organisation.content.decode().count('name="person"') == 1


def test_homonyms_are_told_apart_by_organisation_and_email(client_as, circle, two_maries):
    first, second = two_maries
    response = search(client_as("facilitator"), circle, "Marie Dupont", HTTP_HX_REQUEST="true")
    labels = [
        line for line in response.content.decode().splitlines() if '<label for="person-' in line
    ]
    assert len(labels) == 2 and labels[0] != labels[1]
    text = "\n".join(labels)
    assert "Mairie de Blagnac (collectivité)" in text and "m1@example.org" in text
    assert "Solaire Occitan (entreprise)" in text and "m2@example.org" in text


def test_htmx_search_returns_the_results_only(client_as, circle, two_maries):
    response = search(client_as("facilitator"), circle, "Dupont", HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert body.lstrip().startswith('<fieldset id="member-results"')
    assert "<html" not in body


def test_search_without_javascript_shows_the_circle_page_with_results(
    client_as, circle, two_maries
):
    response = search(client_as("facilitator"), circle, "Dupont")
    body = response.content.decode()
    assert "<html" in body and body.count('name="person"') == 2


def test_members_already_seated_are_not_proposed_again(client_as, circle, two_maries):
    factories.MembershipFactory(circle=circle, person=two_maries[0])
    body = search(client_as("facilitator"), circle, "Dupont", HTTP_HX_REQUEST="true")
    assert body.content.decode().count('name="person"') == 1


def test_facilitator_adds_a_member_with_role_organisation_and_mandate(
    client_as, circle, two_maries, mairie
):
    first, _second = two_maries
    response = add(
        client_as("facilitator"),
        circle,
        person=first.pk,
        role="observateur",
        organisation=mairie.pk,
        has_mandate="on",
        start="2027-01-01",
        end="2027-12-31",
    )
    assert response.status_code == 302
    membership = Membership.objects.get(circle=circle, person=first)
    assert membership.role == "observateur" and membership.organisation == mairie
    assert membership.has_mandate and membership.status == Membership.Status.ACCEPTED
    assert (membership.start, membership.end) == (date(2027, 1, 1), date(2027, 12, 31))


def test_the_organisation_defaults_to_the_one_the_person_represents(
    client_as, circle, two_maries, entreprise
):
    add(client_as("facilitator"), circle, person=two_maries[1].pk)
    assert Membership.objects.get(person=two_maries[1]).organisation == entreprise


def test_a_mandate_ending_before_it_starts_is_refused_and_nothing_saved(
    client_as, circle, two_maries
):
    response = add(
        client_as("facilitator"),
        circle,
        person=two_maries[0].pk,
        start="2027-06-01",
        end="2027-01-01",
        q="Dupont",
    )
    assert response.status_code == 200
    assert "La fin du mandat doit suivre son début." in response.content.decode()
    # The search is kept, with the person still picked.
    assert f'value="{two_maries[0].pk}" id="person-{two_maries[0].pk}" checked' in (
        response.content.decode()
    )
    assert not Membership.objects.exists()


def test_adding_nobody_asks_for_a_person_or_an_address(client_as, circle):
    response = add(client_as("facilitator"), circle)
    assert response.status_code == 200
    assert "Choisissez une personne dans la recherche" in response.content.decode()


def test_facilitator_invites_an_address_in_the_same_step(client_as, circle, jobs, entreprise):
    with jobs(execute=True):
        response = add(
            client_as("facilitator"),
            circle,
            email="Nina@Example.org",
            first_name="Nina",
            last_name="Nouvelle",
            organisation=entreprise.pk,
        )
    assert response.status_code == 302
    person = Person.objects.get(email="nina@example.org", user=None)
    membership = Membership.objects.get(circle=circle, person=person)
    assert membership.organisation == entreprise
    invitation = Invitation.objects.get(email="nina@example.org")
    assert circle.name in invitation.message
    assert [m.to for m in mail.outbox] == [["nina@example.org"]]
    assert invitation.token in mail.outbox[0].body


def test_an_address_with_an_account_is_looked_up_not_invited(client_as, circle, member):
    response = add(client_as("facilitator"), circle, email="membre@example.org", last_name="Membre")
    assert response.status_code == 200
    assert "Un compte existe déjà avec cette adresse" in response.content.decode()
    assert not Invitation.objects.exists() and not Membership.objects.exists()


def test_an_address_already_invited_gets_no_second_invitation(client_as, circle, jobs):
    client = client_as("facilitator")
    other = factories.CircleFactory()
    with jobs(execute=True):
        add(client, circle, email="nina@example.org", last_name="Nouvelle")
        add(client, other, email="nina@example.org", last_name="Nouvelle")
    assert Invitation.objects.count() == 1
    assert Person.objects.filter(email="nina@example.org").count() == 1
    assert Membership.objects.count() == 2


def test_a_facilitator_role_makes_the_person_a_facilitator_of_the_circle(
    client_as, circle, two_maries
):
    add(client_as("facilitator"), circle, person=two_maries[0].pk, role="animateur")
    assert list(circle.facilitators.all()) == [two_maries[0]]
    page = client_as("anonymous").get(circle.get_absolute_url()).content.decode()
    assert "Marie Dupont (Mairie de Blagnac)" in page


def test_facilitator_changes_a_role_and_removes_a_member(client_as, circle, two_maries):
    client = client_as("facilitator")
    membership = factories.MembershipFactory(circle=circle, person=two_maries[0], role="animateur")
    circle.facilitators.add(two_maries[0])
    response = client.post(
        f"/cercles/membres/{membership.pk}/modifier/", {"role": "membre", "organisation": ""}
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == "membre" and not circle.facilitators.exists()
    response = client.post(f"/cercles/membres/{membership.pk}/retirer/")
    assert response.status_code == 302
    assert not Membership.objects.exists()


def test_the_change_form_re_renders_with_errors(client_as, circle):
    membership = factories.MembershipFactory(circle=circle)
    response = client_as("facilitator").post(
        f"/cercles/membres/{membership.pk}/modifier/",
        {"role": "membre", "start": "2027-06-01", "end": "2027-01-01"},
    )
    assert response.status_code == 200
    assert "La fin du mandat doit suivre son début." in response.content.decode()


def test_every_change_is_in_the_circle_history_shown_to_the_facilitator(
    client_as, circle, two_maries
):
    client = client_as("facilitator")
    add(client, circle, person=two_maries[0].pk)
    membership = Membership.objects.get()
    client.post(f"/cercles/membres/{membership.pk}/modifier/", {"role": "observateur"})
    client.post(f"/cercles/membres/{membership.pk}/retirer/")
    page = client.get(circle.get_absolute_url()).content.decode()
    history = page[page.index('id="history-title"') :]
    removed = history.index("Marie Dupont retiré·e du cercle")
    changed = history.index("Marie Dupont : rôle : membre → observateur")
    added = history.index("Marie Dupont ajouté·e comme membre (Mairie de Blagnac)")
    assert removed < changed < added  # newest first
    assert "par Félix Facilitateur" in history


def test_the_history_and_the_tools_are_for_facilitators_only(client_as, circle, two_maries):
    factories.MembershipFactory(circle=circle, person=two_maries[0])
    for role in ("anonymous", "member"):
        page = client_as(role).get(circle.get_absolute_url()).content.decode()
        assert "Historique des membres" not in page and "Ajouter un membre" not in page
        assert "m1@example.org" not in page  # no e-mail shown to others
    page = client_as("facilitator").get(circle.get_absolute_url()).content.decode()
    assert "Historique des membres" in page and "Ajouter un membre" in page


def test_members_are_grouped_by_kind_of_organisation(
    client, circle, mairie, entreprise, django_assert_max_num_queries
):
    university = factories.OrganisationFactory(
        name="Université Toulouse", kind=Organisation.Kind.UNIVERSITY
    )
    association = factories.OrganisationFactory(
        name="Les Amis du Vent", kind=Organisation.Kind.ASSOCIATION
    )
    for organisation in [mairie, entreprise, university, association] * 3:
        factories.MembershipFactory(circle=circle, organisation=organisation)
    with django_assert_max_num_queries(16):
        page = client.get(circle.get_absolute_url()).content.decode()
    headings = [
        page.index(f'<h3 class="member-kind">{label}</h3>')
        for label in ("Entreprise", "Collectivité", "Université / recherche", "Association")
    ]
    assert headings == sorted(headings)
    assert page.count('id="membership-') == 12


def test_the_facilitator_page_costs_the_same_with_many_members(
    client_as, circle, mairie, django_assert_max_num_queries
):
    client = client_as("facilitator")
    people = factories.PersonFactory.create_batch(15, last_name="Dupont")
    for person in people:
        factories.RepresentationFactory(person=person, organisation=mairie)
        add(client, circle, person=person.pk, role="animateur")
    with django_assert_max_num_queries(30):
        response = search(client, circle, "Dupont")
    assert response.content.decode().count('id="membership-') == 15


def test_the_circle_page_says_its_cadence_in_words(client, circle):
    circle.cadence = "FREQ=MONTHLY;BYDAY=2TU;BYHOUR=14;BYMINUTE=0"
    circle.save()
    page = client.get(circle.get_absolute_url()).content.decode()
    assert "Cadence : le 2e mardi de chaque mois à 14 h." in page


def test_the_circle_form_facilitator_picker_tells_homonyms_apart(
    client_as, circle, two_maries, django_assert_max_num_queries
):
    client = client_as("facilitator")
    with django_assert_max_num_queries(12):
        page = client.get(f"/cercles/{circle.slug}/modifier/").content.decode()
    first, second = two_maries
    assert f'value="{first.pk}">Marie Dupont — Mairie de Blagnac &lt;m1@example.org&gt;<' in page
    assert f'value="{second.pk}">Marie Dupont — Solaire Occitan &lt;m2@example.org&gt;<' in page


def test_the_circle_form_still_saves_its_facilitators(client_as, circle, two_maries):
    data = {"name": circle.name, "kind": circle.kind, "reminders": "24"}
    data["facilitators"] = [two_maries[1].pk]
    response = client_as("facilitator").post(f"/cercles/{circle.slug}/modifier/", data)
    assert response.status_code == 302
    assert list(circle.facilitators.all()) == [two_maries[1]]
