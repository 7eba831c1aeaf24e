"""The stored figures of the projects app (alliance/stored.py); projects/models.py imports
them, as the app's models module must."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from alliance.stored import StoredFigures


class GraphSummary(StoredFigures):
    """What the interdependency page shows for its default filters, as its job last
    computed it (projects/graph_summary.py): a visit with an empty cache reads one row
    instead of the whole graph. One row. With it, the page script's data for the same
    filters, gzipped, in each language (link kinds and theme names are translated)."""

    body_filters = models.CharField(_("filtres des données"), max_length=500, blank=True)
    body_fr = models.BinaryField(_("données en français"), null=True, blank=True)
    body_en = models.BinaryField(_("données en anglais"), null=True, blank=True)

    MAX_AGE = 15 * 60  # seconds: bulk writes send no signal, beat refreshes it every ten minutes

    @classmethod
    def current_default(cls, *fields: str):
        return cls.current(cls.MAX_AGE, *fields)

    class Meta:
        verbose_name = _("résumé du graphe")
        verbose_name_plural = _("résumés du graphe")
