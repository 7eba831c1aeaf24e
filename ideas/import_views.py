"""The facilitator's Colidée import: upload, dry-run preview, confirm, progress, report."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alliance.access import facilitator_required
from ideas import services
from ideas.forms import ConfirmForm, ImportForm
from ideas.models import IdeaSpace, ImportBatch


@require_http_methods(["GET", "POST"])
@facilitator_required
def import_upload(request: HttpRequest, slug: str) -> HttpResponse:
    space = get_object_or_404(IdeaSpace, slug=slug)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        # The file and the batch are stored first; a worker computes the dry run.
        batch = services.upload_import(
            space=space,
            upload=form.cleaned_data["file"],
            create_themes=form.cleaned_data["create_themes"],
            by=request.user,
        )
        return redirect(batch)
    recent = space.imports.with_jobs()[:10]
    return render(
        request, "ideas/import_form.html", {"space": space, "form": form, "recent": recent}
    )


def _batch_context(batch: ImportBatch) -> dict:
    done = services.rows_done(batch)
    return {
        "batch": batch,
        "space": batch.space,
        "done": done,
        "percent": 100
        if batch.state == batch.State.DONE
        else (min(100, round(100 * done / batch.rows_total)) if batch.rows_total else 0),
        "confirm_form": ConfirmForm(initial={"create_themes": batch.create_themes}),
        "job": batch.job,
    }


@require_GET
@facilitator_required
def import_batch(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(ImportBatch.objects.with_jobs(), pk=pk)
    return render(request, "ideas/import_batch.html", _batch_context(batch))


@require_GET
@facilitator_required
def import_status(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(ImportBatch.objects.with_jobs(), pk=pk)
    template = "ideas/import_batch.html"
    if request.htmx and batch.state == ImportBatch.State.PREVIEWED:
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"  # the dry run is ready: show the whole preview page
        return response
    if request.htmx:
        template += "#import-progress"
    return render(request, template, _batch_context(batch))


@require_POST
@facilitator_required
def import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(ImportBatch.objects.with_jobs(), pk=pk)
    if batch.state != ImportBatch.State.PREVIEWED or batch.preview.get("fatal"):
        messages.error(request, _("Cet import ne peut plus être confirmé."))
        return redirect(batch)
    form = ConfirmForm(request.POST)
    form.is_valid()
    services.confirm_import(batch, create_themes=form.cleaned_data.get("create_themes", False))
    messages.success(request, _("Import confirmé : il est en cours de traitement."))
    return redirect(batch)
