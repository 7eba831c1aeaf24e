"""Idea spaces (one per question put to the territory, or per Colidée campaign), the ideas
posted by members or imported from Colidée exports, their likes and comments, and the
import batches that bring Colidée exports in. One module per sub-domain; the models are
named here so that `from ideas.models import Idea` reads as before."""

from ideas.models.ideas import (
    COMMENT_EDIT_WINDOW,
    Comment,
    CommentReport,
    Idea,
    IdeaMerge,
    IdeaSpace,
    Like,
    idea_key,
)
from ideas.models.imports import HeaderMapping, ImportBatch, _import_path

__all__ = [
    "COMMENT_EDIT_WINDOW",
    "Comment",
    "CommentReport",
    "HeaderMapping",
    "Idea",
    "IdeaMerge",
    "IdeaSpace",
    "ImportBatch",
    "Like",
    "_import_path",
    "idea_key",
]
