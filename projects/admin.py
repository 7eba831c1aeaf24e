from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from alliance.admin import FoldedSearchAdmin
from projects.models import Link, Need, Offer, Participation, Project


class ParticipationInline(admin.TabularInline):
    model = Participation
    extra = 0
    raw_id_fields = ["organisation"]


@admin.register(Project)
class ProjectAdmin(FoldedSearchAdmin, SimpleHistoryAdmin):
    list_display = ["title", "state", "phase", "phase_status", "updated_at"]
    list_filter = ["state", "phase", "phase_status", "themes"]
    search_fields = ["title", "summary"]
    raw_id_fields = ["referent", "proposed_by", "idea", "circle"]
    filter_horizontal = ["themes", "stakes", "communes"]
    inlines = [ParticipationInline]


@admin.register(Link)
class LinkAdmin(admin.ModelAdmin):
    list_display = ["source", "kind", "target", "strength"]
    list_filter = ["kind"]
    raw_id_fields = ["source", "target"]


@admin.register(Need)
class NeedAdmin(admin.ModelAdmin):
    list_display = ["kind", "description", "project", "organisation", "status"]
    list_filter = ["kind", "status"]
    raw_id_fields = ["project", "organisation"]


@admin.register(Offer)
class OfferAdmin(admin.ModelAdmin):
    list_display = ["kind", "description", "organisation"]
    list_filter = ["kind"]
    raw_id_fields = ["organisation"]
