from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    return render(request, "placeholder.html")


@require_GET
def open_data(request: HttpRequest) -> HttpResponse:
    return render(request, "placeholder.html")
