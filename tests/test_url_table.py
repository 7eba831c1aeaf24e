"""Every named URL of the project appears in some app's access table."""

import importlib
import pkgutil

from django.urls import URLPattern, URLResolver, get_resolver

import tests

# Third-party URL sets, covered by their own projects' tests and by the rows we add for
# the pages we changed (login, signup...).
SKIP_NAMESPACES = {"admin"}
SKIP_PREFIXES = ("account_", "socialaccount_", "set_language", "djdt")


def _names(patterns, namespace=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = p.namespace or ""
            if ns in SKIP_NAMESPACES:
                continue
            yield from _names(p.url_patterns, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(p, URLPattern) and p.name:
            yield f"{namespace}{p.name}"


def _tabled_names():
    names = set()
    for module_info in pkgutil.walk_packages(tests.__path__, "tests."):
        if module_info.name.endswith(".test_access"):
            module = importlib.import_module(module_info.name)
            names |= {row.name for row in getattr(module, "ACCESS", [])}
    return names


def test_every_url_has_a_row_in_an_access_table():
    project_names = {
        n for n in _names(get_resolver().url_patterns) if not n.startswith(SKIP_PREFIXES)
    }
    missing = sorted(project_names - _tabled_names())
    assert not missing, f"URLs without an access row: {missing}"
