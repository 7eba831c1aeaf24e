from functools import reduce
from operator import and_, or_

from django.contrib import admin, messages
from django.contrib.admin.utils import lookup_spawns_duplicates
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import F, Q
from django.utils.text import smart_split, unescape_string_literal
from django.utils.translation import gettext_lazy as _

from alliance import jobs
from alliance.models import Commune, Invitation, Job, JoinRequest, Stake, Theme, User
from alliance.text import Folded, fold

SEARCH_LOOKUPS = {"^": "startswith", "=": "exact", "@": "contains"}


class FoldedSearchAdmin(admin.ModelAdmin):
    """Admin search that folds case and accents: "energie" finds "Énergies Solidaires"."""

    def get_search_results(self, request, queryset, search_term):
        search_fields = self.get_search_fields(request)
        terms = [
            fold(unescape_string_literal(bit) if bit[:1] in "\"'" else bit)
            for bit in smart_split(search_term or "")
        ]
        terms = [term for term in terms if term]
        if not search_fields or not terms:
            return queryset, False
        aliases, lookups = {}, []
        for n, field in enumerate(search_fields):
            path = field.lstrip("^=@")
            aliases[f"_folded_{n}"] = Folded(F(path))
            lookup = SEARCH_LOOKUPS.get(field[:1], "contains")
            lookups.append((f"_folded_{n}__{lookup}", path))
        queryset = queryset.alias(**aliases)
        condition = reduce(
            and_, (reduce(or_, (Q(**{name: term}) for name, _path in lookups)) for term in terms)
        )
        duplicates = any(lookup_spawns_duplicates(self.opts, path) for _name, path in lookups)
        return queryset.filter(condition), duplicates


@admin.register(User)
class UserAdmin(FoldedSearchAdmin, BaseUserAdmin):
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
class ThemeAdmin(FoldedSearchAdmin):
    list_display = ["name", "name_en", "slug", "color", "icon", "order"]
    list_editable = ["name_en", "order"]
    search_fields = ["name", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Stake)
class StakeAdmin(FoldedSearchAdmin):
    list_display = ["name", "name_en", "family"]
    list_editable = ["name_en"]
    list_filter = ["family"]
    search_fields = ["name", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Commune)
class CommuneAdmin(FoldedSearchAdmin):
    list_display = ["name", "insee_code", "vintage", "postal_codes", "population", "in_metropole"]
    list_filter = ["in_metropole", "vintage"]
    search_fields = ["name", "insee_code", "postal_codes"]
    exclude = ["outline"]


@admin.register(Invitation)
class InvitationAdmin(FoldedSearchAdmin):
    list_display = ["email", "invited_by", "created_at", "expires_at", "accepted_at"]
    search_fields = ["email"]
    readonly_fields = ["token", "created_at", "accepted_at", "user"]
    raw_id_fields = ["invited_by"]


@admin.register(JoinRequest)
class JoinRequestAdmin(FoldedSearchAdmin):
    list_display = ["name", "email", "organisation", "state", "created_at", "decided_by"]
    list_filter = ["state"]
    search_fields = ["name", "email", "organisation"]
    readonly_fields = ["created_at", "decided_at", "decided_by", "invitation"]


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["name", "state", "attempts", "created_at", "finished_at", "last_error"]
    list_filter = ["state", "name"]
    readonly_fields = [f.name for f in Job._meta.fields]
    actions = ["retry"]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(description=_("Relancer les tâches échouées ou bloquées"))
    def retry(self, request, queryset) -> None:
        """Only failed or stuck jobs run again: a finished one would repeat its effect (a
        second e-mail), a pending or live one is already on its way."""
        selected = list(queryset.values_list("pk", flat=True))
        retried = jobs.retry(selected)
        if retried:
            messages.success(request, _("%(n)d tâche(s) relancée(s).") % {"n": len(retried)})
        if len(retried) < len(selected):
            messages.warning(
                request,
                _(
                    "%(n)d tâche(s) laissée(s) telle(s) quelle(s) : seules les tâches échouées "
                    "ou bloquées peuvent être relancées."
                )
                % {"n": len(selected) - len(retried)},
            )
