"""The site's URLs plus `/bench/bare/`, the floor every page is compared with: a view that
queries nothing and renders a minimal template through the same middleware and context
processors; and `/bench/layout/`, the site's layout around one line, for the ceiling any
page can reach. Only `bench.bench_settings` names this URLconf."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import include, path
from django.views.decorators.http import require_safe


@require_safe
def bare(request: HttpRequest) -> HttpResponse:
    return render(request, "bench/bare.html")


@require_safe
def layout(request: HttpRequest) -> HttpResponse:
    """The site's layout (templates/base.html: header, menus, footer) around a line of
    text, without a query: what every page costs before its own content."""
    return render(request, "bench/layout.html")


urlpatterns = [
    path("bench/bare/", bare, name="bench_bare"),
    path("bench/layout/", layout, name="bench_layout"),
    path("", include("alliance.urls")),
]

handler400 = "alliance.errors.bad_request"
handler403 = "alliance.errors.permission_denied"
handler404 = "alliance.errors.page_not_found"
handler500 = "alliance.errors.server_error"
