"""The facilitator's Colidée import: upload, dry-run preview, confirm, progress, report."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from alliance.access import facilitator_required
from ideas import services
from ideas.forms import ColumnsForm, ConfirmForm, ImportForm
from ideas.models import IdeaSpace, ImportBatch

RECENT_IMPORTS = 10  # listed under the upload form


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
    recent = space.imports.with_jobs()[:RECENT_IMPORTS]
    return render(
        request, "ideas/import_form.html", {"space": space, "form": form, "recent": recent}
    )


def _batch_context(batch: ImportBatch, **forms) -> dict:
    done = services.rows_done(batch)
    preview = batch.preview or {}
    return {
        "batch": batch,
        "space": batch.space,
        "done": done,
        "percent": batch.percent_of(done),
        "confirm_form": forms.get("confirm_form")
        or ConfirmForm(
            initial={"create_themes": batch.create_themes},
            shortening=preview.get("shortening", 0),
        ),
        "columns_form": forms.get("columns_form")
        or ColumnsForm(columns=preview.get("mapping", [])),
        "job": batch.job,
    }


@require_safe
@facilitator_required
def import_batch(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(ImportBatch.objects.with_jobs(), pk=pk)
    return render(request, "ideas/import_batch.html", _batch_context(batch))


@require_safe
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
    form = ConfirmForm(request.POST, shortening=batch.preview.get("shortening", 0))
    if not form.is_valid():
        context = _batch_context(batch, confirm_form=form)
        return render(request, "ideas/import_batch.html", context)
    services.confirm_import(batch, create_themes=form.cleaned_data["create_themes"])
    messages.success(request, _("Import confirmé : il est en cours de traitement."))
    return redirect(batch)


@require_POST
@facilitator_required
def import_columns(request: HttpRequest, pk: int) -> HttpResponse:
    """The facilitator's column choices: applied, remembered, and the dry run redone."""
    batch = get_object_or_404(ImportBatch.objects.select_related("space"), pk=pk)
    form = ColumnsForm(request.POST, columns=batch.preview.get("mapping", []))
    if batch.state != ImportBatch.State.PREVIEWED or batch.preview.get("fatal"):
        messages.error(request, _("Les colonnes de cet import ne peuvent plus être changées."))
        return redirect(batch)
    if not form.is_valid():
        return render(request, "ideas/import_batch.html", _batch_context(batch, columns_form=form))
    services.remap_import(batch, columns=form.cleaned_data["columns"], by=request.user)
    messages.success(
        request,
        _(
            "Colonnes enregistrées : la simulation est refaite, et ce choix servira aux prochains "
            "fichiers qui ont les mêmes colonnes dans cet espace."
        ),
    )
    return redirect(batch)
