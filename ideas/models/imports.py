"""Import batches: the Colidée exports a facilitator uploads, their dry run, progress and
report, and the column choices remembered for the next file with the same headers."""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ideas.models.ideas import IdeaSpace


def _import_path(batch, filename: str) -> str:
    """A random name: exports carry people's names and must not sit at guessable URLs."""
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"imports/ideas/{timezone.now():%Y/%m}/{secrets.token_hex(16)}.{suffix[:5]}"


class ImportBatchQuerySet(models.QuerySet):
    def with_jobs(self):
        """With the space and both jobs, which the state is read from."""
        return self.select_related("space", "preview_job", "import_job")


class ImportBatch(models.Model):
    """An uploaded Colidée export: the file, its dry run, progress and report. The file is
    stored first, so a worker or broker outage loses nothing. The work runs as two jobs of
    the Job table (the dry run, then the import); the batch's state is read from them."""

    class State(models.TextChoices):
        PENDING = "pending", _("déposé")
        PREVIEWED = "previewed", _("aperçu prêt")
        QUEUED = "queued", _("en attente du traitement")
        RUNNING = "running", _("en cours")
        DONE = "done", _("terminé")
        FAILED = "failed", _("échoué")

    space = models.ForeignKey(
        IdeaSpace,
        on_delete=models.CASCADE,
        related_name="imports",
        verbose_name=_("espace d'idées"),
    )
    file = models.FileField(_("fichier"), upload_to=_import_path)
    original_name = models.CharField(_("nom du fichier"), max_length=255, blank=True)
    create_themes = models.BooleanField(_("créer les thèmes inconnus"), default=False)
    preview_job = models.ForeignKey(
        "alliance.Job",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tâche d'aperçu"),
    )
    import_job = models.ForeignKey(
        "alliance.Job",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tâche d'import"),
    )
    rows_total = models.PositiveIntegerField(_("lignes en tout"), default=0)
    rows_done = models.PositiveIntegerField(_("lignes traitées"), default=0)
    # The facilitator's column choices: {"signature": …, "columns": {"3": "body", "5": ""}}.
    mapping = models.JSONField(_("correspondance des colonnes"), default=dict, blank=True)
    preview = models.JSONField(_("aperçu"), default=dict, blank=True)
    report = models.JSONField(_("compte rendu"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("lancé par"),
    )
    created_at = models.DateTimeField(_("lancé le"), auto_now_add=True)

    objects = ImportBatchQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import d'idées")
        verbose_name_plural = _("imports d'idées")

    def __str__(self) -> str:
        return f"{self.original_name} → {self.space}"

    def get_absolute_url(self) -> str:
        return reverse("ideas:import_batch", args=[self.pk])

    @property
    def job(self):
        """The job that decides the state: the import once confirmed, else the dry run."""
        return self.import_job if self.import_job_id else self.preview_job

    @property
    def state(self) -> str:
        job = self.job
        if job is None:  # no job recorded (or purged): what the batch holds tells
            if self.report:
                return self.State.DONE
            return self.State.PREVIEWED if self.preview else self.State.PENDING
        if job.state == job.State.FAILED:
            return self.State.FAILED
        if not self.import_job_id:
            return self.State.PREVIEWED if job.state == job.State.DONE else self.State.PENDING
        return {
            job.State.PENDING: self.State.QUEUED,
            job.State.RUNNING: self.State.RUNNING,
            job.State.DONE: self.State.DONE,
        }[job.state]

    def get_state_display(self) -> str:
        return str(self.State(self.state).label)  # a str, not a lazy label: JSON takes it

    @property
    def error(self) -> str:
        """Why it failed, in French: the job's reason (a time or memory limit, a file the
        import cannot read, an error of the database...)."""
        job = self.job
        return job.last_error if job is not None and job.state == job.State.FAILED else ""

    @property
    def started_at(self):
        return self.import_job.started_at if self.import_job_id else None

    @property
    def finished_at(self):
        return self.import_job.finished_at if self.import_job_id else None

    @property
    def percent(self) -> int:
        return self.percent_of(self.rows_done)

    def percent_of(self, done: int) -> int:
        """Progress in percent with `done` rows read (a running import's counter)."""
        if self.state == self.State.DONE:
            return 100
        if not self.rows_total:
            return 0
        return min(100, round(100 * done / self.rows_total))

    @property
    def is_active(self) -> bool:
        return self.state in {self.State.PENDING, self.State.QUEUED, self.State.RUNNING}


class HeaderMapping(models.Model):
    """A facilitator's column choices for one set of headers in one space, applied again
    to the next file with the same headers."""

    space = models.ForeignKey(
        IdeaSpace,
        on_delete=models.CASCADE,
        related_name="header_mappings",
        verbose_name=_("espace d'idées"),
    )
    signature = models.CharField(_("signature des en-têtes"), max_length=40)
    headers = models.JSONField(_("en-têtes"), default=list)
    columns = models.JSONField(
        _("colonnes"), default=dict
    )  # column index (as text) -> field, or ""
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("modifiée par"),
    )
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    class Meta:
        verbose_name = _("correspondance de colonnes")
        verbose_name_plural = _("correspondances de colonnes")
        constraints = [
            models.UniqueConstraint(fields=["space", "signature"], name="one_mapping_per_headers")
        ]

    def __str__(self) -> str:
        return f"{self.space} : {', '.join(map(str, self.headers))[:80]}"
