"""A meeting's minutes and a circle's calendar of the year, to download as PDF or DOCX
(`kind` comes from the URL). Members and facilitators, as for the meeting's register."""

from functools import partial

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from alliance import documents
from alliance.access import member_required
from circles import documents as circle_documents
from circles.models import Circle, Meeting


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, max-age=0"  # names of members: no shared cache
    return response


@member_required
@require_safe
def minutes_document(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    meeting = get_object_or_404(
        Meeting.objects.select_related("circle", "commune").prefetch_related(
            "projects", "documents"
        ),
        pk=pk,
    )
    return _private(documents.download(partial(circle_documents.minutes, meeting), kind))


@member_required
@require_safe
def calendar_document(request: HttpRequest, slug: str, year: int, kind: str) -> HttpResponse:
    circle = get_object_or_404(Circle, slug=slug)
    if not circle_documents.FIRST_YEAR <= year <= circle_documents.LAST_YEAR:
        raise Http404
    return _private(documents.download(partial(circle_documents.calendar, circle, year), kind))
