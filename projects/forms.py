"""Project proposal and edition, links, needs, moderation and "Je peux aider"."""

from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from actors.models import Organisation, Person, Representation
from alliance.access import is_facilitator
from alliance.forms import LONG_TEXT, SHORT_TEXT, TEXT, TextLimitsMixin
from projects.models import Link, Need, Offer, Participation, Project

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProjectForm(TextLimitsMixin, forms.ModelForm):
    text_limits = {"description": LONG_TEXT}

    carrier = forms.ModelChoiceField(
        label=_("Organisation porteuse"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("Une des organisations que vous représentez."),
    )
    partners = forms.ModelMultipleChoiceField(
        label=_("Organisations partenaires"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        help_text=_("D'autres organisations associées au projet, facultatif."),
        widget=forms.SelectMultiple(attrs={"data-combobox": "", "size": 6}),
    )

    class Meta:
        model = Project
        fields = [
            "title",
            "summary",
            "description",
            "phase",
            "phase_status",
            "themes",
            "stakes",
            "communes",
            "latitude",
            "longitude",
            "start_date",
            "end_date",
            "budget",
            "co2_avoided",
            "jobs",
            "people_reached",
            "indicator_label",
            "indicator_value",
            "indicator_unit",
            "circle",
        ]
        widgets = {
            "themes": forms.CheckboxSelectMultiple,
            "stakes": forms.CheckboxSelectMultiple,
            "start_date": DATE,
            "end_date": DATE,
            "description": forms.Textarea(attrs={"rows": 8}),
            "communes": forms.SelectMultiple(attrs={"data-combobox": "", "size": 8}),
            "latitude": forms.NumberInput(attrs={"step": "any", "data-map-lat": ""}),
            "longitude": forms.NumberInput(attrs={"step": "any", "data-map-lng": ""}),
        }
        help_texts = {
            "description": _("Markdown accepté (titres, listes, liens)."),
            "communes": _("Tapez le début d'un nom pour filtrer la liste."),
            "latitude": _(
                "Laissez vide pour placer le projet à la mairie de sa première commune ; "
                "avec JavaScript, cliquez sur la carte ou déplacez le repère."
            ),
        }
        labels = {"indicator_value": _("valeur de l'indicateur")}
        error_messages = {
            "title": {"required": _("Donnez un titre au projet.")},
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["communes"].queryset = self.fields["communes"].queryset.filter(
            in_metropole=True
        )
        if user is not None and user.is_authenticated:
            represented = Representation.objects.current().filter(person__user=user)
            self.fields["carrier"].queryset = Organisation.objects.filter(
                pk__in=represented.values("organisation_id")
            ).order_by("name")
        for field in self.fields.values():
            if field.required and not isinstance(field.widget, forms.CheckboxSelectMultiple):
                field.widget.attrs["aria-required"] = "true"
        if self.instance.pk:  # edited on the project page's participations, not here
            del self.fields["partners"]
        if not self.fields["carrier"].queryset.exists() or self.instance.pk:
            del self.fields["carrier"]

    def town_halls(self) -> dict:
        """Each commune's town hall, the map picker's default point (json_script)."""
        rows = (
            self.fields["communes"]
            .queryset.exclude(latitude=None)
            .values_list("pk", "latitude", "longitude")
        )
        return {str(pk): [lat, lng] for pk, lat, lng in rows}

    def clean(self):
        data = super().clean()
        carrier = data.get("carrier")
        if carrier is not None and carrier in data.get("partners", ()):
            self.add_error("partners", _("L'organisation porteuse ne peut pas être partenaire."))
        return data

    @transaction.atomic
    def save_proposal(self, *, proposer, needs=None) -> Project:
        """A new project, submitted for moderation, with the proposer's organisation as its
        carrier if they chose one, its partners and the needs of the same form."""
        project = self.save(commit=False)
        project.proposed_by = proposer
        # An account made in the admin gets its register entry with its first project.
        project.referent = Person.objects.for_member(proposer)
        project.save()
        self.save_m2m()
        organisation = self.cleaned_data.get("carrier")
        if organisation is not None:
            Participation.objects.get_or_create(
                project=project, organisation=organisation, role=Participation.Role.CARRIER
            )
        Participation.objects.bulk_create(
            Participation(project=project, organisation=partner, role=Participation.Role.PARTNER)
            for partner in self.cleaned_data.get("partners", ())
        )
        _save_needs(needs, project)
        project.submit()
        return project

    @transaction.atomic
    def save_edit(self, *, editor, needs=None) -> Project:
        project = self.save()
        _save_needs(needs, project)
        if project.state == Project.State.DRAFT and not is_facilitator(editor):
            project.submit()  # a draft sent back returns to the moderation queue
        return project


def _save_needs(needs, project: Project) -> None:
    if needs is not None:
        needs.instance = project
        needs.save()


class ProjectNeedForm(TextLimitsMixin, forms.ModelForm):
    """One need declared in the project form itself; an untouched row is skipped."""

    text_limits = {"description": SHORT_TEXT}

    class Meta:
        model = Need
        fields = ["kind", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}
        labels = {"kind": _("Nature du besoin"), "description": _("Description du besoin")}
        error_messages = {"description": {"required": _("Décrivez le besoin.")}}


NeedFormSet = forms.inlineformset_factory(
    Project, Need, form=ProjectNeedForm, extra=2, max_num=10, can_delete=False
)


def need_formset(data=None, *, project: Project) -> forms.BaseInlineFormSet:
    """New needs only: existing ones are managed on the project page. A post without the
    formset's management fields (an older page, a script) declares no need."""
    if data is not None and "needs-TOTAL_FORMS" not in data:
        data = {"needs-TOTAL_FORMS": "0", "needs-INITIAL_FORMS": "0"}
    return NeedFormSet(data, instance=project, prefix="needs", queryset=Need.objects.none())


class LinkForm(TextLimitsMixin, forms.ModelForm):
    text_limits = {"description": SHORT_TEXT}

    class Meta:
        model = Link
        fields = ["kind", "target", "strength", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}
        labels = {"target": _("projet lié"), "kind": _("Ce projet…")}

    def __init__(self, *args, source: Project, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.source = source
        self.fields["target"].queryset = Project.objects.published().only("id", "title")
        self.fields["strength"].choices = [
            (1, _("1 — faible : les projets s'informent")),
            (2, _("2 — moyen : ils échangent régulièrement")),
            (3, _("3 — fort : l'un ne peut pas avancer sans l'autre")),
        ]


class NeedForm(TextLimitsMixin, forms.ModelForm):
    text_limits = {"description": SHORT_TEXT}

    class Meta:
        model = Need
        fields = ["kind", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}
        error_messages = {"description": {"required": _("Décrivez le besoin.")}}

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.project = project


class ModerationForm(TextLimitsMixin, forms.Form):
    text_limits = {"comment": TEXT}

    action = forms.ChoiceField(
        choices=[
            ("publish", _("Publier")),
            ("send_back", _("Renvoyer")),
            ("archive", _("Archiver")),
        ]
    )
    comment = forms.CharField(
        label=_("Commentaire pour le proposant"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self):
        data = super().clean()
        if data.get("action") == "send_back" and not data.get("comment", "").strip():
            self.add_error("comment", _("Expliquez au proposant ce qu'il faut changer."))
        return data


class HelpForm(TextLimitsMixin, forms.Form):
    text_limits = {"message": SHORT_TEXT}

    message = forms.CharField(
        label=_("Votre message (facultatif)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class _CarriedByOrganisationForm(TextLimitsMixin, forms.ModelForm):
    """An offer or a need published on behalf of one of the organisations given."""

    text_limits = {"description": SHORT_TEXT}

    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        error_messages={
            "required": _("Choisissez l'organisation qui porte cette publication."),
            "invalid_choice": _(
                "Choisissez une organisation pour laquelle vous avez un mandat en cours."
            ),
        },
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations.order_by("name")
        self.fields["kind"].error_messages["required"] = _("Choisissez une nature.")
        self.fields["kind"].error_messages["invalid_choice"] = _("Choisissez une nature valide.")


class OfferForm(_CarriedByOrganisationForm):
    class Meta:
        model = Offer
        fields = ["organisation", "kind", "description", "themes"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "themes": forms.CheckboxSelectMultiple,
        }
        labels = {"kind": _("Nature"), "description": _("Description"), "themes": _("Thèmes")}
        error_messages = {"description": {"required": _("Décrivez ce que vous proposez.")}}


class OrganisationNeedForm(_CarriedByOrganisationForm):
    class Meta:
        model = Need
        fields = ["organisation", "kind", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        labels = {"kind": _("Nature"), "description": _("Description")}
        error_messages = {"description": {"required": _("Décrivez le besoin.")}}
