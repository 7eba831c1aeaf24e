"""One search across the platform, French-aware.

PostgreSQL: full-text search with the "french" configuration over unaccented text, each
word matched as a prefix ("énergie" -> 'energ':* finds "Energie" and "énergétique"),
ranked with SearchRank. The vectors are stored and GIN-indexed in network.SearchEntry
(network.search.index), so a common word over 10,000 rows does not re-parse every
text. SQLite (development, tests): the text is folded by a Python SQL function
(network.apps) and each word's crude stem must start a word. One query per kind,
with a LIMIT: the cost does not grow with the number of matches.
"""

import html
import re
import unicodedata
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import (
    Count,
    F,
    Func,
    Q,
    QuerySet,
    TextField,
    Value,
    Window,
)
from django.db.models.functions import Concat, Lower
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from alliance.text import STOP_WORDS, fold
from network.search import vocabulary
from network.search.kinds import KINDS, Kind

MAX_TERMS = 8
# PostgreSQL: matches counted per kind (past it the page says "plus de 100"), and the
# newest title matches ranked with them (network.search.query.ranked).
COUNTED = 100
TITLED = 0
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


# The combining accents NFKD splits off Latin letters ("é" -> "e" + U+0301).
_ACCENTS = re.compile("[\u0300-\u036f]")


def _folded_in_place(text: str) -> str | None:
    """`text` folded as fold() folds a word, character for character, so that positions
    in it are positions in `text`; None when some character folds to more or fewer than
    one ("ß" -> "ss", "…" -> "...", a lone accent)."""
    if text.isascii():
        return text.lower()
    folded = _ACCENTS.sub("", unicodedata.normalize("NFKD", text)).casefold()
    return folded if len(folded) == len(text) else None


def matched_words(text: str, stems: list[str]):
    """(start, end) of each word of `text` that starts with a searched stem, accents and
    case aside: one regex over the text folded in place (C speed, an excerpt's text is
    read whole), else word by word."""
    folded = _folded_in_place(text)
    if folded is not None:
        pattern = re.compile(r"\b(?:{})\w*".format("|".join(map(re.escape, stems))))
        for match in pattern.finditer(folded):
            yield match.span()
        return
    starts = tuple(stems)
    for match in WORD.finditer(text):
        if fold(match.group()).startswith(starts):
            yield match.span()


def highlight(text: str, stems: list[str]) -> SafeString:
    """Escapes `text`, then wraps the words that start with a searched stem in <mark>."""
    text = text or ""
    parts, last = [], 0
    for start, end in matched_words(text, stems):
        # The standard library's escape(), which Django's wraps: the same text, cheaper.
        parts.append(html.escape(text[last:start]))
        parts.append(f"<mark>{html.escape(text[start:end])}</mark>")
        last = end
    parts.append(html.escape(text[last:]))
    return mark_safe("".join(parts))  # noqa: S308 - every piece escaped just above


def excerpt(text: str, stems: list[str], width: int = 180) -> SafeString:
    """A window of `text` around its first match, highlighted."""
    text = " ".join((text or "").split())
    if len(text) <= width:
        return highlight(text, stems)
    first = next(matched_words(text, stems), None)
    start = max(0, first[0] - width // 3) if first else 0
    before, after = "… " if start else "", "…" if start + width < len(text) else ""
    # The ellipses stay out of highlight(): "…" folds to three dots, the slower reading.
    return mark_safe(before + highlight(text[start : start + width], stems) + after)  # noqa: S308


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


SHOWN = 3  # columns of a hit's fields in ranked(): the primary key, the title, a slug


def _shown_sql(kind: Kind, model, qn) -> tuple[list[str], str]:
    """The fields a hit is built from, in the model's order as Model.from_db() wants them
    (the primary key, the title, the slug get_absolute_url reads when there is one), and
    the SQL of those columns, then of the excerpt's text."""
    wanted = {model._meta.pk.name, kind.title_field, "slug"}
    fields = [f for f in model._meta.concrete_fields if f.name in wanted]
    columns = [f"t.{qn(f.column)}" for f in fields] + ["NULL"] * (SHOWN - len(fields))
    texts = [f"NULLIF(t.{qn(model._meta.get_field(n).column)}::text, '')" for n in kind.text_fields]
    return [f.attname for f in fields], ", ".join(columns + [f"COALESCE({', '.join(texts)}, '')"])


def ranked(querysets: dict[str, QuerySet], words: list[str], size: int) -> dict:
    """PostgreSQL: {kind key: ([(the best `size` rows, their excerpt's text)], the number
    of matches, counted up to COUNTED + 1)} for the kinds with a match, in one query.

    A word as common as "eau" matches most rows, and ranking every match would cost as
    much as the index is large. So each kind ranks (ts_rank) its newest COUNTED + 1
    visible matches, which also count them ("plus de 100"): an index scan that stops at
    its LIMIT, newest first on (kind, object_id) for a common word or through the GIN
    index for a rare one, the kind's visible rows a semi-join probed per candidate. Below
    COUNTED matches the candidates are every match and the order is exact. The best rows
    come with what their hit shows, as rows loaded with .only() would."""
    qn = connection.ops.quote_name
    tsquery = " & ".join(f"{word}:*" for word in words)
    kinds = {kind.key: kind for kind in KINDS if kind.key in querysets}
    parts, params, shown = [], [], {}
    for key, kind in kinds.items():
        model = querysets[key].model
        visible, visible_params = querysets[key].order_by().values("pk").query.sql_with_params()
        shown[key], columns = _shown_sql(kind, model, qn)
        parts.append(
            f"(SELECT c.kind, c.object_id, c.rank, c.total, {columns}"
            f" FROM (SELECT m.kind, m.object_id, ts_rank(m.vector, m.query) AS rank,"
            " COUNT(*) OVER () AS total FROM (SELECT e.kind, e.object_id, e.vector, q.query"
            " FROM network_searchentry e, (SELECT to_tsquery('french'::regconfig, %s) AS query) q"
            f" WHERE e.kind = %s AND e.vector @@ q.query AND e.object_id IN ({visible})"
            " ORDER BY e.object_id DESC LIMIT %s) m ORDER BY rank DESC, m.object_id LIMIT %s) c"
            f" JOIN {qn(model._meta.db_table)} t ON t.{qn(model._meta.pk.column)} = c.object_id)"
        )
        params += [tsquery, key, *visible_params, COUNTED + 1, size]
    found = {}
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        rows = cursor.fetchall()
    for key, _object_id, rank, total, *values, text in rows:
        names = shown[key]
        obj = querysets[key].model.from_db(connection.alias, names, values[: len(names)])
        found.setdefault(key, ([], total))[0].append((rank, obj, text))
    title = {key: kind.title_field for key, kind in kinds.items()}
    for key, (hits, _total) in found.items():
        hits.sort(key=lambda h: (-h[0], getattr(h[1], title[key]), h[1].pk))
        hits[:] = [(obj, text) for _rank, obj, text in hits]
    return found
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
    count: int = 0  # every match, not only the hits shown, up to COUNTED + 1

    @property
    def count_label(self) -> str:
        if self.count > COUNTED:
            return gettext("plus de %(count)s") % {"count": COUNTED}
        return str(self.count)


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


def _text(kind: Kind, obj) -> str:
    """The excerpt's text: the first of the kind's text fields that is not empty."""
    return next((getattr(obj, f) for f in kind.text_fields if getattr(obj, f)), "")


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
                texts = [_text(kind, obj) for obj in rows]
                total = min(rows[0].search_total, COUNTED + 1)
                found[kind.key] = (list(zip(rows, texts, strict=True)), total)
    groups = []
    for kind in kinds:
        if kind.key not in found:
            continue
        rows, total = found[kind.key]
        group = Group(kind.key, kind.label, has_more=len(rows) > limit, count=total)
        for obj, text in rows[:limit]:
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
