"""The Django groups behind the roles, created after every migrate (idempotent)."""

from django.contrib.auth.models import Group, Permission

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


def ensure_roles(**kwargs) -> None:
    members, _ = Group.objects.get_or_create(name=MEMBERS)
    facilitators, _ = Group.objects.get_or_create(name=FACILITATORS)
    participate = Permission.objects.filter(
        content_type__app_label="alliance", codename="participate"
    )
    members.permissions.add(*participate)
    codenames = ["participate", "facilitate"]
    perms = list(
        Permission.objects.filter(content_type__app_label="alliance", codename__in=codenames)
    )
    for app_label, model_names in FACILITATOR_MODELS.items():
        for model_name in model_names:
            perms += Permission.objects.filter(
                content_type__app_label=app_label,
                codename__in=[f"view_{model_name}", f"add_{model_name}", f"change_{model_name}"],
            )
    facilitators.permissions.add(*perms)
