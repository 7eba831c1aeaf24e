"""The home page: the charter and what is going on across the apps (actors, projects,
circles), so it lives on the top floor."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from actors import counts as actor_counts
from alliance import charter
from circles.models import Meeting
from projects import counts as project_counts


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    context = {
        "purpose": charter.PURPOSE,
        "foundations": charter.FOUNDATIONS,
        "counts": {
            # Both kept in tallies (actors/counts.py, projects/counts.py), not counted.
            "actors": actor_counts.active_count(),
            "projects": project_counts.published_count(),
            "meetings": Meeting.objects.upcoming().count(),
        },
        "next_meetings": Meeting.objects.upcoming().select_related("circle")[:4],
    }
    return render(request, "network/home.html", context)
