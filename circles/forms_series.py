"""What the series and circle forms ask beyond their plain fields: the cadence in words
("tous les deux mois, le 2e mardi"), written as an RRULE by circles.rules (a rule the
words cannot say is "autre", typed or kept as it is); and the dates a series keeps: one
near a meeting the circle already has only if ticked, past ones only once confirmed; and
whether an edit or a cancellation goes on to the rest of the series."""

from django import forms
from django.utils.translation import gettext_lazy as _

from circles import rules


class CadenceForm(forms.Form):
    """The fields of a cadence, for a form that also has the typed rule (`rule_field`);
    without `rule_required`, no words and no rule is no cadence at all."""

    every = forms.ChoiceField(label=_("Cadence"), choices=rules.EVERY_CHOICES, required=False)
    per_year = forms.IntegerField(
        label=_("Réunions par an (pour « N fois par an »)"),
        required=False,
        min_value=1,
        max_value=12,
    )
    position = forms.TypedChoiceField(
        label=_("Dans le mois (cadences au mois ou à l'année)"),
        choices=rules.POSITION_CHOICES,
        coerce=int,
        initial=2,
        required=False,
    )
    weekday = forms.ChoiceField(
        label=_("Jour de la semaine"), choices=rules.WEEKDAY_CHOICES, initial="TU", required=False
    )
    rule_field = "rule"  # the typed rule of "autre"
    rule_required = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.rule_required:
            self.fields["every"].choices = [("", _("aucune cadence fixe")), *rules.EVERY_CHOICES]

    def cadence_initial(self, rule: str) -> dict:
        cadence = rules.cadence_of(rule)
        if cadence is None:
            nothing = rules.MONTHLY_EVERY if self.rule_required else ""
            return {"every": rules.OTHER if rule else nothing}
        return {
            "every": cadence.every,
            "weekday": cadence.weekday,
            "position": cadence.position,
            "per_year": cadence.per_year,
        }

    def written_rule(self, data: dict) -> str | None:
        """The rule the words say, or the typed one for "autre" (or when no words came)."""
        every = data.get("every") or rules.OTHER
        if every == rules.OTHER:
            if not data.get(self.rule_field) and self.rule_required:
                self.add_error(
                    self.rule_field,
                    _(
                        "Choisissez une cadence en mots, ou indiquez la règle de la cadence « autre »."
                    ),
                )
                return None
            return data.get(self.rule_field) or ""
        if every == rules.PER_YEAR and not data.get("per_year"):
            self.add_error("per_year", _("Indiquez combien de réunions par an."))
            return None
        return rules.Cadence(
            every,
            data.get("weekday") or "TU",
            data.get("position") or 2,
            data.get("per_year") if every == rules.PER_YEAR else None,
        ).rule()

    @property
    def cadence_words(self) -> str:
        data = getattr(self, "cleaned_data", {})
        return rules.describe(data.get("rule") or "", data.get("at")) if data.get("rule") else ""


class SeriesDatesMixin:
    """The dates of a series form: all for the preview, those kept for creating."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = []  # every date the rule yields, for the preview
        self.to_create = []  # those created: a date near the circle's meetings only if kept

    @property
    def kept(self) -> set[str]:
        """The dates near the circle's meetings the facilitator chose to keep."""
        getlist = getattr(self.data, "getlist", None)
        return set(getlist("keep")) if getlist else set()

    def check_dates(self, data: dict) -> None:
        """Leaves out the dates near the circle's meetings not kept; on creating, asks to
        keep one at least and to confirm past dates (`confirm_past`)."""
        self.to_create = [i for i in self.items if not i.near or i.key in self.kept]
        if self.data.get("action") != "create":
            return
        if not self.to_create:
            raise forms.ValidationError(
                _("Toutes les dates sont écartées : gardez-en au moins une.")
            )
        if any(i.past for i in self.to_create) and not data.get("confirm_past"):
            self.add_error(
                "confirm_past",
                _(
                    "Certaines dates sont déjà passées : cochez la case pour les programmer "
                    "quand même."
                ),
            )


ONE, FOLLOWING = "one", "following"  # a change to one meeting, or to the rest of its series


class EditScopeForm(forms.Form):
    scope = forms.ChoiceField(
        label=_("Appliquer à"),
        choices=[
            (ONE, _("Cette réunion seulement")),
            (FOLLOWING, _("Cette réunion et les suivantes de la série")),
        ],
        initial=ONE,
        widget=forms.RadioSelect,
    )

    def to_following(self) -> bool:
        return self.cleaned_data["scope"] == FOLLOWING


class CancelForm(EditScopeForm):
    scope = forms.ChoiceField(
        label=_("Annuler"),
        choices=[
            (ONE, _("Cette réunion seulement")),
            (FOLLOWING, _("Cette réunion et toutes les suivantes de la série")),
        ],
        initial=ONE,
        widget=forms.RadioSelect,
    )
