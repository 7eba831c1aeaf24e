"""Cache busting for /vision/: any change to the data it sums bumps its version, and makes
the stored figures stale until their job stores them again (roadmap/vision.py)."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from alliance import cache
from alliance.models import Commune, Stake, Theme
from circles.models import Circle, Meeting
from ideas.models import Idea, IdeaSpace
from projects.models import Link, Need, Participation, Project
from roadmap import vision
from roadmap.models import Measurement, Objective

WATCHED = [Project, Participation, Link, Need, Idea, IdeaSpace, Meeting, Circle, Objective]
WATCHED += [Measurement, Theme, Stake, Commune]
WATCHED_M2M = [
    Project.themes.through,
    Project.stakes.through,
    Project.communes.through,
    Idea.themes.through,
    Objective.projects.through,
]


def connect() -> None:
    cache.bump_on_change(vision.VERSION, WATCHED, m2m=WATCHED_M2M)
    uid = "vision-figures"
    for model in WATCHED:
        label = model._meta.label
        post_save.connect(vision.changed, sender=model, dispatch_uid=f"{uid}-{label}-save")
        post_delete.connect(vision.changed, sender=model, dispatch_uid=f"{uid}-{label}-del")
    for through in WATCHED_M2M:
        label = through._meta.label
        m2m_changed.connect(vision.changed, sender=through, dispatch_uid=f"{uid}-{label}-m2m")
