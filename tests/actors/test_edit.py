import pytest

from actors import access
from actors.models import Organisation, Representation
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def own(carrier):
    return carrier.person.organisations.get()


def edit_url(organisation):
    return f"{organisation.get_absolute_url()}modifier/"


def test_representative_with_mandate_edits_the_public_profile(client_as, own):
    theme = factories.ThemeFactory(name="Eau", slug="eau")
    response = client_as("carrier").post(
        edit_url(own),
        {
            "description": "Nous **agissons**.",
            "website": "https://coop.example.org",
            "themes": [theme.pk],
        },
    )
    assert response.status_code == 302
    assert response["Location"] == own.get_absolute_url()
    own.refresh_from_db()
    assert own.description == "Nous **agissons**."
    assert list(own.themes.all()) == [theme]
    assert own.history.first().history_user.email == "porteur@example.org"


def test_representative_cannot_change_identity_fields(client_as, own):
    client_as("carrier").post(
        edit_url(own), {"name": "Nouveau nom", "siren": "732829320", "status": "left"}
    )
    own.refresh_from_db()
    assert own.name == "Coopérative Porteuse"
    assert own.siren is None
    assert own.status == Organisation.Status.ACTIVE


def test_representative_without_mandate_cannot_edit(client_as, own, carrier):
    Representation.objects.filter(person=carrier.person).update(has_mandate=False)
    assert client_as("carrier").get(edit_url(own)).status_code == 403


def test_representative_whose_mandate_ended_cannot_edit(client_as, own, carrier):
    Representation.objects.filter(person=carrier.person).update(end="2020-01-01")
    assert client_as("carrier").post(edit_url(own), {"description": "x"}).status_code == 403


def test_facilitator_edits_every_field(client_as, own):
    response = client_as("facilitator").post(
        edit_url(own),
        {
            "name": "Coop Renommée",
            "kind": "entreprise",
            "size": "eti",
            "siren": "732829320",
            "status": "active",
        },
    )
    assert response.status_code == 302
    own.refresh_from_db()
    assert (own.name, own.size, own.siren) == ("Coop Renommée", "eti", "732829320")


def test_bad_input_rerenders_with_french_messages_and_saves_nothing(client_as, own):
    factories.OrganisationFactory(name="Déjà Là", siren="732829320")
    response = client_as("facilitator").post(
        edit_url(own),
        {"name": "Coop", "kind": "entreprise", "siren": "732829320", "status": "active"},
    )
    assert response.status_code == 200
    assert (
        "Ce SIREN est déjà celui de l&#x27;organisation « Déjà Là »." in response.content.decode()
    )
    own.refresh_from_db()
    assert own.name == "Coopérative Porteuse"


def test_a_non_image_logo_is_refused_on_the_site(client_as, own):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("logo.png", b"not an image", "image/png")
    response = client_as("carrier").post(edit_url(own), {"logo": fake})
    assert response.status_code == 200
    own.refresh_from_db()
    assert not own.logo


@pytest.mark.parametrize(
    ("role", "edits_own", "edits_other", "sees_contacts", "deletes"),
    [
        ("anonymous", False, False, False, False),
        ("member", False, False, True, False),
        ("carrier", True, False, True, False),
        ("facilitator", True, True, True, False),
        ("admin", True, True, True, True),
    ],
)
def test_access_helpers_per_role(
    request, carrier, role, edits_own, edits_other, sees_contacts, deletes
):
    from django.contrib.auth.models import AnonymousUser

    user = (
        AnonymousUser()
        if role == "anonymous"
        else request.getfixturevalue("admin_user" if role == "admin" else role)
    )
    own = carrier.person.organisations.get()
    other = factories.OrganisationFactory()
    sharing = factories.PersonFactory(share_contact=True)
    private = factories.PersonFactory(share_contact=False)
    assert access.can_edit_organisation(user, own) is edits_own
    assert access.can_edit_organisation(user, other) is edits_other
    assert access.can_see_contacts(user, sharing) is sees_contacts
    assert access.can_see_contacts(user, private) is False
    assert access.can_delete_organisation(user, own) is deletes


def test_a_person_always_sees_their_own_contact(member):
    assert access.can_see_contacts(member, member.person) is True


def test_changing_commune_moves_the_point_to_the_new_town_hall(client_as, own):
    old = factories.CommuneFactory(latitude=43.1, longitude=1.1)
    new = factories.CommuneFactory(latitude=43.7, longitude=1.5)
    own.commune = old
    own.save()
    client_as("carrier").post(
        edit_url(own), {"commune": new.pk, "latitude": own.latitude, "longitude": own.longitude}
    )
    own.refresh_from_db()
    assert (own.commune, own.latitude, own.longitude) == (new, 43.7, 1.5)


def test_a_point_given_with_the_commune_is_kept(client_as, own):
    new = factories.CommuneFactory(latitude=43.7, longitude=1.5)
    client_as("carrier").post(
        edit_url(own), {"commune": new.pk, "latitude": 43.65, "longitude": 1.45}
    )
    own.refresh_from_db()
    assert (own.latitude, own.longitude) == (43.65, 1.45)
