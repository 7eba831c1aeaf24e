"""What Django's template engine alone costs, in the bench's own process: parts of the key
pages rendered from rows already read (no query, no cache, no middleware), set against the
time a cold request may take by the issue's target (a quarter of the bare view's rate).

It answers one question: can a page computed with an empty cache reach the cold target at
all? If rendering its rows alone takes longer than the whole budget, no query plan or cache
does it; only a faster template engine, fewer things on the page, or a stored copy of the
page (a cache by another name) would."""

import statistics
import time

from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Paginator
from django.template.loader import get_template
from django.test import RequestFactory
from django.utils import translation

from projects.models import Project

CARDS = 24  # projects.views.PAGE_SIZE


def _request():
    request = RequestFactory().get("/", HTTP_HOST="alliance.example.org", secure=True)
    request.user = AnonymousUser()
    return request


def _time(render, runs: int) -> float:
    render()  # templates compiled and cached
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        render()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples) * 1000


def measure(runs: int = 50) -> list[tuple[str, float]]:
    """(what, ms) for each part."""
    translation.activate("fr")
    request = _request()
    layout = get_template("bench/layout.html")
    cards = list(
        Project.objects.published().for_cards().defer("description", "moderation_comment")[:CARDS]
    )
    rows = get_template("projects/_project_rows.html")
    page = {"page": Paginator(cards, CARDS).get_page(1), "querystring": ""}
    return [
        ("the layout alone", _time(lambda: layout.render({}, request), runs)),
        (f"{CARDS} project cards", _time(lambda: rows.render(page, request), runs)),
    ]


def print_rows(parts: list[tuple[str, float]], bare_cold_rate: float, target: float) -> None:
    budget = 1000 / (bare_cold_rate * target)
    print(
        f"\nTemplates alone (in-process, rows already read, median): a cold request may take "
        f"{budget:.1f} ms in all\n(bare view {bare_cold_rate:.0f}/s cold, target {target} x)"
    )
    for what, ms in parts:
        print(f"  {what:<32} {ms:6.2f} ms  {ms / budget:5.0%} of the budget")
