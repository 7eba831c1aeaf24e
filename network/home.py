"""The home page: the charter and what is going on across the apps (actors, projects,
circles), so it lives on the top floor."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from actors.models import Organisation
from alliance import charter
from alliance.pagecache import public_page
from circles.models import Meeting
from projects.models import Project


@require_GET
@public_page
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
    return render(request, "network/home.html", context)
