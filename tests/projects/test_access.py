"""Every URL of the projects app, and what each role gets."""

import pytest

from tests import factories
from tests.access import FACILITATORS, MEMBERS, PUBLIC, Row, cases, check, ids

HIDDEN = {"anonymous": 404, "member": 404, "carrier": 200, "facilitator": 200, "admin": 200}
EDITORS = {"anonymous": 302, "member": 403, "carrier": 200, "facilitator": 200, "admin": 200}
EDITORS_POST = {"anonymous": 302, "member": 403, "carrier": 302, "facilitator": 302, "admin": 302}
HIDDEN_EDIT = {"anonymous": 302, "member": 404, "carrier": 200, "facilitator": 200, "admin": 200}
MODERATORS_POST = {
    "anonymous": 302,
    "member": 403,
    "carrier": 403,
    "facilitator": 302,
    "admin": 302,
}
MEMBERS_POST = {"anonymous": 302, "member": 302, "carrier": 302, "facilitator": 302, "admin": 302}


def _slug(name):
    return lambda fixture: fixture(name).slug


def _link_url(fixture):
    project = fixture("carried_project")
    link = factories.LinkFactory(source=project, target=fixture("other_project"))
    return f"/projets/{project.slug}/liens/{link.pk}/retirer/"


def _need_url(fixture):
    project = fixture("carried_project")
    need = factories.NeedFactory(project=project)
    return f"/projets/{project.slug}/besoins/{need.pk}/"


def _help_url(fixture):
    need = factories.NeedFactory(project=fixture("carried_project"))
    return f"/besoins/{need.pk}/aider/"


def _offer_url(fixture):
    offer = factories.OfferFactory(organisation=fixture("carrier").person.organisations.get())
    return f"/besoins/offres/{offer.pk}/supprimer/"


def _carrier_organisation(kind):
    def data(fixture):
        organisation = fixture("carrier").person.organisations.get()
        return {"organisation": organisation.pk, "kind": kind, "description": "Un terrain"}

    return data


# Publishing for an organisation takes a current mandate (or the facilitator's role).
MANDATED = {"anonymous": 302, "member": 403, "carrier": 200, "facilitator": 200, "admin": 200}


ACCESS = [
    Row("projects:list", "/projets/", PUBLIC),
    Row("projects:list", "/projets/?tri=liens", PUBLIC, note="sorted by links"),
    Row("projects:map", "/projets/carte/", PUBLIC),
    Row("projects:map_data", "/projets/carte/donnees.geojson", PUBLIC),
    Row("projects:outline", "/projets/carte/contour.geojson", PUBLIC),
    Row(
        "projects:popup",
        lambda f: f"/projets/carte/popup/{f('carried_project').pk}/",
        PUBLIC,
        note="published",
    ),
    Row(
        "projects:popup",
        lambda f: f"/projets/carte/popup/{f('submitted_project').pk}/",
        HIDDEN,
        note="submitted",
    ),
    Row("projects:detail", lambda f: f"/projets/{f('carried_project').slug}/", PUBLIC),
    Row(
        "projects:detail",
        lambda f: f"/projets/{f('submitted_project').slug}/",
        HIDDEN,
        note="submitted",
    ),
    Row("projects:detail", "/projets/inconnu/", dict.fromkeys(HIDDEN, 404), note="unknown"),
    Row("projects:create", "/projets/proposer/", MEMBERS),
    Row(
        "projects:create",
        "/projets/proposer/",
        {**MEMBERS_POST, "member": 200, "carrier": 200, "facilitator": 200, "admin": 200},
        method="post",
        data={"title": ""},
        note="invalid",
    ),
    Row("projects:edit", lambda f: f"/projets/{f('carried_project').slug}/modifier/", EDITORS),
    Row(
        "projects:edit",
        lambda f: f"/projets/{f('submitted_project').slug}/modifier/",
        HIDDEN_EDIT,
        note="submitted",
    ),
    Row("projects:moderation", "/projets/moderation/", FACILITATORS),
    Row(
        "projects:moderate",
        lambda f: f"/projets/{f('submitted_project').slug}/moderer/",
        MODERATORS_POST,
        method="post",
        data={"action": "publish"},
    ),
    Row("projects:graph", "/projets/interdependances/", PUBLIC),
    Row("projects:graph_data", "/projets/interdependances/donnees.json", PUBLIC),
    Row("projects:export_kumu", "/projets/interdependances.kumu.json", PUBLIC),
    Row("projects:export_graphml", "/projets/interdependances.graphml", PUBLIC),
    Row("projects:export_gexf", "/projets/interdependances.gexf", PUBLIC),
    Row("projects:export_geojson", "/projets.geojson", PUBLIC),
    Row("projects:export_csv", "/projets.csv", PUBLIC),
    Row("projects:needs", "/besoins/", PUBLIC),
    Row("projects:offer_add", "/besoins/offres/proposer/", MANDATED),
    Row(
        "projects:offer_add",
        "/besoins/offres/proposer/",
        EDITORS_POST,
        method="post",
        data=_carrier_organisation("foncier"),
    ),
    Row(
        "projects:offer_add",
        "/besoins/offres/proposer/",
        MANDATED,
        method="post",
        data={"description": ""},
        note="invalid",
    ),
    Row("projects:offer_delete", _offer_url, EDITORS_POST, method="post"),
    Row("projects:org_need_add", "/besoins/proposer/", MANDATED),
    Row(
        "projects:org_need_add",
        "/besoins/proposer/",
        EDITORS_POST,
        method="post",
        data=_carrier_organisation("locaux"),
    ),
    Row(
        "projects:org_need_add",
        "/besoins/proposer/",
        MANDATED,
        method="post",
        data={"description": ""},
        note="invalid",
    ),
    Row("projects:help", _help_url, MEMBERS_POST, method="post", data={"message": "Bonjour"}),
    Row(
        "projects:link_add",
        lambda f: f"/projets/{f('carried_project').slug}/liens/ajouter/",
        EDITORS_POST,
        method="post",
        data=lambda f: {"kind": "depend", "target": f("other_project").pk, "strength": 2},
    ),
    Row("projects:link_delete", _link_url, EDITORS_POST, method="post"),
    Row(
        "projects:need_add",
        lambda f: f"/projets/{f('carried_project').slug}/besoins/ajouter/",
        EDITORS_POST,
        method="post",
        data={"kind": "foncier", "description": "Un terrain de 2 ha"},
    ),
    Row(
        "projects:need_update", _need_url, EDITORS_POST, method="post", data={"action": "satisfait"}
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("row", "role"), cases(ACCESS), ids=ids(ACCESS))
def test_access(row, role, client_as, request):
    check(row, role, client_as, request.getfixturevalue)
