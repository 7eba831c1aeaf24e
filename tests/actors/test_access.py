import pytest

from actors.models import RepresentationRequest
from tests import factories
from tests.access import FACILITATORS, MEMBERS, PUBLIC, Row, cases, check, ids

EDITORS = {"anonymous": 302, "member": 403, "carrier": 200, "facilitator": 200, "admin": 200}
EDITORS_POST = {"anonymous": 302, "member": 403, "carrier": 302, "facilitator": 302, "admin": 302}
OTHERS_EDIT = {"anonymous": 302, "member": 403, "carrier": 403, "facilitator": 200, "admin": 200}


def some_organisation(fixture):
    return factories.OrganisationFactory(name="Exemple").get_absolute_url()


def pending_request(action: str):
    def url(fixture):
        person = factories.PersonFactory()
        organisation = factories.OrganisationFactory()
        made = RepresentationRequest.objects.create(person=person, organisation=organisation)
        return f"/animation/rattachements/{made.pk}/{action}/"

    return url


def carried_organisation_edit(fixture):
    organisation = fixture("carrier").person.organisations.get()
    return f"{organisation.get_absolute_url()}modifier/"


def other_organisation_edit(fixture):
    return f"{some_organisation(fixture)}modifier/"


PROFILE = {
    "name": "Coopérative Porteuse",
    "kind": "entreprise",
    "size": "pme",
    "status": "active",
    "description": "Nouvelle présentation",
}

ACCESS = [
    Row("actors:list", "/acteurs/", PUBLIC),
    Row("actors:list", "/acteurs/?kind=entreprise&q=x", PUBLIC, note="filtered"),
    Row("actors:list", "/acteurs/?tri=recent", PUBLIC, note="sorted"),
    Row("actors:organisations_json", "/acteurs/organisations.json?q=coop", PUBLIC),
    Row("actors:map", "/acteurs/carte/", PUBLIC),
    Row("actors:map_data", "/acteurs/carte/donnees.geojson", PUBLIC),
    Row("actors:export_csv", "/acteurs.csv", PUBLIC),
    Row("actors:export_geojson", "/acteurs.geojson", PUBLIC),
    Row("actors:detail", some_organisation, PUBLIC),
    Row("actors:edit", carried_organisation_edit, EDITORS, note="own organisation"),
    Row("actors:edit", other_organisation_edit, OTHERS_EDIT, note="other organisation"),
    Row(
        "actors:edit",
        carried_organisation_edit,
        EDITORS_POST,
        method="post",
        data=PROFILE,
        note="own organisation",
    ),
    Row(
        "actors:edit",
        other_organisation_edit,
        {**OTHERS_EDIT, "facilitator": 302, "admin": 302},
        method="post",
        data={**PROFILE, "name": "Exemple"},
        note="other organisation",
    ),
    Row("actors:contact", "/compte/coordonnees/", MEMBERS),
    Row(
        "actors:contact",
        "/compte/coordonnees/",
        dict.fromkeys(MEMBERS, 302),
        method="post",
        data={"phone": "05 61 00 00 00", "share_contact": "on"},
    ),
    Row("actors:representation_requests", "/animation/rattachements/", FACILITATORS),
    Row(
        "actors:representation_request_decide",
        pending_request("accepter"),
        {**FACILITATORS, "facilitator": 302, "admin": 302},
        method="post",
        note="accept",
    ),
    Row(
        "actors:representation_request_decide",
        pending_request("refuser"),
        {**FACILITATORS, "facilitator": 302, "admin": 302},
        method="post",
        note="decline",
    ),
    Row("actors:my_data", "/compte/mes-donnees/", MEMBERS),
    Row("actors:my_data_json", "/compte/mes-donnees.json", MEMBERS),
    Row("actors:erase", "/compte/effacement/", MEMBERS),
    Row(
        "actors:erase",
        "/compte/effacement/",
        dict.fromkeys(MEMBERS, 302),
        method="post",
        data={"confirm": "on"},
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("row", "role"), cases(ACCESS), ids=ids(ACCESS))
def test_access(row, role, client_as, request):
    check(row, role, client_as, request.getfixturevalue)
