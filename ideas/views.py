from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
def placeholder(request: HttpRequest, **kwargs) -> HttpResponse:
    """Stands in until this app's pages are built."""
    return render(request, "placeholder.html", status=200)
