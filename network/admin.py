from django.contrib import admin

from alliance.admin import FoldedSearchAdmin
from network.models import Follow, Subscriber


@admin.register(Follow)
class FollowAdmin(FoldedSearchAdmin):
    list_display = ["user", "theme", "commune", "circle", "project", "space", "created_at"]
    list_select_related = ["user", "theme", "commune", "circle", "project", "space"]
    raw_id_fields = ["user", "project", "space", "circle", "commune"]
    search_fields = ["user__email"]


@admin.register(Subscriber)
class SubscriberAdmin(FoldedSearchAdmin):
    list_display = ["user", "weekly_digest", "notifications_seen_at", "digest_sent_at"]
    list_select_related = ["user"]
    list_filter = ["weekly_digest"]
    search_fields = ["user__email"]
