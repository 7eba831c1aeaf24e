"""Cache busting for /vision/: any change to the data it sums bumps its version."""

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
