from django import forms
from django.utils.translation import gettext_lazy as _

from alliance.forms import LONG_TEXT, TEXT, TextLimitsMixin
from alliance.models import Theme
from ideas.models import Comment, Idea, IdeaSpace

SORTS = [
    ("recent", _("les plus récentes")),
    ("likes", _("les plus aimées")),
    ("comments", _("les plus commentées")),
]
MAX_IMPORT_SIZE = 20 * 1024 * 1024
IMPORT_FIELDS = [
    ("source_id", _("identifiant")),
    ("title", _("titre")),
    ("body", _("description")),
    ("author", _("auteur")),
    ("theme", _("thème")),
    ("likes", _("nombre de j'aime")),
    ("comments", _("nombre de commentaires")),
    ("created_at", _("date de création")),
    ("status", _("statut")),
    ("space", _("espace")),
]


class SpaceFilterForm(forms.Form):
    """The space page's choices, carried in the URL (?tri=likes&theme=energie&statut=retenue)."""

    tri = forms.ChoiceField(label=_("Trier par"), choices=SORTS, required=False)
    theme = forms.ModelChoiceField(
        label=_("Thème"),
        queryset=Theme.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("Tous les thèmes"),
    )
    statut = forms.ChoiceField(
        label=_("Statut"),
        choices=[("", _("Tous les statuts")), *Idea.Status.choices],
        required=False,
    )

    def filter(self, queryset):
        """Applies the valid choices; an invalid one is ignored (and shown as an error)."""
        data = self.cleaned_data if self.is_valid() else {}
        if data.get("theme"):
            queryset = queryset.filter(themes=data["theme"])
        if data.get("statut"):
            queryset = queryset.filter(status=data["statut"])
        return queryset.sorted_by(data.get("tri") or "recent")


class IdeaForm(TextLimitsMixin, forms.ModelForm):
    text_limits = {"body": LONG_TEXT}

    class Meta:
        model = Idea
        fields = ["title", "body", "themes", "organisation"]
        labels = {"body": _("Votre idée"), "organisation": _("Au nom de l'organisation")}
        widgets = {
            "themes": forms.CheckboxSelectMultiple,
            "body": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, person=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].error_messages["required"] = _("Donnez un titre à votre idée.")
        self.fields["body"].required = True
        self.fields["body"].error_messages["required"] = _("Décrivez votre idée en quelques mots.")
        organisations = self.fields["organisation"]
        if person is None:
            organisations.queryset = organisations.queryset.none()
        else:
            organisations.queryset = person.organisations.all()
        organisations.required = False


class CommentForm(TextLimitsMixin, forms.ModelForm):
    text_limits = {"body": TEXT}
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Comment
        fields = ["body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].error_messages["required"] = _("Le commentaire est vide.")

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        if not body:
            raise forms.ValidationError(_("Le commentaire est vide."))
        return body


class ReportForm(forms.Form):
    reason = forms.CharField(label=_("Motif (facultatif)"), max_length=300, required=False)


class AnswerForm(TextLimitsMixin, forms.ModelForm):
    text_limits = {"answer": TEXT}

    class Meta:
        model = Idea
        fields = ["status", "answer"]
        widgets = {"answer": forms.Textarea(attrs={"rows": 5})}


class MergeForm(forms.Form):
    idea = forms.IntegerField(widget=forms.HiddenInput)
    into = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, space, **kwargs):
        super().__init__(*args, **kwargs)
        self.space = space

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        ideas = Idea.objects.filter(space=self.space, merged_into__isnull=True).in_bulk(
            [data["idea"], data["into"]]
        )
        if data["idea"] == data["into"] or len(ideas) != 2:
            raise forms.ValidationError(_("Choisissez deux idées différentes de cet espace."))
        data["idea"], data["into"] = ideas[data["idea"]], ideas[data["into"]]
        return data


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Fichier exporté de Colidée (CSV ou XLSX)"),
        error_messages={"required": _("Choisissez un fichier.")},
    )
    create_themes = forms.BooleanField(
        label=_("Créer les thèmes inconnus"), required=False, label_suffix=""
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not name.endswith((".csv", ".txt", ".tsv", ".xlsx")):
            raise forms.ValidationError(_("Seuls les fichiers CSV ou XLSX sont acceptés."))
        if upload.size > MAX_IMPORT_SIZE:
            raise forms.ValidationError(_("Le fichier dépasse 20 Mo."))
        if upload.size == 0:
            raise forms.ValidationError(_("Le fichier est vide."))
        return upload


class ConfirmForm(forms.Form):
    create_themes = forms.BooleanField(
        label=_("Créer les thèmes inconnus"), required=False, label_suffix=""
    )
    accept_shortening = forms.BooleanField(
        label=_("Je confirme les mises à jour qui raccourcissent un texte existant"),
        required=False,
        label_suffix="",
    )

    def __init__(self, *args, shortening: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        self.shortening = shortening

    def clean(self):
        data = super().clean()
        if self.shortening and not data.get("accept_shortening"):
            self.add_error(
                "accept_shortening",
                _(
                    "Cet import raccourcirait le texte de %(n)s idée(s) : relisez les "
                    "changements puis cochez la case pour confirmer."
                )
                % {"n": self.shortening},
            )
        return data


NO_FIELD = ""


class ColumnsForm(forms.Form):
    """One select per column of the file: the field it fills, or none."""

    def __init__(self, *args, columns: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(NO_FIELD, _("— ne pas importer —")), *IMPORT_FIELDS]
        for column in columns:
            self.fields[f"column_{column['index']}"] = forms.ChoiceField(
                label=column["header"] or _("(colonne sans nom)"),
                choices=choices,
                required=False,
                initial=column["field"],
            )

    def clean(self):
        data = super().clean()
        columns = {int(name.split("_")[1]): value for name, value in data.items()}
        taken: dict[str, int] = {}
        for index, value in sorted(columns.items()):
            if value and value in taken:
                raise forms.ValidationError(
                    _("Deux colonnes ne peuvent pas remplir le même champ (« %(field)s »).")
                    % {"field": dict(IMPORT_FIELDS)[value]}
                )
            taken[value] = index
        if "title" not in taken:
            raise forms.ValidationError(_("Choisissez la colonne qui porte le titre des idées."))
        data["columns"] = columns
        return data


class SpaceForm(TextLimitsMixin, forms.ModelForm):
    text_limits = {"description": TEXT}

    class Meta:
        model = IdeaSpace
        fields = ["name", "description", "themes", "circle", "meeting", "is_open", "is_public"]
        labels = {"circle": _("Cercle"), "meeting": _("Réunion où l'espace a été ouvert")}
        widgets = {
            "themes": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].error_messages["required"] = _("Donnez un nom à l'espace.")
        self.fields["meeting"].queryset = self.fields["meeting"].queryset.select_related("circle")
