"""Import and export of the register in Django admin (django-import-export).

Files come from French spreadsheets: dates as 30/11/2026, decimals as 43,6, errors named
after the file's columns. Two CSV exports: the standard one (comma, decimal point) and one
French Excel opens as is (UTF-8 with BOM, semicolons, decimal comma, dates jj/mm/aaaa).
"""

import tablib
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets
from import_export.formats.base_formats import CSV

from actors.models import Organisation, normalise_name
from alliance.models import Commune, Theme
from alliance.text import fold


class CommuneWidget(widgets.ForeignKeyWidget):
    """A commune by INSEE code or by name (accents and case aside)."""

    def clean(self, value, row=None, **kwargs):
        value = (str(value) if value is not None else "").strip()
        if not value:
            return None
        commune = Commune.objects.filter(insee_code=value).order_by("-vintage").first()
        if commune is None:
            commune = Commune.objects.filter(name__iexact=value).first()
        if commune is None:
            raise ValueError(_("Commune inconnue : « %(value)s »") % {"value": value})
        return commune


class ThemesWidget(widgets.ManyToManyWidget):
    def clean(self, value, row=None, **kwargs):
        labels = [label.strip() for label in str(value or "").split(self.separator)]
        themes = []
        for label in filter(None, labels):
            theme = Theme.objects.all().by_label(label)
            if theme is None:
                raise ValueError(_("Thème inconnu : « %(value)s »") % {"value": label})
            themes.append(theme)
        return themes


class ChoiceWidget(widgets.Widget):
    """Accepts a choice's value or its French label; exports the value."""

    def __init__(self, choices, **kwargs):
        super().__init__(**kwargs)
        self.choices = choices

    def clean(self, value, row=None, **kwargs):
        value = str(value or "").strip()
        if not value:
            return ""
        for key, label in self.choices:
            if fold(value) in {fold(key), fold(str(label))}:
                return key
        raise ValueError(_("Valeur inconnue : « %(value)s »") % {"value": value})


class FrenchDateWidget(widgets.DateWidget):
    """Reads 30/11/2026 as well as 2026-11-30; writes ISO, or jj/mm/aaaa for French Excel."""

    INPUT_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%y")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.formats = self.INPUT_FORMATS

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(str(value).strip() if isinstance(value, str) else value)
        except ValueError:
            raise ValueError(
                _("« %(value)s » n'est pas une date (jj/mm/aaaa).") % {"value": value}
            ) from None

    def render(self, value, obj=None, **kwargs):
        if not value or kwargs.get("force_native_type"):
            return value or ""
        return value.strftime("%d/%m/%Y" if kwargs.get("french") else "%Y-%m-%d")


class DecimalCommaFloatWidget(widgets.FloatWidget):
    """Reads 43,6 as well as 43.6; writes a decimal point, or a comma for French Excel."""

    def clean(self, value, row=None, **kwargs):
        if self.is_empty(value):
            return None
        if isinstance(value, int | float):
            return float(value)
        text = str(value).strip().replace("\u202f", "").replace("\xa0", "").replace(" ", "")
        try:
            return float(text.replace(",", "."))
        except ValueError:
            raise ValueError(
                _("« %(value)s » n'est pas un nombre (par exemple 43,61).") % {"value": value}
            ) from None

    def render(self, value, obj=None, **kwargs):
        if value is None or kwargs.get("force_native_type"):
            return "" if value is None else value
        text = repr(float(value))
        return text.replace(".", ",") if kwargs.get("french") else text


class SirenWidget(widgets.CharWidget):
    """No SIREN is NULL in the table (unique): an empty cell must not read as a change."""

    def clean(self, value, row=None, **kwargs):
        return str(value).replace(" ", "") if value not in (None, "") else None


class FrenchExcelCSV(CSV):
    """The CSV French Excel opens with a double click: BOM, `;` and decimal commas."""

    def get_title(self):
        return _("CSV pour Excel (français)")

    def create_dataset(self, in_stream, **kwargs):
        if isinstance(in_stream, bytes):
            in_stream = in_stream.decode("utf-8-sig")
        return tablib.import_set(in_stream.lstrip("\ufeff"), format="csv", delimiter=";")

    def export_data(self, dataset, **kwargs):
        return "\ufeff" + dataset.export("csv", delimiter=";")


class OrganisationResource(resources.ModelResource):
    kind = fields.Field(
        attribute="kind", column_name="type", widget=ChoiceWidget(Organisation.Kind.choices)
    )
    size = fields.Field(
        attribute="size", column_name="taille", widget=ChoiceWidget(Organisation.Size.choices)
    )
    status = fields.Field(
        attribute="status",
        column_name="statut",
        widget=ChoiceWidget(Organisation.Status.choices),
        default=Organisation.Status.ACTIVE,  # an empty cell: the model's default
    )
    name = fields.Field(attribute="name", column_name="nom")
    website = fields.Field(attribute="website", column_name="site_web")
    address = fields.Field(attribute="address", column_name="adresse")
    joined_on = fields.Field(
        attribute="joined_on", column_name="adhesion", widget=FrenchDateWidget()
    )
    siren = fields.Field(attribute="siren", column_name="siren", widget=SirenWidget())
    latitude = fields.Field(
        attribute="latitude", column_name="latitude", widget=DecimalCommaFloatWidget()
    )
    longitude = fields.Field(
        attribute="longitude", column_name="longitude", widget=DecimalCommaFloatWidget()
    )
    commune = fields.Field(
        attribute="commune", column_name="commune", widget=CommuneWidget(Commune, "name")
    )
    themes = fields.Field(
        attribute="themes",
        column_name="themes",
        widget=ThemesWidget(Theme, separator=",", field="name"),
    )

    class Meta:
        model = Organisation
        fields = [
            "id",
            "name",
            "kind",
            "size",
            "siren",
            "siret",
            "website",
            "address",
            "commune",
            "latitude",
            "longitude",
            "themes",
            "joined_on",
            "status",
            "description",
        ]
        export_order = fields
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def get_instance(self, instance_loader, row):
        """The same organisation: by id, else by SIREN, else by normalised name."""
        if row.get("id"):
            found = Organisation.objects.filter(pk=row["id"]).first()
            if found:
                return found
        siren = str(row.get("siren") or "").replace(" ", "")
        if siren:
            found = Organisation.objects.filter(siren=siren).first()
            if found:
                return found
        key = normalise_name(str(row.get("nom") or ""))
        return Organisation.objects.filter(name_key=key).first() if key else None

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """Errors named after the file's columns ("adhesion", "statut"), not our attributes."""
        try:
            super().validate_instance(instance, import_validation_errors, validate_unique)
        except ValidationError as error:
            columns = {f.attribute: f.column_name for f in self.fields.values() if f.attribute}
            raise ValidationError(
                {
                    columns.get(name, name) if name != NON_FIELD_ERRORS else name: messages
                    for name, messages in error.error_dict.items()
                }
            ) from None

    def before_import_row(self, row, **kwargs):
        if row.get("siren"):
            row["siren"] = str(row["siren"]).replace(" ", "")
        if row.get("siret"):
            row["siret"] = str(row["siret"]).replace(" ", "")
