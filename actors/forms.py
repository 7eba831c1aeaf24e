from django import forms
from django.utils.translation import gettext_lazy as _
from stdnum.fr import siren, siret

from actors.models import Organisation, Person
from alliance.forms import LONG_TEXT, TextLimitsMixin


class OrganisationForm(TextLimitsMixin, forms.ModelForm):
    """Every editable field: the facilitator's and the admin's form (admin uses it too)."""

    text_limits = {"description": LONG_TEXT}

    website = forms.URLField(
        label=_("site web"), required=False, assume_scheme="https", max_length=200
    )
    # Wider than the stored number: "732 829 320" is accepted, then compacted.
    siren = forms.CharField(
        label=_("SIREN"), max_length=20, required=False, help_text=_("9 chiffres.")
    )
    siret = forms.CharField(
        label=_("SIRET"), max_length=24, required=False, help_text=_("14 chiffres.")
    )

    class Meta:
        model = Organisation
        fields = [
            "name",
            "kind",
            "size",
            "siren",
            "siret",
            "website",
            "description",
            "logo",
            "address",
            "commune",
            "latitude",
            "longitude",
            "themes",
            "joined_on",
            "status",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 8}),
            "themes": forms.CheckboxSelectMultiple,
            "joined_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "logo": forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "commune" in self.fields:
            self.fields["commune"].queryset = self.fields["commune"].queryset.order_by("name")

    def clean_siren(self):
        value = self.cleaned_data.get("siren")
        return siren.compact(value) if value else None

    def clean_siret(self):
        value = self.cleaned_data.get("siret")
        return siret.compact(value) if value else ""

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") != Organisation.Kind.COMPANY and cleaned.get("size"):
            self.add_error("size", _("La taille ne concerne que les entreprises."))
        return cleaned

    def save(self, commit=True):
        moved = "commune" in self.changed_data
        pointed = {"latitude", "longitude"} & set(self.changed_data)
        if moved and not pointed:
            # A new commune without a point of its own: its town hall, not the old spot.
            self.instance.latitude = self.instance.longitude = None
        return super().save(commit)


class ProfileForm(OrganisationForm):
    """The public profile a representative with a mandate may edit."""

    # Identity numbers stay with the facilitator and the admin.
    siren = None
    siret = None

    class Meta(OrganisationForm.Meta):
        fields = [
            "website",
            "description",
            "logo",
            "address",
            "commune",
            "latitude",
            "longitude",
            "themes",
        ]


class EraseForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Je comprends que mes données personnelles seront effacées et mon compte fermé."),
        error_messages={"required": _("Cochez la case pour confirmer l'effacement.")},
    )
    keep_comments = forms.BooleanField(
        label=_("Laisser mes commentaires sur les idées, signés « ancien membre »"),
        help_text=_("Sinon, ils sont supprimés."),
        required=False,
    )


class ContactForm(forms.ModelForm):
    """A member's own contact details and their consent to show them to members."""

    class Meta:
        model = Person
        fields = ["title", "email", "phone", "share_contact"]
        labels = {"email": _("e-mail de contact")}
        help_texts = {
            "share_contact": _(
                "Jamais publiques : seuls les membres connectés les voient, et seulement "
                "si vous cochez cette case."
            )
        }


class RepresentationRequestForm(forms.Form):
    """The organisation a member asks to be attached to: a slug or an exact name, typed
    with suggestions (static/js/autocomplete.js), never a <select> of every one."""

    organisation = forms.CharField(
        label=_("Votre organisation"),
        max_length=220,
        help_text=_("Tapez quelques lettres de son nom, puis choisissez-la dans la liste."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "data-autocomplete": "/acteurs/organisations.json"}
        ),
        error_messages={"required": _("Indiquez votre organisation.")},
    )
    role = forms.CharField(label=_("Votre rôle (facultatif)"), max_length=150, required=False)

    def __init__(self, *args, person: Person | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person

    def clean_organisation(self) -> Organisation:
        text = self.cleaned_data["organisation"].strip()
        active = Organisation.objects.active()
        found = active.filter(slug=text).first() or active.filter(name__iexact=text).first()
        if found is None:
            raise forms.ValidationError(
                _(
                    "Aucune organisation de l'annuaire ne porte ce nom : choisissez-la dans la liste."
                )
            )
        if self.person and self.person.representations.current().filter(organisation=found):
            raise forms.ValidationError(_("Vous représentez déjà cette organisation."))
        return found
