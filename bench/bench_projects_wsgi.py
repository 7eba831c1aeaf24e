"""WSGI entry for bench_projects.py's gunicorn: the site plus a bare template view.

gunicorn --pythonpath bench bench_projects_wsgi:application (started by the bench).
"""

import os

if __name__ != "__main__":  # `make bench` runs every bench_*.py: nothing to do as a script
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alliance.settings")
    # DEBUG stays off (production-like figures), so the run needs a key of its own.
    os.environ.setdefault("SECRET_KEY", "bench-" + os.urandom(32).hex())
    import django
    from django.conf import settings

    django.setup()
    settings.ROOT_URLCONF = __name__

    from django.core.wsgi import get_wsgi_application
    from django.shortcuts import render
    from django.urls import include, path

    def bare(request):
        """The floor: the same base layout rendered by a view that does nothing."""
        return render(request, "placeholder.html")

    urlpatterns = [path("bench/bare/", bare), path("", include("alliance.urls"))]
    application = get_wsgi_application()
