"""Every page of the URL table on a phone: nothing wider than the screen, axe-clean.

The pages are the GET rows of the apps' access tables (tests/<app>/test_access.py) that
some role may see; each is visited as the most privileged role that gets it (facilitator
first, so moderation buttons show too), after every user-typed text of the database has
been replaced by a 300-letter word and a long URL. A page passes when the document is no
wider than the window at 375 px (and at 320 px for a sample) and axe finds nothing at
375 and 1280 px. Downloads (CSV, JSON, ICS, PDF...) and HTMX fragments are not pages:
they are left out. Django's admin is not in the tables.

The data is built once per test: live_server tests flush the database after each one, so
the test is per app (its pages), and the failure lists every failing page of that app.
"""

import importlib
import pkgutil
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.db import models
from django.test import Client
from playwright.sync_api import Error as PlaywrightError

import tests
from tests.browser.conftest import assert_accessible, at_once

# The fixtures the access tables' rows ask for by name, from the apps' conftests.
from tests.circles.conftest import (  # noqa: F401
    cancelled_meeting,
    circle,
    concertation,
    feed_profile,
    guest_registration,
    held_meeting,
    join_request,
    meeting,
    meeting_document,
    open_meeting,
    poll,
    seated,
)
from tests.ideas.conftest import (  # noqa: F401
    closed_space,
    idea,
    idea_space,
    import_batch,
    member_comment,
    private_space,
    twin_ideas,
)
from tests.projects.conftest import other_project, submitted_project  # noqa: F401
from tests.roadmap.conftest import decided_meeting, measurement, milestone, objective  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORD = ("Anticonstitutionnellement" * 13)[:300]
URL = "https://example.org/" + ("chemin-tres-long-" * 13)[:200]
# Paragraphs, an autolink, inline code and a code block: what Markdown fields may hold.
TEXT = f"{WORD} {URL}\n\n<{URL}>\n\n`{WORD}`\n\n    {WORD}\n"

# Every field a person types that some page shows (URLField: the URL alone).
LONG_FIELDS = {
    "alliance.User": ["first_name", "last_name"],
    "alliance.Theme": ["name", "name_en", "description"],
    "alliance.Stake": ["name", "name_en", "description"],
    "alliance.Invitation": ["message"],
    "alliance.JoinRequest": ["name", "organisation", "role", "message", "reason"],
    "actors.Organisation": ["name", "website", "description", "address"],
    "actors.Person": ["first_name", "last_name", "title"],
    "actors.Representation": ["role"],
    "projects.Project": ["title", "summary", "description", "indicator_label"],
    "projects.Link": ["description"],
    "projects.Need": ["description"],
    "projects.Offer": ["description"],
    "circles.Circle": ["name", "purpose", "default_place"],
    "circles.Registration": ["guest_name", "guest_organisation"],
    "circles.Meeting": [
        "title",
        "topic",
        "place",
        "video_url",
        "agenda",
        "minutes",
        "decisions",
    ],
    "circles.MeetingDocument": ["title"],
    "circles.DatePoll": ["title", "place"],
    "roadmap.Milestone": ["title", "description", "outcome"],
    "roadmap.Objective": ["title", "description", "indicator"],
    "roadmap.Measurement": ["comment"],
    "ideas.IdeaSpace": ["name", "description"],
    "ideas.Idea": ["title", "body", "author_name", "answer", "source_theme"],
    "ideas.Comment": ["body"],
    "ideas.CommentReport": ["reason"],
    "ideas.ImportBatch": ["original_name"],
}

# Row URLs that change the data they point at (a merge hides an idea the merge page needs).
NOT_RESOLVED = {"ideas:merge_undo"}
ROLE_ORDER = ["facilitator", "admin", "carrier", "member", "anonymous"]
PHONE, NARROW, DESKTOP = 375, 320, 1280
SAMPLE_320 = {
    "home",
    "projects:detail",
    "projects:needs",
    "actors:detail",
    "circles:meeting",
    "circles:agenda",
    "ideas:detail",
    "roadmap:index",
    "profile",
}
# At 1280 px axe sees the same markup in a wider layout: one page of each kind (lists,
# details, forms, maps, tables, the graph, the account pages).
DESKTOP_SAMPLE = {
    "home",
    "projects:list",
    "projects:detail",
    "projects:edit",
    "projects:map",
    "projects:graph",
    "projects:needs",
    "actors:list",
    "actors:detail",
    "actors:my_data",
    "circles:detail",
    "circles:meeting",
    "circles:agenda",
    "circles:poll",
    "circles:minutes",
    "ideas:space",
    "ideas:detail",
    "ideas:analysis",
    "ideas:import_batch",
    "roadmap:index",
    "roadmap:vision",
    "open_data",
    "search",
    "invitations",
    "profile",
}

# Finds what sticks out: elements whose right edge passes the window and that no
# scrolling ancestor (a table wrapper) holds; the innermost such ones are the cause.
OVERFLOW_JS = """() => {
  const width = window.innerWidth;
  const clips = (el) => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      if (getComputedStyle(a).overflowX !== 'visible') return true;
    }
    return false;
  };
  // Its box passes the edge, or its content spills out of it (a nowrap line).
  const sticks = (el) => {
    const r = el.getBoundingClientRect();
    return r.right > width + 0.5
      || (r.left + el.scrollWidth > width + 0.5 && getComputedStyle(el).overflowX === 'visible');
  };
  const out = [...document.body.querySelectorAll('*')].filter((el) => sticks(el) && !clips(el));
  const inner = out.filter((el) => !out.some((o) => o !== el && el.contains(o)));
  const name = (el) => {
    const r = el.getBoundingClientRect();
    const cls = el.className && typeof el.className === 'string'
      ? '.' + el.className.trim().split(/\\s+/).join('.') : '';
    return `<${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${cls}> right=${Math.round(r.right)}`
      + ` width=${Math.round(r.width)} "${(el.textContent || '').trim().slice(0, 40)}"`;
  };
  inner.sort((a, b) => b.getBoundingClientRect().width - a.getBoundingClientRect().width);
  return {scroll: document.documentElement.scrollWidth, width, culprits: inner.slice(0, 3).map(name)};
}"""


def _rows():
    rows = []
    for module_info in pkgutil.walk_packages(tests.__path__, "tests."):
        if module_info.name.endswith(".test_access"):
            module = importlib.import_module(module_info.name)
            app = module_info.name.split(".")[1]
            rows += [(app, row) for row in getattr(module, "ACCESS", [])]
    return rows


ROWS = _rows()
APPS = sorted({app for app, _ in ROWS})


def _role(row):
    return next((role for role in ROLE_ORDER if row.expect.get(role) == 200), None)


def _lengthen():
    """Every user-typed text becomes a 300-letter word and a long URL (one query per row:
    test set-up, a few hundred rows)."""
    from django.apps import apps

    for label, names in LONG_FIELDS.items():
        model = apps.get_model(label)
        for pk in model.objects.values_list("pk", flat=True):
            values = {}
            for name in names:
                field = model._meta.get_field(name)
                text = URL if isinstance(field, models.URLField) else f"{pk}{TEXT}"
                values[name] = text[: field.max_length] if field.max_length else text
            model.objects.filter(pk=pk).update(**values)


@pytest.fixture
@at_once
def pages(request):
    """[(app, row, role, url)] for every GET row some role may see, with its objects made
    (the rows' own fixtures and factories), then every text lengthened."""
    fixture = request.getfixturevalue
    found = []
    for app, row in ROWS:
        if row.name in NOT_RESOLVED:
            continue
        url = row.url(fixture) if callable(row.url) else row.url
        role = _role(row)
        if row.method != "get" or role is None:
            continue
        data = row.data(fixture) if callable(row.data) else row.data
        if data:
            url += ("&" if "?" in url else "?") + urlencode(data)
        found.append((app, row, role, url))
    _lengthen()
    from network.search.index import rebuild

    rebuild()
    return found


@pytest.fixture
def as_role(context, request, live_server):
    """as_role("member") puts that role's session cookie in the browser's context."""
    cookies = {}

    def use(role):
        context.clear_cookies()
        if role == "anonymous":
            return
        if role not in cookies:
            client = Client()
            client.force_login(request.getfixturevalue("admin_user" if role == "admin" else role))
            cookies[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookies[role], "url": live_server.url}]
        )

    return use


def _fits(page, width):
    page.set_viewport_size({"width": width, "height": 800})
    found = page.evaluate(OVERFLOW_JS)
    if found["scroll"] <= found["width"]:
        return None
    return f"{found['scroll']} px wide at {width} px; sticks out: {'; '.join(found['culprits'])}"


def _axe(page):
    try:
        assert_accessible(page)
    except AssertionError as error:
        return str(error).split("\n", 1)[1]
    return None


def _open_details(page):
    """Folded parts (filters, histories) hold text too: unfold them before measuring."""
    page.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })")


def test_every_page_of_the_url_table_fits_a_phone_and_is_axe_clean(
    pages, as_role, page, live_server
):
    failures, visited, axed_wide = [], [], set()
    for _app, row, role, url in pages:
        as_role(role)
        where = f"{url} ({row}, as {role})"
        page.set_viewport_size({"width": PHONE, "height": 800})
        try:
            response = page.goto(live_server.url + url)
        except PlaywrightError as error:  # a download: only its status matters here
            if "Download is starting" not in str(error):
                raise
            response = page.request.get(live_server.url + url)
        if response.status != 200:
            failures.append(f"{where}: status {response.status}")
            continue
        kind = response.headers.get("content-type", "")
        if not kind.startswith("text/html") or "<html" not in response.text()[:500].lower():
            continue  # a download, a JSON or JS answer, an HTMX fragment
        visited.append(url)
        _open_details(page)
        problems = [_fits(page, PHONE)]
        if row.name in SAMPLE_320:
            problems.append(_fits(page, NARROW))
        page.set_viewport_size({"width": PHONE, "height": 800})
        problems.append(_axe(page))
        if row.name in DESKTOP_SAMPLE and row.name not in axed_wide:
            axed_wide.add(row.name)
            page.set_viewport_size({"width": DESKTOP, "height": 900})
            wide = _axe(page)
            problems.append(wide and f"at {DESKTOP} px: {wide}")
        failures += [f"{where}: {p}" for p in problems if p]
    assert len(visited) > 50, visited
    assert not failures, f"{len(failures)} problems on {len(visited)} pages:\n" + "\n".join(
        failures
    )


def test_the_overflow_check_names_what_sticks_out_and_spares_a_scrolling_wrapper(page, live_server):
    """The check itself: a wide element held by a .table-wrap passes, a loose one fails
    with its name (styles set through the DOM: the CSP refuses style attributes)."""
    add = """([tag, id, css, inside]) => {
      const el = document.createElement(tag);
      el.id = id;
      el.textContent = 'mot '.repeat(200);
      Object.assign(el.style, css);
      (inside ? document.getElementById(inside) : document.querySelector('main')).append(el);
    }"""
    page.set_viewport_size({"width": PHONE, "height": 800})
    page.goto(live_server.url + "/mentions-legales/")
    assert _fits(page, PHONE) is None
    page.evaluate(
        "document.querySelector('main').insertAdjacentHTML('beforeend',"
        ' \'<div class="table-wrap" id="held"></div>\')'
    )
    page.evaluate(add, ["p", "in-wrapper", {"width": "900px"}, "held"])
    assert _fits(page, PHONE) is None
    page.evaluate(add, ["p", "wide", {"whiteSpace": "nowrap"}, None])
    found = _fits(page, PHONE)
    assert found and "<p#wide>" in found, found
