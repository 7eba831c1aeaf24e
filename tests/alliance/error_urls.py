"""The site's URLs plus views that fail on purpose, for the error page tests."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path

from alliance.urls import handler400, handler403, handler404, handler500
from alliance.urls import urlpatterns as site_urlpatterns
from projects.models import Project


def broken(request):
    raise RuntimeError("a bug")


def querying(request):
    Project.objects.count()
    raise AssertionError("the database was supposed to be down")


def suspicious(request):
    raise SuspiciousOperation("a tampered request")


def denied(request):
    raise PermissionDenied


urlpatterns = [
    path("essai/panne/", broken),
    path("essai/base/", querying),
    path("essai/suspect/", suspicious),
    path("essai/interdit/", denied),
    *site_urlpatterns,
]

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]
