"""Following and unfollowing through HTMX is announced (issue 15)."""

import pytest

from tests import factories

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


def test_following_then_unfollowing_announces_each(client, member):
    theme = factories.ThemeFactory(name="Mobilité", slug="mobilite")
    client.force_login(member)
    body = client.post(f"/abonnements/suivre/theme/{theme.pk}/", headers=HTMX).content.decode()
    assert 'data-announce="Vous suivez « Mobilité »"' in body
    assert f'id="follow-button-theme-{theme.pk}"' in body
    url = f"/abonnements/ne-plus-suivre/theme/{theme.pk}/"
    body = client.post(url, headers=HTMX).content.decode()
    assert 'data-announce="Vous ne suivez plus « Mobilité »"' in body
