"""Small text helpers shared by every app."""

import unicodedata

import markdown as md
import nh3
from django.db.models import Func, TextField
from django.db.models.functions import Cast
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "ul",
    "ol",
    "li",
    "a",
    "blockquote",
    "code",
    "pre",
    "h2",
    "h3",
    "h4",
    "hr",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}


# French words that carry no meaning on their own, folded (search and needs matching drop
# them; PostgreSQL's french configuration drops them too).
STOP_WORDS = frozenset(
    [
        "a",
        "au",
        "aux",
        "avec",
        "ce",
        "ces",
        "cette",
        "d",
        "dans",
        "de",
        "des",
        "du",
        "en",
        "et",
        "il",
        "l",
        "la",
        "le",
        "les",
        "leur",
        "leurs",
        "mais",
        "ou",
        "par",
        "pas",
        "pour",
        "qu",
        "que",
        "qui",
        "sa",
        "se",
        "ses",
        "son",
        "sur",
        "un",
        "une",
        "nous",
        "vous",
        "notre",
        "nos",
        "votre",
        "vos",
        "dont",
        "est",
        "sont",
        "etre",
        "avoir",
        "plus",
        "tres",
        "tout",
        "tous",
        "toute",
        "toutes",
        "sans",
        "entre",
        "afin",
        "ainsi",
        "comme",
    ]
)


def fold(text: str) -> str:
    """Lower-case, accent-free, single-spaced: 'Énergie ' -> 'energie'."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.casefold().split())


class Folded(Func):
    """A column lower-cased and without accents, as `fold` writes a term: the one way SQL
    compares folded text (admin search, people pickers).

    PostgreSQL has the unaccent extension (network's migration 0002); SQLite calls our
    Python fold(), registered on each connection as `alliance_fold` (alliance/apps.py)."""

    function = "alliance_fold"
    output_field = TextField()

    def __init__(self, expression, **extra):
        super().__init__(Cast(expression, output_field=TextField()), **extra)

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="LOWER(UNACCENT(%(expressions)s))")


def register_sqlite_fold(sender, connection, **kwargs) -> None:
    """SQLite has no unaccent: `Folded` calls our Python fold() as a SQL function instead."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "alliance_fold", 1, lambda value: fold(value) if value else "", deterministic=True
        )


def render_markdown(text: str) -> SafeString:
    """Markdown to HTML, then sanitised: user text never carries script or styles."""
    html = md.markdown(text or "", extensions=["extra", "sane_lists"], output_format="html")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href", "title"}, "th": {"scope"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(clean)  # noqa: S308 - sanitised by nh3 just above


CSV_DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value):
    """Neutralises spreadsheet formulas in exported cells (CSV injection)."""
    if isinstance(value, str) and value.startswith(CSV_DANGEROUS_PREFIXES):
        return "'" + value
    return value


def unique_slug(model, text: str, field: str = "slug", max_length: int = 200) -> str:
    """A slug for `text` not yet used by `model` ('projet', 'projet-2', ...)."""
    base = slugify(text)[:max_length] or "x"
    slug, n = base, 2
    while model._default_manager.filter(**{field: slug}).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug
