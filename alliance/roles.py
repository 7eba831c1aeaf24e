"""The Django groups behind the roles, created after every migrate (idempotent)."""

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db.models import Q

from alliance.access import FACILITATORS, MEMBERS

# Facilitators edit the content of every domain app, and delete none of the register.
FACILITATOR_MODELS = {
    "actors": ["organisation", "person", "representation"],
    "projects": ["project", "participation", "link", "need", "offer"],
    "circles": ["circle", "membership", "meeting"],
    "roadmap": ["milestone"],
    "ideas": ["ideaspace", "idea"],
    "alliance": ["invitation"],
}


def ensure_roles(app_config=None, **kwargs) -> None:
    """Connected to post_migrate, which is sent once per app after its permissions are made:
    it does its work after the last app's, when every permission exists."""
    with_models = [config for config in apps.get_app_configs() if config.models_module]
    if app_config is not None and app_config is not with_models[-1]:
        return
    members, _ = Group.objects.get_or_create(name=MEMBERS)
    facilitators, _ = Group.objects.get_or_create(name=FACILITATORS)
    wanted = Q(content_type__app_label="alliance", codename__in=["participate", "facilitate"])
    for app_label, model_names in FACILITATOR_MODELS.items():
        codenames = [f"{verb}_{name}" for name in model_names for verb in ("view", "add", "change")]
        wanted |= Q(content_type__app_label=app_label, codename__in=codenames)
    perms = list(Permission.objects.filter(wanted).select_related("content_type"))
    members.permissions.add(
        *[
            p
            for p in perms
            if p.content_type.app_label == "alliance" and p.codename == "participate"
        ]
    )
    facilitators.permissions.add(*perms)
