"""Every paginated list speaks the same words: one partial, templates/_pagination.html."""

import pytest

from projects.models import Project
from tests import factories

pytestmark = pytest.mark.django_db

IDEAS_PAGE = 30
LABELS = ["Page précédente", "Page suivante", "Page 2 sur ", 'aria-label="Pagination"']


def _assert_labels(text: str) -> None:
    for label in LABELS:
        assert label in text, text[text.find("result-count") : text.find("result-count") + 300]
    for old in ["Précédents", "Suivants", "Précédentes", "Suivantes"]:
        assert f">{old}<" not in text


def test_projects_paginate_with_the_shared_labels(client):
    Project.objects.bulk_create(
        Project(title=f"Projet {n}", slug=f"projet-{n}", state=Project.State.PUBLISHED)
        for n in range(60)
    )
    text = client.get("/projets/?page=2&tri=recent").text
    _assert_labels(text)
    assert 'href="?page=3&amp;tri=recent"' in text or 'href="?tri=recent&amp;page=3"' in text


def test_actors_paginate_with_the_shared_labels(client):
    factories.OrganisationFactory.create_batch(45)
    _assert_labels(client.get("/acteurs/?page=2").text)


def test_ideas_paginate_with_the_shared_labels(client):
    space = factories.IdeaSpaceFactory()
    factories.IdeaFactory.create_batch(IDEAS_PAGE + 1, space=space)
    url = space.get_absolute_url()
    _assert_labels(client.get(url).text + client.get(f"{url}?page=2").text)
