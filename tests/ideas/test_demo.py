import pytest

from alliance.demo import load_themes
from ideas import demo
from ideas.models import Comment, Idea, IdeaSpace, Like
from tests import factories

pytestmark = pytest.mark.django_db


def test_demo_loads_the_launch_space_idempotently_and_purges_only_demo_records():
    load_themes()
    keep = factories.IdeaFactory(title="Idée réelle")
    demo.load()
    demo.load()
    space = IdeaSpace.objects.get(slug=demo.SLUG)
    ideas = Idea.objects.filter(space=space)
    assert ideas.count() >= 30
    assert ideas.filter(source=Idea.Source.IMPORT, author__isnull=True).exclude(
        author_name=""
    ).count() == len(demo.IMPORTED)
    assert ideas.filter(themes__isnull=False).values("themes").distinct().count() >= 8
    assert Like.objects.filter(idea__space=space).exists()
    assert Comment.objects.filter(idea__space=space, parent__isnull=False).count() == 2
    counts = (ideas.count(), Like.objects.count(), Comment.objects.count())
    demo.load()
    assert (ideas.count(), Like.objects.count(), Comment.objects.count()) == counts

    demo.load(purge=True)
    assert not IdeaSpace.objects.filter(slug=demo.SLUG).exists()
    assert list(Idea.objects.all()) == [keep]


def test_the_demo_space_page_renders(client):
    load_themes()
    demo.load()
    response = client.get(f"/idees/espaces/{demo.SLUG}/")
    assert response.status_code == 200
    assert "Toitures solaires" in response.content.decode()
