from django.contrib import admin

from alliance.admin import FoldedSearchAdmin
from circles.models import (
    Circle,
    DatePoll,
    Meeting,
    MeetingDocument,
    Membership,
    Registration,
    ReminderLog,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["person", "organisation"]


@admin.register(Circle)
class CircleAdmin(FoldedSearchAdmin):
    list_display = ["name", "kind", "meetings_per_year", "open_to_join"]
    list_filter = ["kind"]
    search_fields = ["name"]
    filter_horizontal = ["themes"]
    raw_id_fields = ["facilitators"]
    inlines = [MembershipInline]


class DocumentInline(admin.TabularInline):
    model = MeetingDocument
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(FoldedSearchAdmin):
    list_display = ["title", "circle", "start", "status", "sequence"]
    list_filter = ["status", "circle"]
    search_fields = ["title"]
    date_hierarchy = "start"
    raw_id_fields = ["commune", "series"]
    filter_horizontal = ["themes", "projects"]
    inlines = [DocumentInline]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "answer", "on_waiting_list", "confirmed_at", "attended"]
    list_filter = ["answer", "on_waiting_list"]
    raw_id_fields = ["meeting", "person"]


@admin.register(ReminderLog)
class ReminderLogAdmin(admin.ModelAdmin):
    list_display = ["meeting", "kind", "email", "offset_hours", "created_at", "sent_at"]
    list_filter = ["kind"]
    raw_id_fields = ["meeting", "person", "registration"]


admin.site.register(DatePoll)
