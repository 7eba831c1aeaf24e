from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from alliance.pagecache import public_page
from network.forms import SearchForm
from network.search import query as finder

SUGGESTIONS_PER_KIND = 3


@require_safe
@public_page
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    results, query, only = finder.Results([]), "", ""
    if form.is_valid():
        query, only = form.cleaned_data["q"].strip(), form.cleaned_data["kind"]
        limit = 50 if only else 10
        results = finder.search_or_suggest(query, request.user, limit=limit, only=only or None)
    template = "network/search.html"
    if request.htmx:
        template += "#search-results"
    context = {"form": form, "results": results, "groups": results.groups}
    context |= {"query": query, "only": only, "kinds": finder.KINDS}
    return render(request, template, context)


@require_safe
def search_suggest(request: HttpRequest) -> HttpResponse:
    """The header box's live suggestions: a small fragment (the box's form works without)."""
    query = request.GET.get("q", "")[:200].strip()
    if not query:
        return HttpResponse("")  # truly empty, so the box's :empty style hides it
    groups = finder.search_or_suggest(query, request.user, limit=SUGGESTIONS_PER_KIND).groups
    return render(request, "network/_suggestions.html", {"groups": groups, "query": query})
