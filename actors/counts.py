"""How many active organisations there are, kept in a tally (alliance/tallies.py): the
directory's first page and the home page read it instead of counting every organisation."""

from actors.models import Organisation
from alliance import tallies

PREFIX = "actors:"
ACTIVE = f"{PREFIX}active"


def compute() -> dict[str, int]:
    return {ACTIVE: Organisation.objects.active().count()}


def active_count() -> int:
    stored = tallies.read(ACTIVE).get(ACTIVE)
    return Organisation.objects.active().count() if stored is None else stored


def connect() -> None:
    tallies.keep(PREFIX, compute, models=[Organisation])
