from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from alliance.admin import FoldedSearchAdmin
from ideas.models import Comment, CommentReport, Idea, IdeaSpace, ImportBatch


@admin.register(IdeaSpace)
class IdeaSpaceAdmin(FoldedSearchAdmin):
    list_display = ["name", "slug", "is_open", "is_public", "created_at"]
    list_filter = ["is_open", "is_public"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["themes"]
    raw_id_fields = ["circle", "meeting"]


@admin.register(Idea)
class IdeaAdmin(FoldedSearchAdmin):
    list_display = ["title", "space", "status", "source", "is_hidden", "created_at"]
    list_filter = ["status", "source", "is_hidden", "space"]
    search_fields = ["title", "body", "author_name", "source_id"]
    raw_id_fields = ["author", "organisation", "merged_into"]
    filter_horizontal = ["themes"]


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "idea", "author", "is_hidden", "created_at"]
    list_filter = ["is_hidden"]
    raw_id_fields = ["idea", "parent", "author"]


@admin.register(CommentReport)
class CommentReportAdmin(admin.ModelAdmin):
    list_display = ["comment", "user", "reason", "created_at", "resolved_at"]
    raw_id_fields = ["comment", "user"]


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ["original_name", "space", "state", "rows_done", "rows_total", "created_at"]
    list_select_related = ["space", "preview_job", "import_job"]
    readonly_fields = ["preview", "report", "error", "started_at", "finished_at"]
    raw_id_fields = ["space", "created_by", "preview_job", "import_job"]

    @admin.display(description=_("état"))
    def state(self, batch: ImportBatch) -> str:
        return batch.State(batch.state).label
