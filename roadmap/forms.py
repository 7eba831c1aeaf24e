"""The facilitator's forms and the timeline filters (French messages, nothing saved on error)."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from alliance.forms import TEXT, TextLimitsMixin
from alliance.models import Theme
from circles.models import Circle
from projects.models import Project
from roadmap.models import Measurement, Milestone, Objective


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class MilestoneFilter(django_filters.FilterSet):
    theme = django_filters.ModelChoiceFilter(
        field_name="themes",
        queryset=Theme.objects.all(),
        label=_("Thème"),
        empty_label=_("Tous les thèmes"),
    )
    circle = django_filters.ModelChoiceFilter(
        queryset=Circle.objects.all(), label=_("Cercle"), empty_label=_("Tous les cercles")
    )
    kind = django_filters.ChoiceFilter(
        choices=Milestone.Kind.choices, label=_("Type"), empty_label=_("Tous les types")
    )

    class Meta:
        model = Milestone
        fields = ["theme", "circle", "kind"]

    @property
    def form(self):
        form = super().form
        # The facilitator's milestone form shares the page: its ids must not collide.
        form.auto_id = "filtre_%s"
        return form


class MilestoneForm(TextLimitsMixin, forms.ModelForm):
    text_limits = {"description": TEXT, "outcome": TEXT}

    class Meta:
        model = Milestone
        fields = [
            "title",
            "kind",
            "status",
            "date",
            "end_date",
            "themes",
            "circle",
            "meeting",
            "description",
            "outcome",
        ]
        widgets = {
            "date": DateInput(),
            "end_date": DateInput(),
            "themes": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 3}),
            "outcome": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "jalon_%s")  # unique beside the objective form
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = self.fields["meeting"].queryset.select_related("circle")
        self.fields["meeting"].help_text = _("La réunion de cercle que ce jalon représente.")


class ObjectiveForm(TextLimitsMixin, forms.ModelForm):
    text_limits = {"description": TEXT}

    class Meta:
        model = Objective
        fields = [
            "theme",
            "title",
            "description",
            "indicator",
            "unit",
            "baseline",
            "baseline_date",
            "target",
            "deadline",
            "status_override",
            "organisations",
            "projects",
        ]
        widgets = {
            "baseline_date": DateInput(),
            "deadline": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
            "organisations": forms.SelectMultiple(attrs={"size": 6}),
            "projects": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "objectif_%s")  # unique beside the milestone form
        super().__init__(*args, **kwargs)
        self.fields["projects"].queryset = Project.objects.published()


class MeasurementForm(forms.ModelForm):
    class Meta:
        model = Measurement
        fields = ["date", "value", "comment"]
        widgets = {"date": DateInput()}

    def __init__(self, *args, objective: Objective, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.objective = objective
        # Ids stay unique when one form per objective sits on the same page.
        self.auto_id = f"id_measure_{objective.pk}_%s"
