"""What search looks through: one Kind per model, its weighted fields and who sees what.

The one list of searchable models: the query (network.search.query) and the PostgreSQL
index (network.search.index) both read KINDS."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from actors.models import Organisation
from alliance.access import is_facilitator, is_member
from circles.models import Circle, Meeting
from ideas.models import Idea
from projects.models import Project
from roadmap.models import Milestone


@dataclass
class Kind:
    key: str
    model: str  # "app.Model"
    label: str
    fields: list[tuple[str, str]]  # (field, weight A-D), the first is the title
    text_fields: list[str]  # shown as the excerpt
    queryset: Callable[..., QuerySet]
    # Names of related rows that find a row too: its themes, stakes, communes ("rel__name").
    related: list[str] = field(default_factory=list)

    @property
    def title_field(self) -> str:
        return self.fields[0][0]


def _organisations(user) -> QuerySet:
    return Organisation.objects.active().select_related("commune")


def _projects(user) -> QuerySet:
    if is_facilitator(user):
        return Project.objects.all()
    # Search shows what every visitor may see; members find their drafts on their pages.
    return Project.objects.published()


def _ideas(user) -> QuerySet:
    ideas = Idea.objects.listed().select_related("space")
    if not is_member(user):
        ideas = ideas.filter(space__is_public=True)
    return ideas


def _circles(user) -> QuerySet:
    return Circle.objects.all()


def _meetings(user) -> QuerySet:
    return Meeting.objects.exclude(status=Meeting.Status.CANCELLED).select_related("circle")


def _milestones(user) -> QuerySet:
    return Milestone.objects.exclude(status=Milestone.Status.CANCELLED)


KINDS = [
    Kind(
        "organisations",
        "actors.Organisation",
        _("Organisations"),
        [("name", "A"), ("description", "B")],
        ["description"],
        _organisations,
        ["commune__name", "themes__name"],
    ),
    Kind(
        "projects",
        "projects.Project",
        _("Projets"),
        [("title", "A"), ("summary", "B"), ("description", "C")],
        ["summary", "description"],
        _projects,
        ["themes__name", "stakes__name", "communes__name"],
    ),
    Kind("ideas", "ideas.Idea", _("Idées"), [("title", "A"), ("body", "B")], ["body"], _ideas),
    Kind(
        "circles",
        "circles.Circle",
        _("Cercles"),
        [("name", "A"), ("purpose", "B")],
        ["purpose"],
        _circles,
    ),
    Kind(
        "meetings",
        "circles.Meeting",
        _("Réunions"),
        [("title", "A"), ("topic", "B"), ("place", "C")],
        ["topic"],
        _meetings,
    ),
    Kind(
        "milestones",
        "roadmap.Milestone",
        _("Jalons de la feuille de route"),
        [("title", "A"), ("description", "B")],
        ["description"],
        _milestones,
    ),
]
