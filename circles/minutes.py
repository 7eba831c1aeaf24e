"""What a meeting's minutes show besides their text: who came, by organisation, who was
excused, and each decision with the roadmap milestone it became (the roadmap app makes
the milestone, `roadmap.decisions`; it reaches the meeting by `decided_milestones`)."""

from dataclasses import dataclass

from django.utils.text import Truncator

from circles.models import Meeting, Registration

TITLE_LENGTH = 200  # roadmap.Milestone.title


def decision_title(decision: str) -> str:
    """The title of the milestone a decision becomes; it also finds that milestone again."""
    return Truncator(decision.strip()).chars(TITLE_LENGTH)


@dataclass
class Decision:
    text: str
    milestone: object | None  # roadmap.Milestone, once made


def decisions_of(meeting: Meeting) -> list[Decision]:
    """The meeting's decisions, one a line, each with its milestone if one was made (one
    query)."""
    made = {m.title: m for m in meeting.decided_milestones.all()}
    return [Decision(text, made.get(decision_title(text))) for text in meeting.decision_list]


@dataclass
class Attendance:
    present: list[tuple[str, list[Registration]]]  # (organisation, people) pairs
    excused: list[Registration]

    def __bool__(self) -> bool:
        return bool(self.present or self.excused)


def attendance_of(meeting: Meeting) -> Attendance:
    """Who came, by organisation (walk-ins included), and who was excused."""
    registrations = meeting.registrations.all()
    excused = sorted(registrations.excused().with_organisations(), key=lambda r: r.name)
    return Attendance(present=registrations.present().by_organisation(), excused=excused)
