"""Indexes that let the figures of published projects be read from the index alone, never
from the wide project rows (descriptions, history): the open API's count and Last-Modified
and the published side of its links, and /vision/'s counts per theme, stake and commune,
its unlinked projects and its sums of impact."""

from django.db import models

PUBLISHED_FIGURES = models.Index(
    fields=["state", "updated_at"],
    include=["id", "phase", "co2_avoided", "jobs", "people_reached"],
    name="project_published_figures",
)
