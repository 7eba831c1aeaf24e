"""One version number for everything the catalogue's cached fragments show: any change to
a project, its relations or the taxonomy bumps it, so a fragment is never stale."""

from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save

KEY = "projects:version"


def version() -> int:
    value = cache.get(KEY)
    if value is None:
        cache.add(KEY, 1, timeout=None)
        value = cache.get(KEY, 1)
    return value


def bump(**kwargs) -> None:
    try:
        cache.incr(KEY)
    except ValueError:
        cache.set(KEY, 2, timeout=None)


def connect() -> None:
    from django.apps import apps

    from projects.models import Project

    for label in [
        "projects.Project",
        "projects.Participation",
        "actors.Organisation",
        "alliance.Theme",
        "alliance.Stake",
        "alliance.Commune",
        "circles.Circle",
    ]:
        model = apps.get_model(label)
        post_save.connect(bump, sender=model, dispatch_uid=f"projects-cache-save-{label}")
        post_delete.connect(bump, sender=model, dispatch_uid=f"projects-cache-delete-{label}")
    for field in ["themes", "stakes", "communes"]:
        through = getattr(Project, field).through
        m2m_changed.connect(bump, sender=through, dispatch_uid=f"projects-cache-m2m-{field}")
