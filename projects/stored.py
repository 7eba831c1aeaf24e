"""The stored figures of the projects app (alliance/stored.py); projects/models.py imports
them, as the app's models module must."""

from django.utils.translation import gettext_lazy as _

from alliance.stored import StoredFigures


class GraphSummary(StoredFigures):
    """What the interdependency page shows for its default filters, as its job last
    computed it (projects/graph_summary.py): a visit with an empty cache reads one row
    instead of the whole graph. One row."""

    MAX_AGE = 15 * 60  # seconds: bulk writes send no signal, beat refreshes it every ten minutes

    @classmethod
    def current_default(cls) -> dict | None:
        return cls.current(cls.MAX_AGE)

    class Meta:
        verbose_name = _("résumé du graphe")
        verbose_name_plural = _("résumés du graphe")
