"""The words search knows (network.SearchWord), and the nearest of them to a typo.

Titles and names of every searched kind, and the names of themes, stakes and communes, are
folded into words ("Mobilité douce" -> "mobilite", "douce"), each kept with a display form
as written, lower-cased ("mobilité"), which the suggestion shows. A query that finds nothing is
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
TAXONOMY = ("alliance.Theme", "alliance.Stake", "alliance.Commune")


def words_of(*texts: str) -> dict[str, str]:
    """{folded word: its display form} for the words of `texts` worth remembering (three
    letters or more, no digits): "L'Énergie" -> {"energie": "énergie"}. A word met in
    several spellings keeps the first met."""
    found = {}
    for text in texts:
        for written in re.findall(r"[^\W\d_]+", text or ""):
            folded = re.findall(r"[a-z]+", fold(written))
            # A letter that folds to nothing Latin ("ß" stays, "œ" splits) shows folded.
            display = written.lower() if len(folded) == 1 else None
            for word in folded:
                if MIN_LENGTH <= len(word) <= MAX_LENGTH:
                    found.setdefault(word, display or word)
    return found


def _rows(words: dict[str, str]) -> list[SearchWord]:
    return [SearchWord(word=w, display=words[w][:MAX_LENGTH]) for w in sorted(words)]


def remember(*texts: str) -> None:
    """Adds the words of `texts` to the vocabulary (one INSERT, known words skipped)."""
    words = words_of(*texts)
    if words:
        SearchWord.objects.bulk_create(_rows(words), ignore_conflicts=True)


def rebuild() -> int:
    """The vocabulary from scratch: words gone from every title are forgotten."""
    words = {}
    for kind in KINDS:
        model = apps.get_model(kind.model)
        titles = model.objects.values_list(kind.title_field, flat=True).iterator()
        words = words_of(*titles) | words
    for label in TAXONOMY:
        # Names of themes and communes first: their spelling wins over a title's.
        words |= words_of(*apps.get_model(label).objects.values_list("name", flat=True))
    SearchWord.objects.all().delete()
    SearchWord.objects.bulk_create(_rows(words), batch_size=1000)
    return len(words)


def similarity(a: str, b: str) -> float:
    """How alike two folded words are, 0 to 1 (difflib's ratio), the SQLite path's measure."""
    return difflib.SequenceMatcher(None, a, b).ratio()


# Close words the database narrows down to, which the same measure then ranks.
CANDIDATES = 20


def nearest(word: str) -> tuple[str, str] | None:
    """The known word nearest to `word` (itself if known), folded and as displayed
    ("mobilte" -> ("mobilite", "mobilité")), or None. One query.

    The database narrows the vocabulary to the words close enough, then one measure ranks
    them on every database (difflib's ratio): trigrams alone rank "mobil" before
    "mobilité" for "mobilté", a letter left out."""
    if connection.vendor == "postgresql":
        # `%` (pg_trgm's similarity above its threshold, 0.3 by default) uses the GIN
        # trigram index: only the close words are read, not the whole vocabulary.
        close = (
            SearchWord.objects.filter(TrigramSimilar(F("word"), Value(word)))
            .annotate(similarity=TrigramSimilarity("word", word))
            .order_by("-similarity", "word")
            .values_list("word", "display")[:CANDIDATES]
        )
    else:
        close = SearchWord.objects.filter(word__startswith=word[:1]).values_list("word", "display")
    candidates = dict(close)
    best = difflib.get_close_matches(word, list(candidates), n=1, cutoff=PYTHON_CUTOFF)
    return (best[0], candidates[best[0]]) if best else None


def corrected(words: list[str]) -> list[tuple[str, str]]:
    """(folded, displayed) for each of `words`, replaced by its nearest known word (kept
    as it is when none is near)."""
    return [nearest(word) or (word, word) for word in words]
