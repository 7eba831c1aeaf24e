import pytest

from tests.access import FACILITATORS, MEMBERS, PUBLIC, Row, cases, check, ids

# POST endpoints answer a plain (non-HTMX) POST with a redirect.
POSTED_BY_MEMBERS = dict.fromkeys(["anonymous", "member", "carrier", "facilitator", "admin"], 302)
POSTED_BY_FACILITATORS = {
    "anonymous": 302,
    "member": 403,
    "carrier": 403,
    "facilitator": 302,
    "admin": 302,
}


def meeting_url(suffix=""):
    return lambda f: f"/cercles/reunions/{f('meeting').pk}/{suffix}"


def held_url(suffix=""):
    return lambda f: f"/cercles/reunions/{f('held_meeting').pk}/{suffix}"


CIRCLE_DATA = {"name": "Nouveau cercle", "kind": "groupe", "reminders": "24"}

ACCESS = [
    Row("circles:list", "/cercles/", PUBLIC),
    Row("circles:circle_create", "/cercles/nouveau/", FACILITATORS),
    Row(
        "circles:circle_create",
        "/cercles/nouveau/",
        POSTED_BY_FACILITATORS,
        method="post",
        data=CIRCLE_DATA,
        location="/compte/login/",
    ),
    Row("circles:circle_edit", lambda f: f"/cercles/{f('circle').slug}/modifier/", FACILITATORS),
    Row(
        "circles:circle_edit",
        lambda f: f"/cercles/{f('circle').slug}/modifier/",
        POSTED_BY_FACILITATORS,
        method="post",
        data=CIRCLE_DATA,
        location="/compte/login/",
    ),
    Row("circles:detail", lambda f: f("circle").get_absolute_url(), PUBLIC),
    Row("circles:meeting", meeting_url(), PUBLIC),
    Row("circles:agenda", "/agenda/", PUBLIC),
    Row("circles:meeting_ics", meeting_url("reunion.ics"), PUBLIC),
    Row("circles:circle_feed", lambda f: f"/cercles/{f('circle').slug}/agenda.ics", PUBLIC),
    Row("circles:agenda_feed", "/agenda/agenda.ics", PUBLIC),
    Row(
        "circles:member_feed",
        lambda f: f"/agenda/flux/{f('feed_profile').feed_token}.ics",
        PUBLIC,
        note="secret URL",
    ),
    Row(
        "circles:register",
        meeting_url("inscription/"),
        POSTED_BY_MEMBERS,
        method="post",
        data={"answer": "oui"},
    ),
    Row(
        "circles:guest_register",
        lambda f: f"/cercles/reunions/{f('open_meeting').pk}/inscription-sans-compte/",
        PUBLIC,
    ),
    Row(
        "circles:guest_confirm",
        lambda f: f"/inscription/{f('guest_registration').token}/confirmer/",
        PUBLIC,
    ),
    Row(
        "circles:guest_cancel",
        lambda f: f"/inscription/{f('guest_registration').token}/annuler/",
        PUBLIC,
    ),
    Row("circles:edit", meeting_url("modifier/"), FACILITATORS),
    Row("circles:cancel", meeting_url("annuler/"), FACILITATORS),
    Row(
        "circles:reinstate",
        lambda f: f"/cercles/reunions/{f('cancelled_meeting').pk}/retablir/",
        FACILITATORS,
    ),
    Row(
        "circles:reinstate",
        lambda f: f"/cercles/reunions/{f('cancelled_meeting').pk}/retablir/",
        POSTED_BY_FACILITATORS,
        method="post",
    ),
    Row("circles:minutes", meeting_url("compte-rendu/"), FACILITATORS),
    Row("circles:export", meeting_url("inscrits.csv"), FACILITATORS),
    Row("circles:attendance", held_url("presences/"), FACILITATORS),
    Row(
        "circles:attendance",
        held_url("presences/"),
        POSTED_BY_FACILITATORS,
        method="post",
        location="/compte/login/",
    ),
    Row(
        "circles:walk_in",
        held_url("presences/ajout/"),
        POSTED_BY_FACILITATORS,
        method="post",
        data={"name": "Paul Passant", "organisation": "Mairie de Muret", "presence": "present"},
        location="/compte/login/",
    ),
    Row(
        "circles:create",
        lambda f: f"/cercles/{f('circle').slug}/reunions/nouvelle/",
        FACILITATORS,
    ),
    Row("circles:series", lambda f: f"/cercles/{f('circle').slug}/reunions/serie/", FACILITATORS),
    Row(
        "circles:poll_create",
        lambda f: f"/cercles/{f('circle').slug}/sondages/nouveau/",
        FACILITATORS,
    ),
    Row("circles:poll", lambda f: f("poll").get_absolute_url(), MEMBERS),
    Row(
        "circles:poll_pick",
        lambda f: f"/cercles/sondages/{f('poll').pk}/choisir/",
        POSTED_BY_FACILITATORS,
        method="post",
        data=lambda f: {"slot": f("poll").slots.first().pk},
    ),
    Row(
        "circles:join",
        lambda f: f"/cercles/{f('circle').slug}/rejoindre/",
        POSTED_BY_MEMBERS,
        method="post",
    ),
    Row(
        "circles:join_decide",
        lambda f: f"/cercles/adhesions/{f('join_request').pk}/decision/",
        POSTED_BY_FACILITATORS,
        method="post",
        data={"decision": "accept"},
    ),
    Row(
        "circles:guest_invite",
        lambda f: f"/cercles/inscriptions/{f('guest_registration').pk}/inviter/",
        POSTED_BY_FACILITATORS,
        method="post",
    ),
    Row("circles:preferences", "/agenda/preferences/", MEMBERS),
    Row(
        "circles:document_add",
        meeting_url("documents/"),
        POSTED_BY_FACILITATORS,
        method="post",
        data={"title": "Support"},
    ),
    Row(
        "circles:document",
        lambda f: f"/cercles/documents/{f('meeting_document').pk}/",
        PUBLIC,
        note="like the meeting page",
    ),
    Row("circles:minutes_pdf", meeting_url("compte-rendu.pdf"), MEMBERS),
    Row("circles:minutes_docx", meeting_url("compte-rendu.docx"), MEMBERS),
    Row(
        "circles:calendar_pdf",
        lambda f: f"/cercles/{f('circle').slug}/calendrier-2026.pdf",
        MEMBERS,
    ),
    Row(
        "circles:calendar_docx",
        lambda f: f"/cercles/{f('circle').slug}/calendrier-2026.docx",
        MEMBERS,
    ),
    Row(
        "circles:member_search",
        lambda f: f"/cercles/{f('circle').slug}/membres/recherche/?q=a",
        FACILITATORS,
    ),
    Row(
        "circles:member_add",
        lambda f: f"/cercles/{f('circle').slug}/membres/ajouter/",
        POSTED_BY_FACILITATORS,
        method="post",
        data=lambda f: {"person": f("join_request").person.pk, "role": "membre"},
    ),
    Row(
        "circles:member_edit",
        lambda f: f"/cercles/membres/{f('seated').pk}/modifier/",
        FACILITATORS,
    ),
    Row(
        "circles:member_edit",
        lambda f: f"/cercles/membres/{f('seated').pk}/modifier/",
        POSTED_BY_FACILITATORS,
        method="post",
        data={"role": "observateur"},
        location="/compte/login/",
    ),
    Row(
        "circles:member_remove",
        lambda f: f"/cercles/membres/{f('seated').pk}/retirer/",
        POSTED_BY_FACILITATORS,
        method="post",
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("row", "role"), cases(ACCESS), ids=ids(ACCESS))
def test_access(row, role, client_as, request):
    check(row, role, client_as, request.getfixturevalue)


def test_unknown_feed_token_gets_404(client, db):
    assert client.get("/agenda/flux/nope.ics").status_code == 404


def test_guest_registration_is_404_for_a_closed_circle_meeting(client, meeting):
    url = f"/cercles/reunions/{meeting.pk}/inscription-sans-compte/"
    assert client.get(url).status_code == 404
