"""Every action says in French that it is done (issue 15): a plain post by a message on
the page it returns to, an HTMX post by the sentence the live region reads out."""

import json

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def announced(response) -> str:
    return json.loads(response.headers["HX-Trigger"])["announce"]


def test_a_link_added_is_confirmed_on_the_project_page(client_as, carried_project, other_project):
    response = client_as("carrier").post(
        f"/projets/{carried_project.slug}/liens/ajouter/",
        {"kind": "depend", "target": other_project.pk, "strength": 2},
        follow=True,
    )
    assert "Le lien est ajouté." in response.text


def test_a_link_added_through_htmx_is_announced(client_as, carried_project, other_project):
    response = client_as("carrier").post(
        f"/projets/{carried_project.slug}/liens/ajouter/",
        {"kind": "depend", "target": other_project.pk, "strength": 2},
        headers=HTMX,
    )
    assert announced(response) == "Le lien est ajouté."


def test_a_link_added_in_english_is_announced_in_english(client_as, carried_project, other_project):
    client = client_as("carrier")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(
        f"/projets/{carried_project.slug}/liens/ajouter/",
        {"kind": "depend", "target": other_project.pk, "strength": 2},
        headers=HTMX,
    )
    assert announced(response) == "The link has been added."


def test_a_need_added_is_confirmed_on_the_project_page(client_as, carried_project):
    response = client_as("carrier").post(
        f"/projets/{carried_project.slug}/besoins/ajouter/",
        {"kind": "foncier", "description": "Un terrain"},
        follow=True,
    )
    assert "Le besoin est ajouté." in response.text


def test_a_need_added_through_htmx_is_announced(client_as, carried_project):
    response = client_as("carrier").post(
        f"/projets/{carried_project.slug}/besoins/ajouter/",
        {"kind": "foncier", "description": "Un terrain"},
        headers=HTMX,
    )
    assert announced(response) == "Le besoin est ajouté."


def test_a_refused_need_announces_nothing(client_as, carried_project):
    response = client_as("carrier").post(
        f"/projets/{carried_project.slug}/besoins/ajouter/", {"kind": "foncier"}, headers=HTMX
    )
    assert "HX-Trigger" not in response.headers
