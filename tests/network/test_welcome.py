"""From first visit to first project (issue 15): the welcome page a new member lands on
after sign-up, the request to be attached to an organisation, and the facilitator who
handles it."""

import pytest
from django.core import mail

from actors.models import Representation, RepresentationRequest
from alliance.models import Invitation, User
from network.models import Follow
from tests import factories

pytestmark = pytest.mark.django_db

SIGNUP = {
    "first_name": "Inès",
    "last_name": "Invitée",
    "email": "ines@example.org",
    "password1": "un-mot-de-passe-long-42",
    "password2": "un-mot-de-passe-long-42",
}


@pytest.fixture
def run_mail(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def cooperative(db):
    return factories.OrganisationFactory(name="Coopérative du Lauragais", slug="coop-lauragais")


def test_anonymous_visitor_is_sent_to_the_login_page(client):
    response = client.get("/bienvenue/")
    assert response.status_code == 302
    assert response["Location"].startswith("/compte/login/?next=/bienvenue/")


def test_signing_up_through_an_invitation_lands_on_the_welcome_page(client, facilitator):
    invitation = Invitation.objects.create(email="ines@example.org", invited_by=facilitator)
    client.get(f"/invitation/{invitation.token}/")
    response = client.post("/compte/signup/", SIGNUP, follow=True)
    assert response.redirect_chain[-1][0] == "/bienvenue/"
    assert "Bienvenue, Inès Invitée" in response.text
    assert User.objects.filter(email="ines@example.org").exists()
    # No phone nor function yet: the menu keeps the way back to the welcome page.
    assert "Bienvenue : compléter mon profil" in client.get("/").text


def test_member_sees_which_profile_fields_are_still_empty(client_as):
    response = client_as("member").get("/bienvenue/")
    assert response.status_code == 200
    assert 'id="missing-title"' in response.text
    assert 'id="missing-phone"' in response.text
    assert 'id="missing-first_name"' not in response.text  # given at sign-up
    assert 'href="/compte/coordonnees/"' in response.text


def test_member_with_a_complete_profile_is_told_so(client_as, member):
    member.person.title = "Chargée de mission"
    member.person.phone = "05 61 00 00 00"
    member.person.save()
    response = client_as("member").get("/bienvenue/")
    assert "Votre profil est complet" in response.text
    assert 'id="missing-' not in response.text


def test_the_menu_offers_the_welcome_page_while_the_profile_is_incomplete(client, member):
    client.force_login(member)  # a login: the session learns the profile lacks a phone
    assert 'href="/bienvenue/"' in client.get("/").text
    client.post(
        "/compte/coordonnees/",
        {"title": "Élue", "email": "membre@example.org", "phone": "05 61 00 00 00"},
    )
    assert 'href="/bienvenue/"' not in client.get("/").text


def test_member_asks_to_be_attached_and_the_deciders_are_told(
    client_as, member, facilitator, carrier, cooperative, run_mail
):
    factories.RepresentationFactory(
        person=carrier.person, organisation=cooperative, has_mandate=True
    )
    with run_mail():
        response = client_as("member").post(
            "/bienvenue/", {"organisation": "coop-lauragais", "role": "trésorière"}, follow=True
        )
    assert response.redirect_chain[-1][0] == "/bienvenue/"
    assert (
        "Votre demande de rattachement à « Coopérative du Lauragais » est envoyée" in response.text
    )
    attachment = RepresentationRequest.objects.get()
    assert (attachment.person, attachment.organisation, attachment.role) == (
        member.person,
        cooperative,
        "trésorière",
    )
    assert f'id="pending-request-{attachment.pk}"' in response.text
    notices = [m for m in mail.outbox if "rattachement" in m.subject]
    assert {m.to[0] for m in notices} == {facilitator.email, carrier.email}
    notice = notices[0]
    assert "Camille Membre" in notice.subject
    assert "/animation/rattachements/" in notice.body


def test_an_organisation_by_its_exact_name_is_found_too(client_as, cooperative):
    client_as("member").post("/bienvenue/", {"organisation": "coopérative du lauragais"})
    assert RepresentationRequest.objects.get().organisation == cooperative


def test_an_unknown_organisation_is_refused_in_french_with_the_form(client_as):
    response = client_as("member").post("/bienvenue/", {"organisation": "Nulle part"})
    assert response.status_code == 200
    assert "Aucune organisation de l&#x27;annuaire ne porte ce nom" in response.text
    assert not RepresentationRequest.objects.exists()


def test_asking_twice_keeps_one_pending_request(client_as, cooperative):
    client = client_as("member")
    client.post("/bienvenue/", {"organisation": "coop-lauragais"})
    client.post("/bienvenue/", {"organisation": "coop-lauragais"})
    assert RepresentationRequest.objects.count() == 1


def test_a_representative_cannot_ask_for_their_own_organisation(client_as, carrier):
    organisation = carrier.person.organisations.get()
    response = client_as("carrier").post("/bienvenue/", {"organisation": organisation.slug})
    assert "Vous représentez déjà cette organisation." in response.text


def test_facilitator_sees_the_request_and_accepts_it(client_as, member, cooperative):
    attachment = RepresentationRequest.objects.create(
        person=member.person, organisation=cooperative, role="trésorière"
    )
    client = client_as("facilitator")
    assert "/animation/rattachements/" in client.get("/animation/invitations/").text
    page = client.get("/animation/rattachements/").text
    assert f'id="representation-request-{attachment.pk}"' in page
    response = client.post(f"/animation/rattachements/{attachment.pk}/accepter/", follow=True)
    assert "représente désormais « Coopérative du Lauragais »" in response.text
    representation = Representation.objects.get(person=member.person)
    assert (representation.organisation, representation.role) == (cooperative, "trésorière")
    assert not representation.has_mandate
    again = client.post(f"/animation/rattachements/{attachment.pk}/refuser/", follow=True)
    assert "Cette demande a déjà été traitée." in again.text


def test_facilitator_declines_a_request(client_as, member, cooperative):
    attachment = RepresentationRequest.objects.create(
        person=member.person, organisation=cooperative
    )
    client_as("facilitator").post(f"/animation/rattachements/{attachment.pk}/refuser/")
    attachment.refresh_from_db()
    assert attachment.state == RepresentationRequest.State.DECLINED
    assert not Representation.objects.filter(person=member.person).exists()


def test_a_member_cannot_handle_requests(client_as, member, cooperative):
    attachment = RepresentationRequest.objects.create(
        person=member.person, organisation=cooperative
    )
    client = client_as("member")
    assert client.get("/animation/rattachements/").status_code == 403
    assert client.post(f"/animation/rattachements/{attachment.pk}/accepter/").status_code == 403
    assert not Representation.objects.filter(person=member.person).exists()


def test_admin_handles_requests_too(client_as, member, cooperative):
    attachment = RepresentationRequest.objects.create(
        person=member.person, organisation=cooperative
    )
    client_as("admin").post(f"/animation/rattachements/{attachment.pk}/accepter/")
    assert Representation.objects.filter(person=member.person, organisation=cooperative).exists()


def test_member_follows_a_theme_from_the_welcome_page(client_as, member):
    energy = factories.ThemeFactory(name="Énergie")
    client = client_as("member")
    page = client.get("/bienvenue/").text
    assert f'id="follow-button-theme-{energy.pk}"' in page
    assert "Suivre « Énergie »" in page
    client.post(f"/abonnements/suivre/theme/{energy.pk}/", {"next": "/bienvenue/"})
    assert Follow.objects.filter(user=member, theme=energy).exists()
    assert "Ne plus suivre « Énergie »" in client.get("/bienvenue/").text


def test_member_sees_the_next_meetings_of_their_circles_only(client_as, member):
    mine = factories.MembershipFactory(person=member.person).circle
    factories.MeetingFactory(circle=mine, title="Réunion de mon cercle")
    factories.MeetingFactory(title="Réunion d'un autre cercle")
    page = client_as("member").get("/bienvenue/").text
    assert "Réunion de mon cercle" in page
    assert "Réunion d&#x27;un autre cercle" not in page and "Réunion d'un autre cercle" not in page


def test_a_member_without_circle_is_shown_the_circles(client_as):
    page = client_as("member").get("/bienvenue/").text
    assert "Vous ne faites encore partie d'aucun cercle." in page
    assert 'href="/cercles/"' in page


@pytest.mark.parametrize("n", [1, 6])
def test_the_page_queries_do_not_grow_with_circles_meetings_and_themes(
    client_as, member, django_assert_num_queries, n
):
    for _ in range(n):
        circle = factories.MembershipFactory(person=member.person).circle
        factories.MeetingFactory.create_batch(2, circle=circle)
        theme = factories.ThemeFactory()
        Follow.objects.create(user=member, theme=theme)
        organisation = factories.OrganisationFactory()
        RepresentationRequest.objects.create(person=member.person, organisation=organisation)
        factories.RepresentationFactory(
            person=member.person, organisation=factories.OrganisationFactory()
        )
    client = client_as("member")
    # session, user, person + representations + requests, follows, meetings, themes and
    # the two permission lookups of the menu's role
    with django_assert_num_queries(10):
        response = client.get("/bienvenue/")
    assert response.status_code == 200
    assert response.text.count('class="meeting-row') == min(2 * n, 5)


def test_the_welcome_page_speaks_english(client_as):
    client = client_as("member")
    client.cookies["django_language"] = "en"
    page = client.get("/bienvenue/").text
    assert "Complete your profile" in page
    assert "Complétez votre profil" not in page


def test_a_request_is_in_the_data_export_and_goes_with_erasure(client_as, member, cooperative):
    RepresentationRequest.objects.create(person=member.person, organisation=cooperative)
    client = client_as("member")
    data = client.get("/compte/mes-donnees.json").json()
    assert data["representation_requests"] == [
        {"organisation": "Coopérative du Lauragais", "role": "", "state": "en_attente"}
    ]
    client.post("/compte/effacement/", {"confirm": "on"})
    assert not RepresentationRequest.objects.exists()


def test_each_decider_is_told_in_the_language_of_their_account(
    client_as, member, facilitator, carrier, cooperative, run_mail
):
    factories.RepresentationFactory(
        person=carrier.person, organisation=cooperative, has_mandate=True
    )
    facilitator.language = "en"
    facilitator.save(update_fields=["language"])
    with run_mail():
        client_as("member").post("/bienvenue/", {"organisation": "coop-lauragais"})
    by_address = {m.to[0]: m for m in mail.outbox}
    english, french = by_address[facilitator.email], by_address[carrier.email]
    assert (
        english.subject
        == "[Alliance] Request to be attached to Coopérative du Lauragais: Camille Membre"
    )
    assert "asks to be attached to “Coopérative du Lauragais”" in english.body
    assert "The facilitation team accepts or declines the request:" in english.body
    assert french.subject.startswith(
        "[Alliance] Demande de rattachement à Coopérative du Lauragais"
    )
    assert "demande à être rattaché·e à « Coopérative du Lauragais »" in french.body
