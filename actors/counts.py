"""How many active organisations there are, kept in a tally (alliance/tallies.py): the
directory's first page and the home page read it instead of counting every organisation."""

from actors.models import Organisation
from alliance import tallies

PREFIX = "actors:"
ACTIVE = f"{PREFIX}active"


def compute() -> dict[str, int]:
    return {ACTIVE: Organisation.objects.active().count()}


def active_count(stored: dict[str, int] | None = None) -> int:
    """From its tally (in `stored`, when the caller read several at once), or counted."""
    stored = tallies.read(ACTIVE) if stored is None else stored
    return Organisation.objects.active().count() if ACTIVE not in stored else stored[ACTIVE]


def connect() -> None:
    tallies.keep(PREFIX, compute, models=[Organisation])
