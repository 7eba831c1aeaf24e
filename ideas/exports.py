"""The exports of the ideas: a space's ideas in the import's own columns (export then
import is lossless), and the open data of the public spaces' ideas as visitors see
them, without author."""

from collections.abc import Iterator

from django.conf import settings
from django.db.models import Max
from django.utils import timezone

from alliance.timezones import PARIS
from ideas.models import Idea, IdeaSpace

CHUNK_SIZE = 2000  # rows fetched at a time while a download streams
EXPORT_DATE_FORMAT = "%d/%m/%Y %H:%M:%S"  # as the import reads it back

# The export's columns, in the import's own vocabulary: export then import is lossless.
EXPORT_HEADER = [
    "Identifiant",
    "Titre",
    "Description",
    "Auteur",
    "Thème",
    "J'aime",
    "Commentaires",
    "Date de création",
    "Statut",
    "Espace",
]
STATUS_LABELS = {
    Idea.Status.NEW: "Nouvelle",
    Idea.Status.KEPT: "Retenue",
    Idea.Status.STUDY: "À l'étude",
    Idea.Status.PROJECT: "Transformée en projet",
    Idea.Status.DISCARDED: "Écartée",
}
# The open data's columns.
PUBLIC_HEADER = [
    "identifiant",
    "espace",
    "titre",
    "texte",
    "statut",
    "réponse",
    "soutiens",
    "créée le",
    "mise à jour le",
    "adresse",
]


def export_rows(space: IdeaSpace) -> Iterator[list]:
    """The space's ideas in the import's columns; totals include the platform's counts."""
    ideas = (
        Idea.objects.filter(space=space)
        .listed()
        .with_counts()
        .select_related("author")
        .prefetch_related("themes")
        .order_by("created_at", "pk")
    )
    for idea in ideas.iterator(chunk_size=CHUNK_SIZE):
        theme = idea.source_theme or ", ".join(t.name for t in idea.themes.all())
        yield [
            idea.source_id,
            idea.title,
            idea.body,
            str(idea.author_display),
            theme,
            idea.like_total,
            idea.comment_total,
            timezone.localtime(idea.created_at, PARIS).strftime(EXPORT_DATE_FORMAT),
            STATUS_LABELS.get(idea.status, idea.status),
            space.name,
        ]


def public_ideas():
    return (
        Idea.objects.listed()
        .filter(space__is_public=True)
        .with_counts()
        .select_related("space")
        .order_by("space__name", "-created_at", "pk")
    )


def last_change():
    listed = Idea.objects.listed().filter(space__is_public=True).order_by()
    return listed.aggregate(last=Max("updated_at"))["last"]


def public_rows(ideas):
    """Typed cells: counts are numbers and dates are datetimes, for spreadsheets."""
    for idea in ideas.iterator(chunk_size=CHUNK_SIZE):
        yield [
            idea.pk,
            idea.space.name,
            idea.title,
            idea.body,
            idea.get_status_display(),
            idea.answer,
            idea.like_total,
            idea.created_at,
            idea.updated_at,
            settings.SITE_URL + idea.get_absolute_url(),
        ]
