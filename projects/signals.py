"""The map's fallback points follow the communes: a project's communes change, or a commune's
town hall moves or goes, and the stored `town_hall_*` of the projects concerned are set again.
Connected before the cache versions (projects/cache.py), so a bumped version never serves a
body computed from the old points."""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

from alliance.models import Commune
from projects.models import Project

UID = "projects-town-halls"


def _communes_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    if not reverse:  # project.communes.add/remove/set/clear
        if action in ("post_add", "post_remove", "post_clear"):
            instance.place_at_town_hall()
        return
    # commune.projects...: the projects named, or for a clear those linked before it
    if action == "pre_clear":
        instance._town_hall_projects = list(instance.projects.values_list("pk", flat=True))
    elif action == "post_clear":
        pk_set = getattr(instance, "_town_hall_projects", [])
    if action in ("post_add", "post_remove", "post_clear"):
        Project.objects.filter(pk__in=pk_set).place_at_town_halls()


def _commune_saved(sender, instance, created, raw, **kwargs) -> None:
    if not created and not raw:
        Project.objects.filter(communes=instance).place_at_town_halls()


def _commune_deleting(sender, instance, **kwargs) -> None:
    instance._town_hall_projects = list(instance.projects.values_list("pk", flat=True))


def _commune_deleted(sender, instance, **kwargs) -> None:
    pks = getattr(instance, "_town_hall_projects", [])
    if pks:
        Project.objects.filter(pk__in=pks).place_at_town_halls()


def connect() -> None:
    through = Project.communes.through
    m2m_changed.connect(_communes_changed, sender=through, dispatch_uid=f"{UID}-m2m")
    post_save.connect(_commune_saved, sender=Commune, dispatch_uid=f"{UID}-save")
    pre_delete.connect(_commune_deleting, sender=Commune, dispatch_uid=f"{UID}-deleting")
    post_delete.connect(_commune_deleted, sender=Commune, dispatch_uid=f"{UID}-deleted")
