"""Cache busting for /vision/: any change to the data it sums drops its cached figures."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from circles.models import Circle, Meeting
from ideas.models import Idea
from projects.models import Link, Need, Participation, Project
from roadmap import vision
from roadmap.models import Measurement, Objective


def _drop(**kwargs) -> None:
    vision.invalidate()


WATCHED = [Project, Participation, Link, Need, Idea, Meeting, Circle, Objective, Measurement]
WATCHED_M2M = [
    Project.themes.through,
    Project.stakes.through,
    Project.communes.through,
    Idea.themes.through,
    Objective.projects.through,
]


def connect() -> None:
    for model in WATCHED:
        post_save.connect(_drop, sender=model, dispatch_uid=f"vision-save-{model.__name__}")
        post_delete.connect(_drop, sender=model, dispatch_uid=f"vision-delete-{model.__name__}")
    for through in WATCHED_M2M:
        m2m_changed.connect(_drop, sender=through, dispatch_uid=f"vision-m2m-{through.__name__}")
