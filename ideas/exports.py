"""Open data of the ideas: the public spaces' ideas as visitors see them, without author.
(The per-space export in the import's columns stays in `ideas.services`.)"""

from django.conf import settings
from django.db.models import Max

from ideas.models import Idea

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
    for idea in ideas.iterator(chunk_size=2000):
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
