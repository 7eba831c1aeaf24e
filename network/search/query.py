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
    Exists,
    F,
    Func,
    OuterRef,
    Q,
    QuerySet,
    TextField,
    Value,
    Window,
)
from django.db.models.functions import Concat, Lower, RowNumber
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
    """SQLite: the rows whose themes, stakes or communes (kind.related) hold a word like
    `word` (PostgreSQL keeps those names in each row's stored vector)."""
    found = Q()
    for name in kind.related:
        rows = queryset.model.objects.alias(search_name=_folded(F(name)))
        found |= Q(pk__in=rows.filter(search_name__regex=_word_start(word)).values("pk"))
    return found


def matching(kind: Kind, queryset: QuerySet, words: list[str]) -> QuerySet:
    """SQLite: `queryset` narrowed to the rows where every word is found, in their text or
    in the names of their themes, stakes and communes, by title; each row carries
    `search_total`, the number of every match (PostgreSQL: `ranked`)."""
    pieces = []
    for name, _weight in kind.fields:
        pieces += [F(name), Value(" ")]
    text = Concat(*pieces, output_field=TextField())
    queryset = queryset.alias(search_haystack=_folded(text))
    for word in words:
        queryset = queryset.filter(
            Q(search_haystack__regex=_word_start(word)) | _related_ids(kind, queryset, word)
        )
    queryset = queryset.annotate(search_total=Window(Count("pk")))
    return queryset.order_by(kind.title_field, "pk")


def ranked(querysets: dict[str, QuerySet], words: list[str], limit: int) -> dict:
    """PostgreSQL: {kind key: (the best `limit` rows, the number of every match)} for the
    kinds with a match. One query over the narrow index (a GIN lookup, each kind's visible
    rows as a semi-join) ranks, counts and keeps the best ids of every kind at once; then
    one query per kind that has hits reads only the rows shown."""
    query = SearchQuery(
        " & ".join(f"{word}:*" for word in words), search_type="raw", config="french"
    )
    visible = Q()
    for key, queryset in querysets.items():
        # EXISTS, not IN: a probe of the primary key per match rather than a scan of the
        # kind's whole table to hash its visible ids.
        visible |= Q(kind=key) & Exists(queryset.order_by().filter(pk=OuterRef("object_id")))
    rank = SearchRank(F("vector"), query)
    entries = (
        SearchEntry.objects.filter(visible, vector=query)
        .annotate(
            search_rank=rank,
            place=Window(
                RowNumber(), partition_by=F("kind"), order_by=[rank.desc(), F("object_id")]
            ),
            total=Window(Count("pk"), partition_by=F("kind")),
        )
        .filter(place__lte=limit)
        .values_list("kind", "object_id", "search_rank", "total")
    )
    ranks, totals = {}, {}
    for key, object_id, search_rank, total in entries:  # at most `limit` per kind
        ranks.setdefault(key, {})[object_id] = search_rank
        totals[key] = total
    found = {}
    for key, by_id in ranks.items():
        title = next(k.title_field for k in KINDS if k.key == key)
        rows = querysets[key].filter(pk__in=list(by_id)).order_by()
        best = sorted(rows, key=lambda o: (-by_id[o.pk], getattr(o, title), o.pk))
        found[key] = (best, totals[key])
    return found


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
    words of the index ("mobilté" -> "mobilite"), with that reading, as the words are
    written ("mobilité"), as the suggestion."""
    groups = search(query, user, limit=limit, only=only)
    words = terms(query)
    if groups or not words:
        return Results(groups)
    fixed = vocabulary.corrected(words)
    if [folded for folded, _shown in fixed] == words:
        return Results([])
    groups = _search_words([folded for folded, _shown in fixed], user, limit=limit, only=only)
    return Results(groups, " ".join(shown for _folded, shown in fixed))


def search(query: str, user, *, limit: int = 10, only: str | None = None) -> list[Group]:
    """Results for `query` grouped by kind (empty groups left out). One query per kind."""
    words = terms(query)
    if not words:
        return []
    return _search_words(words, user, limit=limit, only=only)


def _search_words(words: list[str], user, *, limit: int, only: str | None) -> list[Group]:
    stems = [stem(word) for word in words]
    kinds = [kind for kind in KINDS if not only or kind.key == only]
    if connection.vendor == "postgresql":
        found = ranked({kind.key: kind.queryset(user) for kind in kinds}, words, limit + 1)
    else:
        found = {}
        for kind in kinds:
            rows = list(matching(kind, kind.queryset(user), words)[: limit + 1])
            if rows:
                found[kind.key] = (rows, rows[0].search_total)
    groups = []
    for kind in kinds:
        if kind.key not in found:
            continue
        rows, total = found[kind.key]
        group = Group(kind.key, kind.label, has_more=len(rows) > limit, count=total)
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
