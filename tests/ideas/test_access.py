import pytest

from tests.access import FACILITATORS, MEMBERS, PUBLIC, Row, cases, check, ids

ALL_REDIRECT = dict.fromkeys(["anonymous", "member", "carrier", "facilitator", "admin"], 302)
FACILITATOR_POST = {
    "anonymous": 302,
    "member": 403,
    "carrier": 403,
    "facilitator": 302,
    "admin": 302,
}
MEMBERS_ONLY_404 = {
    "anonymous": 404,
    "member": 200,
    "carrier": 200,
    "facilitator": 200,
    "admin": 200,
}
AUTHOR_ONLY = {"anonymous": 302, "member": 200, "carrier": 403, "facilitator": 403, "admin": 403}
CLOSED = {"anonymous": 302, "member": 403, "carrier": 403, "facilitator": 403, "admin": 403}


def space_url(suffix=""):
    return lambda f: f"/idees/espaces/{f('idea_space').slug}/{suffix}"


def idea_url(suffix=""):
    return lambda f: f"/idees/{f('idea').pk}/{suffix}"


def comment_url(suffix):
    return lambda f: f"/idees/commentaires/{f('member_comment').pk}/{suffix}"


def batch_url(suffix=""):
    return lambda f: f"/idees/imports/{f('import_batch').pk}/{suffix}"


def merge_data(f):
    a, b = f("twin_ideas")
    return {"idea": b.pk, "into": a.pk}


def merge_undo_url(f):
    from ideas.services import merge_ideas

    a, b = f("twin_ideas")
    return f"/idees/fusions/{merge_ideas(idea=b, into=a).pk}/annuler/"


ACCESS = [
    Row("ideas:list", "/idees/", PUBLIC),
    Row("ideas:space", space_url(), PUBLIC),
    Row(
        "ideas:space",
        lambda f: f"/idees/espaces/{f('private_space').slug}/",
        MEMBERS_ONLY_404,
        note="private space",
    ),
    Row("ideas:detail", idea_url(), PUBLIC),
    Row("ideas:create", space_url("proposer/"), MEMBERS),
    Row(
        "ideas:create",
        lambda f: f"/idees/espaces/{f('closed_space').slug}/proposer/",
        CLOSED,
        note="closed space",
    ),
    Row(
        "ideas:create",
        space_url("proposer/"),
        ALL_REDIRECT,
        method="post",
        data={"title": "Un titre", "body": "Un texte"},
    ),
    Row("ideas:like", idea_url("aimer/"), ALL_REDIRECT, method="post"),
    Row("ideas:unlike", idea_url("ne-plus-aimer/"), ALL_REDIRECT, method="post"),
    Row(
        "ideas:comment", idea_url("commenter/"), ALL_REDIRECT, method="post", data={"body": "Oui !"}
    ),
    Row("ideas:comment_edit", comment_url("modifier/"), AUTHOR_ONLY),
    Row("ideas:comment_report", comment_url("signaler/"), ALL_REDIRECT, method="post"),
    Row(
        "ideas:comment_moderate",
        comment_url("moderer/"),
        FACILITATOR_POST,
        method="post",
        data={"action": "hide"},
    ),
    Row("ideas:moderation", "/idees/moderation/", FACILITATORS),
    Row("ideas:space_create", "/idees/nouvel-espace/", FACILITATORS),
    Row(
        "ideas:space_create",
        "/idees/nouvel-espace/",
        FACILITATOR_POST,
        method="post",
        data={"name": "Cercle énergie", "is_open": "on", "is_public": "on"},
    ),
    Row("ideas:space_edit", space_url("modifier/"), FACILITATORS),
    Row(
        "ideas:moderate",
        idea_url("moderer/"),
        FACILITATOR_POST,
        method="post",
        data={"action": "hide"},
    ),
    Row("ideas:answer", idea_url("reponse/"), FACILITATORS),
    Row(
        "ideas:answer",
        idea_url("reponse/"),
        FACILITATOR_POST,
        method="post",
        data={"status": "retenue", "answer": "Merci"},
    ),
    Row("ideas:promote", idea_url("projet/"), FACILITATOR_POST, method="post"),
    Row("ideas:analysis", space_url("analyse/"), FACILITATORS),
    Row("ideas:merge", space_url("fusionner/"), FACILITATORS, data=merge_data, note="confirm"),
    Row("ideas:merge", space_url("fusionner/"), FACILITATOR_POST, method="post", data=merge_data),
    Row("ideas:merge_undo", merge_undo_url, FACILITATOR_POST, method="post"),
    Row("ideas:export_csv", space_url("export.csv"), FACILITATORS),
    Row("ideas:export_xlsx", space_url("export.xlsx"), FACILITATORS),
    Row("ideas:import", space_url("import/"), FACILITATORS),
    Row("ideas:import_batch", batch_url(), FACILITATORS),
    Row("ideas:import_status", batch_url("etat/"), FACILITATORS),
    Row("ideas:import_confirm", batch_url("confirmer/"), FACILITATOR_POST, method="post"),
    Row(
        "ideas:import_columns",
        batch_url("colonnes/"),
        FACILITATOR_POST,
        method="post",
        data={"column_0": "source_id", "column_1": "title"},
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("row", "role"), cases(ACCESS), ids=ids(ACCESS))
def test_access(row, role, client_as, request):
    check(row, role, client_as, request.getfixturevalue)


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_read_pages_reject_other_methods(method, client, idea):
    response = getattr(client, method)(f"/idees/{idea.pk}/")
    assert response.status_code == 405
