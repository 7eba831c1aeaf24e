"""The site's chrome (templates/chrome/: head links, scripts, header, footer), rendered once per
process for each variant and kept: a page then pays a look-up and a join, not the forty-odd
translations, URL reversals and static-file look-ups of the fragments (most of a page's
cost when its own content is small). `{% chrome "header" %}` in templates/base.html.

A fragment is rendered from a context of its own, built only from its key, never from the
page's context, so it cannot show anything the key does not hold: a variable it would read
outside of these renders empty on every page at once, not stale on some. The key: the
language, the URL prefix and URLconf (what `{% url %}` reads) and, for the header, the main
navigation entry of the current page (only those: a bounded set), whether the visitor is
logged in and, if so, whether their profile is incomplete, their role and whether they are
a superuser. The per-request parts (the CSRF token, the current address for the login link
and the language switch, the member's name, a CSP nonce if there is one) are holes, filled
in escaped on each request.

Code and translations only change with a deploy, which starts new processes; the kept copies
belong to the compiled fragment, so when the template loader is reset (the development
server's reload on a template change), they go with it; a changed setting (in tests)
forgets them all. Nothing is read from the cache:
a page costs the same with it cold.
"""

import re
from weakref import WeakKeyDictionary

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.defaultfilters import urlencode
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import translation
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

register = template.Library()

# The main navigation, in order. A page whose address is one of these (or the welcome page,
# offered in the header while a profile is incomplete) sees its link marked current.
MENU = (
    ("projects:map", _("Carte")),
    ("projects:list", _("Projets")),
    ("actors:list", _("Acteurs")),
    ("projects:needs", _("Besoins")),
    ("circles:list", _("Cercles")),
    ("circles:agenda", _("Agenda")),
    ("roadmap:index", _("Feuille de route")),
    ("ideas:list", _("Idées")),
    ("search", _("Rechercher")),
)
MARKED_ALSO = ("welcome",)
FRAGMENTS = {"head", "scripts", "header", "footer"}
# Holes are written as \x1aname\x1a: no escaping or template tag changes these characters.
HOLE = re.compile("\x1a(\\w+)\x1a")
_menus: dict[tuple, tuple] = {}
# Per compiled fragment: its key -> its text split at the holes.
_kept: WeakKeyDictionary = WeakKeyDictionary()


@receiver(setting_changed)
def _forget(**kwargs) -> None:
    """Settings change only in tests (static storage, URLconf, languages): start afresh."""
    _menus.clear()
    _kept.clear()


def _menu() -> tuple[tuple[tuple[str, object], ...], frozenset[str]]:
    """The navigation's (address, label) pairs and the addresses that get a current mark,
    reversed once per URL prefix and URLconf."""
    key = (get_script_prefix(), get_urlconf())
    if key not in _menus:
        entries = tuple((reverse(name), label) for name, label in MENU)
        marked = frozenset(url for url, _label in entries) | {reverse(n) for n in MARKED_ALSO}
        _menus[key] = (entries, marked)
    return _menus[key]


def _visitor(context) -> tuple[dict, dict]:
    """The header's key variables and its holes, read from the page's context as
    templates/base.html used to read them."""
    request = context.get("request")
    user = context.get("user")
    path = request.path if request is not None else ""
    full_path = request.get_full_path() if request is not None else ""
    authenticated = bool(getattr(user, "is_authenticated", False))
    entries, marked = _menu()
    key = {
        "menu": entries,
        "path": path if path in marked else "",
        "authenticated": authenticated,
        "profile_incomplete": False,
        "user_role": context.get("user_role"),
        "is_superuser": False,
    }
    holes = {"next": full_path, "next_quoted": urlencode(full_path)}
    if authenticated:
        session = getattr(request, "session", None)
        key["profile_incomplete"] = bool(session is not None and session.get("profile_incomplete"))
        key["is_superuser"] = bool(user.is_superuser)
        holes["display_name"] = user.display_name
    token = context.get("csrf_token")
    if token and token != "NOTPROVIDED":  # as `{% csrf_token %}` decides
        holes["csrf_token"] = token
    return key, holes


class ChromeNode(template.Node):
    def __init__(self, name: str):
        self.name = name

    def render(self, context) -> SafeString:
        fragment = context.template.engine.get_template(f"chrome/{self.name}.html")
        key, holes = _visitor(context) if self.name == "header" else ({}, {})
        if self.name == "scripts" and context.get("csp_nonce"):
            holes["csp_nonce"] = context["csp_nonce"]  # `{% htmx_script %}` reads it
        language = translation.get_language()
        memo_key = (
            language,
            get_script_prefix(),
            get_urlconf(),
            context.autoescape,
            *((name, key[name]) for name in key if name != "menu"),
            *sorted(holes),
        )
        memo = _kept.setdefault(fragment, {})
        parts = memo.get(memo_key)
        if parts is None:
            own = {**key, "LANGUAGE_CODE": language}
            own.update({name: mark_safe(f"\x1a{name}\x1a") for name in holes})
            html = fragment.render(template.Context(own, autoescape=context.autoescape))
            parts = memo[memo_key] = [mark_safe(part) for part in HOLE.split(html)]
        if len(parts) == 1:
            return parts[0]
        # parts: text, hole name, text, hole name, ..., text
        out = [
            part if i % 2 == 0 else conditional_escape(holes[part]) for i, part in enumerate(parts)
        ]
        return mark_safe("".join(out))


@register.tag
def chrome(parser, token) -> ChromeNode:
    """{% chrome "header" %}: one of templates/chrome/*.html, kept per process (see above)."""
    bits = token.split_contents()
    if len(bits) != 2 or bits[1].strip("\"'") not in FRAGMENTS:
        raise template.TemplateSyntaxError(f"{{% chrome %}} takes one of {sorted(FRAGMENTS)}")
    return ChromeNode(bits[1].strip("\"'"))
