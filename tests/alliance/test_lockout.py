"""django-axes throttles failed logins through allauth's form."""

import pytest

pytestmark = pytest.mark.django_db


def test_after_too_many_failures_even_the_right_password_is_refused(client, member, settings):
    settings.AXES_ENABLED = True
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post("/compte/login/", {"login": member.email, "password": "mauvais"})
        assert response.status_code == 200
    client.post("/compte/login/", {"login": member.email, "password": "mauvais"})

    response = client.post(
        "/compte/login/", {"login": member.email, "password": "motdepasse-solide-42"}
    )
    assert response.status_code == 429
    html = response.content.decode()
    assert "Trop de tentatives de connexion" in html
    assert 'href="/compte/password/reset/"' in html
    assert "_auth_user_id" not in client.session


def test_failures_for_another_address_do_not_lock_the_member_out(client, member, settings):
    settings.AXES_ENABLED = True
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        client.post("/compte/login/", {"login": "autre@example.org", "password": "mauvais"})
    response = client.post(
        "/compte/login/", {"login": member.email, "password": "motdepasse-solide-42"}
    )
    assert response.status_code == 302
