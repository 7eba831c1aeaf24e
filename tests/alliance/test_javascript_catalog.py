"""The scripts' strings go through Django's JavaScript catalogue."""

import pytest

pytestmark = pytest.mark.django_db


def test_every_page_loads_the_catalogue_before_the_scripts(client):
    html = client.get("/").content.decode()
    assert html.index("/jsi18n/?lang=fr") < html.index("js/site.js")


def test_the_catalogue_defines_gettext_and_is_cacheable(client):
    response = client.get("/jsi18n/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert "django.gettext" in response.content.decode()
    assert "max-age=3600" in response["Cache-Control"]
