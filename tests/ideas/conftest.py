import pytest
from django.core.files.base import ContentFile

from ideas.models import Comment, ImportBatch
from ideas.services import preview_import
from tests import factories

SMALL_CSV = "Identifiant;Titre;Description;Auteur\n1;Vélo;Du vélo;Ana\n2;;;Bob\n".encode()


@pytest.fixture
def idea_space(db):
    return factories.IdeaSpaceFactory(name="Réunion de lancement", slug="lancement")


@pytest.fixture
def private_space(db):
    return factories.IdeaSpaceFactory(name="Entre membres", slug="entre-membres", is_public=False)


@pytest.fixture
def closed_space(db):
    return factories.IdeaSpaceFactory(name="Clos", slug="clos", is_open=False)


@pytest.fixture
def idea(idea_space):
    return factories.IdeaFactory(space=idea_space, title="Une vélo-école", body="Apprendre.")


@pytest.fixture
def member_comment(idea, member):
    return Comment.objects.create(idea=idea, author=member, body="Bonne idée")


@pytest.fixture
def twin_ideas(idea_space):
    return (
        factories.IdeaFactory(space=idea_space, title="Vélo-école"),
        factories.IdeaFactory(space=idea_space, title="velo ecole"),
    )


@pytest.fixture
def import_batch(idea_space, facilitator):
    batch = ImportBatch.objects.create(
        space=idea_space,
        file=ContentFile(SMALL_CSV, name="export.csv"),
        original_name="export.csv",
        created_by=facilitator,
    )
    preview_import(batch)
    return batch
