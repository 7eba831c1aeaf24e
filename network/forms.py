from django import forms
from django.utils.translation import gettext_lazy as _

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
