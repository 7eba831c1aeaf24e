"""Import and export of the register in Django admin (django-import-export)."""

from import_export import fields, resources, widgets

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
            raise ValueError(f"Commune inconnue : « {value} »")
        return commune


class ThemesWidget(widgets.ManyToManyWidget):
    def clean(self, value, row=None, **kwargs):
        labels = [label.strip() for label in str(value or "").split(self.separator)]
        themes = []
        for label in filter(None, labels):
            theme = Theme.objects.all().by_label(label)
            if theme is None:
                raise ValueError(f"Thème inconnu : « {label} »")
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
        raise ValueError(f"Valeur inconnue : « {value} »")


class OrganisationResource(resources.ModelResource):
    kind = fields.Field(
        attribute="kind", column_name="type", widget=ChoiceWidget(Organisation.Kind.choices)
    )
    size = fields.Field(
        attribute="size", column_name="taille", widget=ChoiceWidget(Organisation.Size.choices)
    )
    status = fields.Field(
        attribute="status", column_name="statut", widget=ChoiceWidget(Organisation.Status.choices)
    )
    name = fields.Field(attribute="name", column_name="nom")
    website = fields.Field(attribute="website", column_name="site_web")
    address = fields.Field(attribute="address", column_name="adresse")
    joined_on = fields.Field(
        attribute="joined_on", column_name="adhesion", widget=widgets.DateWidget("%Y-%m-%d")
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

    def before_import_row(self, row, **kwargs):
        if row.get("siren"):
            row["siren"] = str(row["siren"]).replace(" ", "")
        if row.get("siret"):
            row["siret"] = str(row["siret"]).replace(" ", "")
