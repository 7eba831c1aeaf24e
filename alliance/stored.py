"""Figures a job computes and a page reads when its cache is empty (a restart, a flushed
Redis, a version just bumped): the one row of a model deriving from `StoredFigures`.

A change bumps the row's `generation` after its commit (`stale`) and records the job that
computes the figures again (alliance.jobs.enqueue_once_after_commit); the job stores them
with the generation it read first (`store`), so that a change committed meanwhile leaves
the row stale until its own job. A page reads the figures only if they were computed from
the current generation, less than some minutes ago (`current`): bulk writes send no
signal, and beat has each job run every few minutes. Used by /vision/ (roadmap/vision.py)
and the interdependency page (projects/graph_summary.py).
"""

from datetime import timedelta

from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class StoredFigures(models.Model):
    data = models.JSONField(_("chiffres"), default=dict)
    # Bumped after the commit of any change to what the figures show.
    generation = models.PositiveBigIntegerField(_("génération"), default=0)
    # The generation the data was computed from (None: never computed).
    computed_generation = models.PositiveBigIntegerField(
        _("génération calculée"), null=True, blank=True
    )
    computed_at = models.DateTimeField(_("calculé le"), null=True, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return str(self._meta.verbose_name)

    @classmethod
    def current(cls, max_age: int, *fields: str):
        """The stored data (or these fields of the row), if of the current generation and
        less than `max_age` s old; else None."""
        fresh_since = timezone.now() - timedelta(seconds=max_age)
        fields = fields or ("data",)
        return (
            cls.objects.filter(computed_generation=F("generation"), computed_at__gte=fresh_since)
            .values_list(*fields, flat=len(fields) == 1)
            .first()
        )

    @classmethod
    def store(cls, compute, then=None) -> None:
        """The job's work: the fields `compute()` returns ({"data": ...}) stored with the
        generation read before it, and `then()` (the job marked done) in the same commit."""
        row, _created = cls.objects.get_or_create(pk=1)
        fields = compute()
        with transaction.atomic():
            cls.objects.filter(pk=row.pk).update(
                **fields, computed_generation=row.generation, computed_at=timezone.now()
            )
            if then is not None:
                then()

    @classmethod
    def stale(cls) -> None:
        """After the commit of a change: the stored data no longer reads as current."""
        cls.objects.filter(pk=1).update(generation=F("generation") + 1)
