import pytest

from tests.access import FACILITATORS, PUBLIC, Row, cases, check, ids
from tests.factories import ThemeFactory

# A write the facilitator and the admin make (then get redirected); members are refused.
WRITES = {"anonymous": 302, "member": 403, "carrier": 403, "facilitator": 302, "admin": 302}


def _milestone(fixture, action):
    return f"/feuille-de-route/jalons/{fixture('milestone').pk}/{action}/"


def _objective(fixture, action):
    return f"/feuille-de-route/objectifs/{fixture('objective').pk}/{action}/"


def _measurement(fixture, action):
    return f"/feuille-de-route/mesures/{fixture('measurement').pk}/{action}/"


def _objective_data(fixture):
    theme = ThemeFactory(name="Énergie", slug="energie")
    return {
        "theme": theme.pk,
        "title": "Produire 20 GWh",
        "indicator": "Énergie renouvelable produite",
        "unit": "MWh",
        "baseline": "100",
        "baseline_date": "2024-01-01",
        "target": "20000",
        "deadline": "2030-12-31",
    }


MILESTONE_DATA = {"title": "Livrable", "kind": "livrable", "status": "prevu", "date": "2027-03-01"}
MEASURE_DATA = {"date": "2025-01-15", "value": "120"}

ACCESS = [
    Row("roadmap:index", "/feuille-de-route/", PUBLIC),
    Row("roadmap:download", "/feuille-de-route/document/", PUBLIC),
    Row("roadmap:download_pdf", "/feuille-de-route/document.pdf", PUBLIC),
    Row("roadmap:vision", "/vision/", PUBLIC),
    Row("roadmap:vision_csv", "/vision/donnees/themes.csv", PUBLIC),
    Row("roadmap:milestone_create", "/feuille-de-route/jalons/nouveau/", FACILITATORS),
    Row(
        "roadmap:milestone_create",
        "/feuille-de-route/jalons/nouveau/",
        WRITES,
        method="post",
        data=MILESTONE_DATA,
    ),
    Row("roadmap:milestone_edit", lambda f: _milestone(f, "modifier"), FACILITATORS),
    Row(
        "roadmap:milestone_edit",
        lambda f: _milestone(f, "modifier"),
        WRITES,
        method="post",
        data=MILESTONE_DATA,
    ),
    Row("roadmap:milestone_delete", lambda f: _milestone(f, "supprimer"), WRITES, method="post"),
    Row(
        "roadmap:decision_milestone",
        lambda f: f"/feuille-de-route/decisions/{f('decided_meeting').pk}/jalon/",
        WRITES,
        method="post",
        data={"decision": "Lancer l'appel à projets"},
        location="/compte/login/",
    ),
    Row("roadmap:objective_create", "/feuille-de-route/objectifs/nouveau/", FACILITATORS),
    Row(
        "roadmap:objective_create",
        "/feuille-de-route/objectifs/nouveau/",
        WRITES,
        method="post",
        data=_objective_data,
    ),
    Row("roadmap:objective_edit", lambda f: _objective(f, "modifier"), FACILITATORS),
    Row(
        "roadmap:objective_edit",
        lambda f: _objective(f, "modifier"),
        WRITES,
        method="post",
        data=_objective_data,
    ),
    Row("roadmap:objective_delete", lambda f: _objective(f, "supprimer"), WRITES, method="post"),
    Row("roadmap:measurement_create", lambda f: _objective(f, "mesures/nouvelle"), FACILITATORS),
    Row(
        "roadmap:measurement_create",
        lambda f: _objective(f, "mesures/nouvelle"),
        WRITES,
        method="post",
        data=MEASURE_DATA,
    ),
    Row("roadmap:measurement_edit", lambda f: _measurement(f, "modifier"), FACILITATORS),
    Row(
        "roadmap:measurement_edit",
        lambda f: _measurement(f, "modifier"),
        WRITES,
        method="post",
        data=MEASURE_DATA,
    ),
    Row(
        "roadmap:measurement_delete", lambda f: _measurement(f, "supprimer"), WRITES, method="post"
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("row", "role"), cases(ACCESS), ids=ids(ACCESS))
def test_access(row, role, client_as, request):
    check(row, role, client_as, request.getfixturevalue)
