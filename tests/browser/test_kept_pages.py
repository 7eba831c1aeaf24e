"""A page kept for anonymous visitors (alliance/pagecache.py) reaches Chromium gzipped
beforehand, with the visitor's own CSRF token spliced in (alliance/precompressed.py): the
browser reads it and the token it carries is accepted."""

import pytest
from playwright.sync_api import expect

from projects.models import Project
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    from alliance import pagecache

    settings.PAGE_CACHE_SECONDS = 60
    pagecache.bump()


def test_chromium_reads_a_kept_gzipped_page_and_its_token_switches_the_language(
    browser, live_server
):
    project = factories.ProjectFactory(title="Jardin partagé de Balma")
    first = browser.new_context(locale="fr-FR")
    answer = first.new_page().goto(live_server.url + "/projets/")
    assert answer.headers["content-encoding"] == "gzip"
    first.close()
    # Renamed without a signal: a visitor who still sees the old title got the kept copy.
    Project.objects.filter(pk=project.pk).update(title="Jardin renommé")
    visitor = browser.new_context(locale="fr-FR")
    page = visitor.new_page()
    answer = page.goto(live_server.url + "/projets/")
    assert answer.headers["content-encoding"] == "gzip"
    expect(page.get_by_role("link", name="Jardin partagé de Balma").first).to_be_visible()
    page.get_by_role("button", name="English").click()  # a POST with the spliced token
    expect(page.locator("html")).to_have_attribute("lang", "en")
    # The POST retired the kept pages: the renamed project shows.
    expect(page.get_by_role("link", name="Jardin renommé").first).to_be_visible()
    visitor.close()
