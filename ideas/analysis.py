"""The facilitator's analysis of a space: ideas per theme, the most liked, and pairs of
similar ideas (accent- and case-insensitive) to spot duplicates."""

import re
from collections import Counter
from difflib import SequenceMatcher
from itertools import combinations

from django.db.models import Count, Q

from alliance.models import Theme
from alliance.text import fold
from ideas.models import Idea, IdeaSpace

THRESHOLD = 0.55
MAX_PAIRS = 40
MIN_SHARED = 2  # rare trigrams two titles must share to be compared
# A trigram is "common" when a fifth of the ideas have it, between 20 and 100 ideas.
COMMON_SHARE, COMMON_FLOOR, COMMON_CEILING = 5, 20, 100
MOST_LIKED = 10


def normalise(text: str) -> str:
    """'Vélo-École !' -> 'velo ecole'."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", fold(text)).split())


def trigrams(text: str) -> set[str]:
    padded = f"  {text} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def similarity(a: str, b: str) -> float:
    """Between 0 and 1: the mean of trigram overlap and sequence similarity (either alone
    over-rates titles that merely share a long ending such as "dans les zones d'activité")."""
    a, b = normalise(a), normalise(b)
    if not a or not b:
        return 0.0
    ta, tb = trigrams(a), trigrams(b)
    jaccard = len(ta & tb) / len(ta | tb)
    return (jaccard + SequenceMatcher(None, a, b).ratio()) / 2


def similar_pairs(space: IdeaSpace, *, threshold: float = THRESHOLD) -> list[dict]:
    """Pairs of listed ideas whose titles look alike, best first, in two queries.

    Candidates share rare title trigrams (an inverted index), so the cost stays near
    linear in the number of ideas rather than quadratic.
    """
    rows = list(Idea.objects.filter(space=space).listed().values_list("pk", "title"))
    grams = {pk: trigrams(normalise(title)) for pk, title in rows}
    index: dict[str, list[int]] = {}
    for pk, gram_set in grams.items():
        for gram in gram_set:
            index.setdefault(gram, []).append(pk)
    # Trigrams shared by more ideas than this say nothing.
    common = min(max(COMMON_FLOOR, len(rows) // COMMON_SHARE), COMMON_CEILING)
    shared: Counter = Counter()
    for pks in index.values():
        if len(pks) <= common:
            shared.update(combinations(sorted(pks), 2))
    titles = dict(rows)
    scored = []
    for (a, b), n in shared.items():
        if n < MIN_SHARED:
            continue
        score = similarity(titles[a], titles[b])
        if score >= threshold:
            scored.append((score, a, b))
    scored.sort(key=lambda item: (-item[0], item[1], item[2]))
    scored = scored[:MAX_PAIRS]
    ideas = Idea.objects.with_counts().in_bulk({pk for _, a, b in scored for pk in (a, b)})
    return [{"score": round(s * 100), "a": ideas[a], "b": ideas[b]} for s, a, b in scored]


def ideas_per_theme(space: IdeaSpace) -> tuple[list[Theme], int]:
    """Themes with their number of listed ideas in the space, and the ideas without one."""
    listed = Q(idea__space=space, idea__merged_into__isnull=True, idea__is_hidden=False)
    themes = [
        theme
        for theme in Theme.objects.annotate(n=Count("idea", filter=listed)).order_by("-n", "name")
        if theme.n
    ]
    without = Idea.objects.filter(space=space, themes__isnull=True).listed().count()
    return themes, without


def most_liked(space: IdeaSpace, limit: int = MOST_LIKED):
    return list(Idea.objects.filter(space=space).listed().with_counts().sorted_by("likes")[:limit])
