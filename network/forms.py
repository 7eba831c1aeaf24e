"""The app's input: the search box and the "Mes abonnements" page. (One module, so the
form walk of tests/test_form_lengths.py finds them as `network.forms`.)"""

from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from network.following.follows import followable
from network.models import FOLLOWABLE, Follow, Subscriber
from network.search.kinds import KINDS


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
        super().__init__(*args, **kwargs)
        self.user = user
        for kind in FOLLOWABLE:
            self.fields[kind].queryset = followable(kind, user)
            self.fields[kind].error_messages["invalid_choice"] = _("Ce choix n'est pas disponible.")
            self.fields[kind].error_messages["invalid_pk_value"] = _("Choix invalide.")
        self.fields["commune"].queryset = self.fields["commune"].queryset.order_by("name")

    @classmethod
    def for_member(cls, data, *, user, subscriber: Subscriber) -> "FollowsForm":
        """The form filled in with what `user` follows now and their digest choice."""
        current = Follow.objects.targets(user)
        initial = {kind: sorted(ids) for kind, ids in current.items()}
        initial["weekly_digest"] = subscriber.weekly_digest
        return cls(data, initial=initial, user=user)

    def save(self) -> None:
        """Follows exactly what was picked, in one transaction; what the form showed as
        followed (its initial) is not inserted again."""
        follows = Follow.objects.of(self.user)
        with transaction.atomic():
            for kind in FOLLOWABLE:
                chosen = {obj.pk for obj in self.cleaned_data[kind]}
                follows.filter(**{f"{kind}__isnull": False}).exclude(
                    **{f"{kind}__in": chosen}
                ).delete()
                shown = set(self.initial.get(kind, ()))
                Follow.objects.bulk_create(
                    [Follow(user=self.user, **{f"{kind}_id": pk}) for pk in chosen - shown],
                    ignore_conflicts=True,
                )
            subscriber = Subscriber.of(self.user)
            subscriber.weekly_digest = self.cleaned_data["weekly_digest"]
            subscriber.save(update_fields=["weekly_digest"])
