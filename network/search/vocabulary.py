"""The words search knows (network.SearchWord), and the nearest of them to a typo.

Titles and names of every searched kind, and the names of themes, stakes and communes, are
folded into words ("Mobilité douce" -> "mobilite", "douce"). A query that finds nothing is
read again with each unknown word replaced by its nearest known word: PostgreSQL asks
pg_trgm (trigram similarity over a GIN index), other databases compare in Python with
difflib, over the words that share the typo's first letter.
"""

import difflib
import re

from django.apps import apps
from django.contrib.postgres.lookups import TrigramSimilar
from django.contrib.postgres.search import TrigramSimilarity
from django.db import connection
from django.db.models import F, Value

from alliance.text import fold
from network.models import SearchWord
from network.search.kinds import KINDS

MIN_LENGTH = 3
MAX_LENGTH = 60
# difflib's ratio for "enrgie"/"energie" is 0.92, "mobilte"/"mobilite" 0.93; 0.75 keeps
# one or two slips in a word of six letters and refuses unrelated words.
PYTHON_CUTOFF = 0.75
TRIGRAM_CUTOFF = 0.3  # pg_trgm's own default for the % operator
TAXONOMY = ("alliance.Theme", "alliance.Stake", "alliance.Commune")


def words_of(*texts: str) -> set[str]:
    """The folded words of `texts` worth remembering (three letters or more, no digits)."""
    found = set()
    for text in texts:
        for word in re.findall(r"[a-z]+", fold(text or "")):
            if MIN_LENGTH <= len(word) <= MAX_LENGTH:
                found.add(word)
    return found


def remember(*texts: str) -> None:
    """Adds the words of `texts` to the vocabulary (one INSERT, known words skipped)."""
    words = words_of(*texts)
    if words:
        SearchWord.objects.bulk_create(
            [SearchWord(word=w) for w in sorted(words)], ignore_conflicts=True
        )


def rebuild() -> int:
    """The vocabulary from scratch: words gone from every title are forgotten."""
    words = set()
    for kind in KINDS:
        model = apps.get_model(kind.model)
        words |= words_of(*model.objects.values_list(kind.title_field, flat=True).iterator())
    for label in TAXONOMY:
        words |= words_of(*apps.get_model(label).objects.values_list("name", flat=True))
    SearchWord.objects.all().delete()
    SearchWord.objects.bulk_create([SearchWord(word=w) for w in sorted(words)], batch_size=1000)
    return len(words)


def similarity(a: str, b: str) -> float:
    """How alike two folded words are, 0 to 1 (difflib's ratio), the SQLite path's measure."""
    return difflib.SequenceMatcher(None, a, b).ratio()


def nearest(word: str) -> str | None:
    """The known word nearest to `word` (itself if known), or None. One query."""
    if connection.vendor == "postgresql":
        match = (
            SearchWord.objects.filter(TrigramSimilar(F("word"), Value(word)))
            .annotate(similarity=TrigramSimilarity("word", word))
            .filter(similarity__gte=TRIGRAM_CUTOFF)
            .order_by("-similarity", "word")
            .values_list("word", flat=True)
            .first()
        )
        return match
    candidates = SearchWord.objects.filter(word__startswith=word[:1]).values_list("word", flat=True)
    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=PYTHON_CUTOFF)
    return close[0] if close else None


def corrected(words: list[str]) -> list[str]:
    """`words` with each one replaced by its nearest known word (kept when none is near)."""
    return [nearest(word) or word for word in words]
