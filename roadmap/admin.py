from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from alliance.admin import FoldedSearchAdmin
from roadmap.models import Measurement, Milestone, Objective


@admin.register(Milestone)
class MilestoneAdmin(FoldedSearchAdmin):
    list_display = ["title", "date", "end_date", "kind", "status", "circle"]
    list_filter = ["kind", "status", "circle", "themes"]
    search_fields = ["title", "description"]
    date_hierarchy = "date"
    filter_horizontal = ["themes"]
    raw_id_fields = ["meeting"]


class MeasurementInline(admin.TabularInline):
    model = Measurement
    extra = 1
    fields = ["date", "value", "comment"]


@admin.register(Objective)
class ObjectiveAdmin(FoldedSearchAdmin, SimpleHistoryAdmin):
    list_display = ["title", "theme", "target", "unit", "deadline", "status_override"]
    list_filter = ["theme", "status_override"]
    search_fields = ["title", "indicator"]
    filter_horizontal = ["organisations"]
    raw_id_fields = ["projects"]
    inlines = [MeasurementInline]


@admin.register(Measurement)
class MeasurementAdmin(SimpleHistoryAdmin):
    list_display = ["objective", "date", "value", "recorded_by"]
    list_filter = ["objective__theme"]
    date_hierarchy = "date"
