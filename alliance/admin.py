from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from alliance import jobs
from alliance.models import Commune, Invitation, Job, Stake, Theme, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """Django's user admin, with the e-mail as the login (there is no username)."""

    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_staff", "is_active", "last_login"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Identité"), {"fields": ["first_name", "last_name"]}),
        (
            _("Droits"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "color", "icon", "order"]
    list_editable = ["order"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Stake)
class StakeAdmin(admin.ModelAdmin):
    list_display = ["name", "family"]
    list_filter = ["family"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ["name", "insee_code", "vintage", "postal_codes", "population", "in_metropole"]
    list_filter = ["in_metropole", "vintage"]
    search_fields = ["name", "insee_code", "postal_codes"]
    exclude = ["outline"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "invited_by", "created_at", "expires_at", "accepted_at"]
    search_fields = ["email"]
    readonly_fields = ["token", "created_at", "accepted_at", "user"]
    raw_id_fields = ["invited_by"]


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["name", "state", "attempts", "created_at", "run_after", "finished_at"]
    list_filter = ["state", "name"]
    readonly_fields = [f.name for f in Job._meta.fields]
    actions = ["retry"]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(description=_("Relancer les tâches sélectionnées"))
    def retry(self, request, queryset) -> None:
        """A failed job goes back to pending; the sweep (or this action) sends it."""
        ids = list(queryset.exclude(state=Job.State.RUNNING).values_list("pk", flat=True))
        Job.objects.filter(pk__in=ids).update(
            state=Job.State.PENDING, attempts=0, enqueued_at=None, last_error=""
        )
        sent = sum(jobs.dispatch(pk) for pk in ids)
        messages.success(request, _("%(n)d tâche(s) relancée(s).") % {"n": sent})
