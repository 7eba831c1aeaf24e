from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from actors.models import Organisation
from alliance import charter
from circles.models import Meeting
from projects.models import Project


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    context = {
        "purpose": charter.PURPOSE,
        "foundations": charter.FOUNDATIONS,
        "counts": {
            "actors": Organisation.objects.active().count(),
            "projects": Project.objects.published().count(),
            "meetings": Meeting.objects.upcoming().count(),
        },
        "next_meetings": Meeting.objects.upcoming().select_related("circle")[:4],
    }
    return render(request, "alliance/home.html", context)


@require_GET
def legal(request: HttpRequest) -> HttpResponse:
    return render(request, "alliance/legal.html")


@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "alliance/accessibility.html")


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    return render(request, "placeholder.html")


def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    return render(request, "placeholder.html")


@login_required
def invitation_list(request: HttpRequest) -> HttpResponse:
    return render(request, "placeholder.html")
