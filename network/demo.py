"""Demo data of the network app: it owns no demo record of its own (follows belong to real
members); loading the demo re-indexes the search so records written in bulk by the
earlier apps are found on PostgreSQL. Run after every other app."""

from network.search.index import rebuild


def load(purge: bool = False) -> None:
    # Purging deletes only other apps' demo rows; the rebuild also forgets them.
    rebuild()
