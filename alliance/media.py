"""Uploaded files that are public, served by the app whether DEBUG is on or not.

Organisation logos appear on public pages, so they need no access check; only the
`logos/` folder of MEDIA_ROOT is reachable here (Django's `serve` refuses paths that leave
it). Uploads with an access rule have their own views (meeting documents:
`circles:document`). The TLS proxy may still serve /media/logos/ itself, for speed.
"""

from pathlib import Path

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe
from django.views.static import serve


@require_safe
def public_logo(request: HttpRequest, path: str) -> HttpResponse:
    return serve(request, path, document_root=Path(settings.MEDIA_ROOT) / "logos")
