from django import forms
from django.utils.translation import gettext_lazy as _

from network.models import FOLLOWABLE
from network.search import KINDS


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Mots recherchés"),
        max_length=200,
        required=False,
        error_messages={
            "max_length": _("Votre recherche est trop longue (200 caractères au plus).")
        },
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    kind = forms.ChoiceField(
        label=_("Dans"),
        required=False,
        choices=[("", _("Tout le site"))] + [(kind.key, kind.label) for kind in KINDS],
        error_messages={"invalid_choice": _("Ce type de contenu n'existe pas.")},
    )


class FollowsForm(forms.Form):
    """The "Mes abonnements" page: everything a member follows, picked from lists."""

    theme = forms.ModelMultipleChoiceField(
        label=_("Thèmes"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    commune = forms.ModelMultipleChoiceField(
        label=_("Communes"), queryset=None, required=False, widget=forms.SelectMultiple
    )
    circle = forms.ModelMultipleChoiceField(
        label=_("Cercles"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    project = forms.ModelMultipleChoiceField(
        label=_("Projets"), queryset=None, required=False, widget=forms.SelectMultiple
    )
    space = forms.ModelMultipleChoiceField(
        label=_("Espaces d'idées"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    weekly_digest = forms.BooleanField(
        label=_("Recevoir chaque lundi un résumé par e-mail"), required=False
    )

    def __init__(self, *args, user, **kwargs):
        from network.following import followable

        super().__init__(*args, **kwargs)
        for kind in FOLLOWABLE:
            self.fields[kind].queryset = followable(kind, user)
            self.fields[kind].error_messages["invalid_choice"] = _("Ce choix n'est pas disponible.")
            self.fields[kind].error_messages["invalid_pk_value"] = _("Choix invalide.")
        self.fields["commune"].queryset = self.fields["commune"].queryset.order_by("name")
