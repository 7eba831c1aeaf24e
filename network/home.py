"""The home page: the charter and what is going on across the apps (actors, projects,
circles), so it lives on the top floor."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from actors import counts as actor_counts
from alliance import charter, tallies
from alliance.pagecache import public_page
from circles.models import Meeting
from projects import counts as project_counts


@require_safe
@public_page
def home(request: HttpRequest) -> HttpResponse:
    # Both counts kept in tallies (actors/counts.py, projects/counts.py), read at once.
    stored = tallies.read(actor_counts.ACTIVE, project_counts.PUBLISHED)
    context = {
        "purpose": charter.PURPOSE,
        "foundations": charter.FOUNDATIONS,
        "counts": {
            "actors": actor_counts.active_count(stored),
            "projects": project_counts.published_count(stored),
            "meetings": Meeting.objects.upcoming().count(),
        },
        "next_meetings": Meeting.objects.upcoming().select_related("circle")[:4],
    }
    return render(request, "network/home.html", context)
