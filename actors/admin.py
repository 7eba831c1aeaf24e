from django import forms
from django.contrib import admin, messages
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin
from import_export.formats.base_formats import CSV, XLSX
from simple_history.admin import SimpleHistoryAdmin

from actors.forms import OrganisationForm
from actors.models import Organisation, Person, Representation
from actors.resources import FrenchExcelCSV, OrganisationResource
from actors.services import merge_organisations
from alliance.admin import FoldedSearchAdmin


class DuplicateFilter(admin.SimpleListFilter):
    title = _("doublons possibles")
    parameter_name = "doublons"

    def lookups(self, request, model_admin):
        return [("oui", _("Doublons possibles"))]

    def queryset(self, request, queryset):
        if self.value() == "oui":
            return queryset.possible_duplicates().order_by("name_key", "siren", "pk")
        return queryset


class RepresentationInline(admin.TabularInline):
    model = Representation
    extra = 0
    autocomplete_fields = ["person"]
    fields = ["person", "role", "has_mandate", "start", "end"]


class OrganisationAdminForm(OrganisationForm):
    class Meta(OrganisationForm.Meta):
        widgets = {}


class MergeForm(forms.Form):
    survivor = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        widget=forms.RadioSelect,
        label=_("Organisation conservée"),
        empty_label=None,
    )


@admin.register(Organisation)
class OrganisationAdmin(FoldedSearchAdmin, ImportExportModelAdmin, SimpleHistoryAdmin):
    form = OrganisationAdminForm
    resource_classes = [OrganisationResource]
    formats = [CSV, XLSX, FrenchExcelCSV]
    import_template_name = "admin/actors/organisation/import.html"
    list_display = ["name", "kind", "size", "siren", "commune", "status", "joined_on", "is_demo"]
    list_select_related = ["commune"]
    search_fields = ["name", "siren", "commune__name"]
    list_filter = [DuplicateFilter, "kind", "size", "themes", "commune", "status"]
    autocomplete_fields = ["commune", "themes"]
    inlines = [RepresentationInline]
    actions = ["merge"]
    readonly_fields = ["slug", "created_at", "updated_at"]

    def get_export_data(self, file_format, request, queryset, **kwargs):
        """French Excel's CSV writes decimal commas and jj/mm/aaaa dates (see the widgets)."""
        if isinstance(file_format, FrenchExcelCSV):
            kwargs["french"] = True
        return super().get_export_data(file_format, request, queryset, **kwargs)

    @admin.action(description=_("Fusionner les deux organisations sélectionnées"))
    def merge(self, request, queryset):
        if queryset.count() != 2:
            self.message_user(
                request,
                _("Sélectionnez exactement deux organisations à fusionner."),
                messages.ERROR,
            )
            return None
        form = MergeForm(request.POST if "survivor" in request.POST else None)
        form.fields["survivor"].queryset = queryset
        if form.is_bound and form.is_valid():
            survivor = form.cleaned_data["survivor"]
            merged = queryset.exclude(pk=survivor.pk).get()
            merged_name = merged.name
            merge_organisations(survivor=survivor, merged=merged)
            self.message_user(
                request,
                _("« %(merged)s » a été fusionnée dans « %(survivor)s ».")
                % {"merged": merged_name, "survivor": survivor.name},
                messages.SUCCESS,
            )
            return HttpResponseRedirect(request.get_full_path())
        organisations = queryset.annotate(
            n_representations=Count("representations", distinct=True),
            n_participations=Count("participations", distinct=True),
        )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Fusionner deux organisations"),
            "form": form,
            "organisations": organisations,
            "opts": self.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/actors/organisation/merge.html", context)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


class PersonRepresentationInline(admin.TabularInline):
    model = Representation
    extra = 0
    autocomplete_fields = ["organisation"]
    fields = ["organisation", "role", "has_mandate", "start", "end"]


@admin.register(Person)
class PersonAdmin(FoldedSearchAdmin, SimpleHistoryAdmin):
    list_display = ["__str__", "title", "email", "share_contact", "user", "is_demo"]
    search_fields = ["first_name", "last_name", "email"]
    list_filter = ["share_contact"]
    autocomplete_fields = ["user"]
    readonly_fields = ["erased_at"]
    inlines = [PersonRepresentationInline]
