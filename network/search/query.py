"""One search across the platform, French-aware.

PostgreSQL: full-text search with the "french" configuration over unaccented text, each
word matched as a prefix ("énergie" -> 'energ':* finds "Energie" and "énergétique"),
ranked with SearchRank. The vectors are stored and GIN-indexed in network.SearchEntry
(network.search.index), so a common word over 10,000 rows does not re-parse every
text. SQLite (development, tests): the text is folded by a Python SQL function
(network.apps) and each word's crude stem must start a word. One query per kind,
with a LIMIT: the cost does not grow with the number of matches.
"""

import re
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import (
    Count,
    F,
    Func,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
    Window,
)
from django.db.models.functions import Concat, Lower
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from alliance.text import STOP_WORDS, fold
from network.models import SearchEntry
from network.search import vocabulary
from network.search.kinds import KINDS, Kind

MAX_TERMS = 8
# Longest first. A crude French stemmer: enough to find "énergétique" from "énergie".
SUFFIXES = (
    "ations",
    "ation",
    "ements",
    "ement",
    "iques",
    "ique",
    "ites",
    "ite",
    "ies",
    "ie",
    "es",
    "e",
    "s",
    "x",
)
WORD = re.compile(r"\w+")


def terms(query: str) -> list[str]:
    """Folded, meaningful words of a query: "L'Énergie  solaire" -> ["energie", "solaire"]."""
    words = re.findall(r"[a-z0-9]+", fold(query))
    found = []
    for word in words:
        if word not in STOP_WORDS and (len(word) > 1 or word.isdigit()) and word not in found:
            found.append(word)
    return found[:MAX_TERMS]


def stem(term: str) -> str:
    for suffix in SUFFIXES:
        if term.endswith(suffix) and len(term) - len(suffix) >= 4:
            return term[: -len(suffix)]
    return term


def highlight(text: str, stems: list[str]) -> SafeString:
    """Escapes `text`, then wraps the words that start with a searched stem in <mark>."""
    parts, last = [], 0
    for match in WORD.finditer(text or ""):
        if any(fold(match.group()).startswith(s) for s in stems):
            parts.append(escape(text[last : match.start()]))
            parts.append(f"<mark>{escape(match.group())}</mark>")
            last = match.end()
    parts.append(escape((text or "")[last:]))
    return mark_safe("".join(parts))  # noqa: S308 - every piece escaped just above


def excerpt(text: str, stems: list[str], width: int = 180) -> SafeString:
    """A window of `text` around its first match, highlighted."""
    text = " ".join((text or "").split())
    if len(text) > width:
        start = 0
        for match in WORD.finditer(text):
            if any(fold(match.group()).startswith(s) for s in stems):
                start = max(0, match.start() - width // 3)
                break
        snippet = text[start : start + width]
        text = ("… " if start else "") + snippet + ("…" if start + width < len(text) else "")
    return highlight(text, stems)


def _folded(expression):
    """`expression` lower-cased without accents, in SQL."""
    if connection.vendor == "postgresql":
        return Func(Lower(expression), function="unaccent", output_field=TextField())
    return Func(expression, function="alliance_fold", output_field=TextField())


def _word_start(word: str) -> str:
    """A regex for a word starting with `word`'s stem (PostgreSQL says \\m, Python \\b)."""
    boundary = r"\m" if connection.vendor == "postgresql" else r"\b"
    return rf"{boundary}{re.escape(stem(word))}"


def _related_ids(kind: Kind, queryset: QuerySet, word: str) -> Q:
    """The rows whose themes, stakes or communes (kind.related) hold a word like `word`."""
    found = Q()
    for name in kind.related:
        rows = queryset.model.objects.alias(search_name=_folded(F(name)))
        found |= Q(pk__in=rows.filter(search_name__regex=_word_start(word)).values("pk"))
    return found


def _text_matches(kind: Kind, queryset: QuerySet, word: str) -> Q:
    if connection.vendor == "postgresql":
        query = SearchQuery(f"{word}:*", search_type="raw", config="french")
        entries = SearchEntry.objects.filter(kind=kind.key, vector=query)
        return Q(pk__in=entries.values("object_id"))
    return Q(search_haystack__regex=_word_start(word))


def matching(kind: Kind, queryset: QuerySet, words: list[str]) -> QuerySet:
    """`queryset` narrowed to the rows where every word is found, in their text or in the
    names of their themes, stakes and communes; best first."""
    if connection.vendor != "postgresql":
        pieces = []
        for name, _weight in kind.fields:
            pieces += [F(name), Value(" ")]
        text = Concat(*pieces, output_field=TextField())
        queryset = queryset.alias(search_haystack=_folded(text))
    for word in words:
        queryset = queryset.filter(
            _text_matches(kind, queryset, word) | _related_ids(kind, queryset, word)
        )
    queryset = queryset.annotate(search_total=Window(Count("pk")))
    if connection.vendor != "postgresql":
        return queryset.order_by(kind.title_field, "pk")
    query = SearchQuery(
        " & ".join(f"{word}:*" for word in words), search_type="raw", config="french"
    )
    rank = (
        SearchEntry.objects.filter(kind=kind.key, object_id=OuterRef("pk"))
        .annotate(rank=SearchRank(F("vector"), query))
        .values("rank")[:1]
    )
    return queryset.annotate(search_rank=Subquery(rank)).order_by(
        F("search_rank").desc(nulls_last=True), kind.title_field, "pk"
    )


@dataclass
class Hit:
    title: SafeString
    excerpt: SafeString
    url: str
    obj: object


@dataclass
class Group:
    key: str
    label: str
    hits: list[Hit] = field(default_factory=list)
    has_more: bool = False
    count: int = 0  # every match, not only the hits shown


@dataclass
class Results:
    groups: list[Group]
    suggestion: str = ""  # "Vouliez-vous dire …": the query read with known words


def search_or_suggest(query: str, user, *, limit: int = 10, only: str | None = None) -> Results:
    """Results for `query`; when it finds nothing, for its words replaced by the nearest
    words of the index ("mobilté" -> "mobilite"), with that reading as the suggestion."""
    groups = search(query, user, limit=limit, only=only)
    words = terms(query)
    if groups or not words:
        return Results(groups)
    fixed = vocabulary.corrected(words)
    if fixed == words:
        return Results([])
    return Results(_search_words(fixed, user, limit=limit, only=only), " ".join(fixed))


def search(query: str, user, *, limit: int = 10, only: str | None = None) -> list[Group]:
    """Results for `query` grouped by kind (empty groups left out). One query per kind."""
    words = terms(query)
    if not words:
        return []
    return _search_words(words, user, limit=limit, only=only)


def _search_words(words: list[str], user, *, limit: int, only: str | None) -> list[Group]:
    stems = [stem(word) for word in words]
    groups = []
    for kind in KINDS:
        if only and kind.key != only:
            continue
        rows = list(matching(kind, kind.queryset(user), words)[: limit + 1])
        if not rows:
            continue
        group = Group(kind.key, kind.label, has_more=len(rows) > limit)
        group.count = rows[0].search_total
        for obj in rows[:limit]:
            text = next((getattr(obj, f) for f in kind.text_fields if getattr(obj, f)), "")
            group.hits.append(
                Hit(
                    title=highlight(getattr(obj, kind.title_field), stems),
                    excerpt=excerpt(text, stems),
                    url=obj.get_absolute_url(),
                    obj=obj,
                )
            )
        groups.append(group)
    return groups
