"""Attendance of a held meeting: the register (present, absent, excused for each person
registered), walk-ins (a person found by search, or a name and organisation typed in)
and the search that finds them."""

from django import forms
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from actors.models import Person
from circles.models import Meeting, Registration
from circles.people import matching

SEARCH_RESULTS = 20
Presence = Registration.Presence
WALK_IN_PRESENCES = [(Presence.PRESENT, _("présent")), (Presence.EXCUSED, _("excusé"))]


def check_started(meeting: Meeting) -> None:
    if meeting.start > timezone.now():
        raise forms.ValidationError(_("Les présences se saisissent une fois la réunion commencée."))


class RegisterForm(forms.Form):
    """One choice (présent, absent, excusé, non renseigné) per registration."""

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.registrations = list(meeting.registrations.in_register_order())
        for registration in self.registrations:
            self.fields[f"presence_{registration.pk}"] = forms.ChoiceField(
                label=registration.name,
                choices=Presence.choices,
                required=False,
                initial=registration.presence,
                widget=forms.RadioSelect,
            )

    def rows(self):
        return [(r, self[f"presence_{r.pk}"]) for r in self.registrations]

    def clean(self):
        check_started(self.meeting)
        return super().clean()

    def save(self) -> None:
        for registration in self.registrations:
            registration.presence = self.cleaned_data[f"presence_{registration.pk}"]
        Registration.objects.bulk_update(self.registrations, ["attended", "excused"])


class PersonSearchForm(forms.Form):
    q = forms.CharField(label=_("Rechercher une personne"), max_length=100, min_length=2)

    def results(self) -> list[Person]:
        """People by name, e-mail or organisation (the page is the facilitator's)."""
        if not self.is_valid():
            return []
        people = Person.objects.filter(erased_at=None)
        found = matching(people, self.cleaned_data["q"], with_email=True)
        return list(found.distinct().prefetch_related("organisations")[:SEARCH_RESULTS])


class WalkInForm(forms.Form):
    """Someone not registered who came (or sent word): a person found, or a name typed."""

    person = forms.ModelChoiceField(
        queryset=Person.objects.filter(erased_at=None), required=False, widget=forms.HiddenInput
    )
    name = forms.CharField(label=_("Nom et prénom"), max_length=200, required=False)
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    presence = forms.ChoiceField(
        label=_("Présence"), choices=WALK_IN_PRESENCES, initial=Presence.PRESENT
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting

    def clean(self):
        data = super().clean()
        check_started(self.meeting)
        if not data.get("person") and not data.get("name", "").strip():
            raise forms.ValidationError(
                _("Choisissez une personne trouvée ou saisissez un nom et une organisation.")
            )
        return data

    def save(self) -> Registration:
        data = self.cleaned_data
        with transaction.atomic():
            if data["person"] is not None:
                registration, _created = Registration.objects.get_or_create(
                    meeting=self.meeting,
                    person=data["person"],
                    defaults={"walk_in": True, "answer": Registration.Answer.YES},
                )
            else:
                registration = Registration(
                    meeting=self.meeting,
                    guest_name=data["name"].strip(),
                    walk_in=True,
                    answer=Registration.Answer.YES,
                )
            registration.guest_organisation = data["organisation"].strip()
            registration.confirmed_at = registration.confirmed_at or timezone.now()
            registration.presence = data["presence"]
            registration.save()
        return registration
