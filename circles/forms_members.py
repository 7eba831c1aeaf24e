"""The facilitator's member forms: find a person, add them to a circle (or invite an
address not yet in the register), change a member's place."""

from django import forms
from django.db import transaction
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _

from actors.models import Organisation, Person
from alliance.invitations import invite
from alliance.models import Invitation, User
from circles.models import Circle, Membership
from circles.people import matching, people_for_picker

SEARCH_LIMIT = 20  # people listed for one search; a longer list asks for more words


class MemberSearchForm(forms.Form):
    q = forms.CharField(label=_("Chercher une personne"), max_length=100, required=False)

    def results(self, circle: Circle, *, with_email: bool):
        """People matching every word by name or organisation (and e-mail, for those who
        may see it), members already seated left out."""
        if not self.is_valid() or not self.cleaned_data["q"].strip():
            return []
        people = matching(people_for_picker(), self.cleaned_data["q"], with_email=with_email)
        seated = circle.memberships.accepted().values("person")
        return list(
            people.exclude(pk__in=seated).order_by("last_name", "first_name")[:SEARCH_LIMIT]
        )


class MemberPlaceMixin(forms.Form):
    """Role, organisation represented and mandate: the same fields to add and to change."""

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("La fin du mandat doit suivre son début."))
        return data


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MemberAddForm(MemberPlaceMixin, forms.Form):
    person = forms.ModelChoiceField(
        label=_("Personne"),
        queryset=Person.objects.filter(erased_at__isnull=True),
        required=False,
        error_messages={
            "invalid_choice": _("Cette personne n'existe plus : cherchez-la à nouveau.")
        },
    )
    email = forms.EmailField(
        label=_("Ou inviter par e-mail"),
        required=False,
        help_text=_("Pour une personne qui n'est pas encore membre : elle reçoit une invitation."),
    )
    first_name = forms.CharField(label=_("Prénom"), max_length=100, required=False)
    last_name = forms.CharField(label=_("Nom"), max_length=100, required=False)
    role = forms.ChoiceField(label=_("Rôle dans le cercle"), choices=Membership.Role.choices)
    organisation = forms.ModelChoiceField(
        label=_("Organisation représentée"),
        queryset=Organisation.objects.active().order_by("name"),
        required=False,
        empty_label=_("Celle que la personne représente"),
    )
    has_mandate = forms.BooleanField(label=_("Mandat pour engager l'organisation"), required=False)
    start = forms.DateField(label=_("Mandat depuis le"), required=False, widget=DATE)
    end = forms.DateField(label=_("Mandat jusqu'au"), required=False, widget=DATE)

    def __init__(self, *args, circle: Circle, **kwargs):
        super().__init__(*args, **kwargs)
        self.circle = circle

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if email and User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                _("Un compte existe déjà avec cette adresse : cherchez la personne par son nom.")
            )
        return email

    def clean(self):
        data = super().clean()
        person, email = data.get("person"), data.get("email")
        if not person and not email:
            if not self.has_error("email") and not self.has_error("person"):
                self.add_error(
                    "person",
                    _("Choisissez une personne dans la recherche, ou invitez-la par e-mail."),
                )
            return data
        if person and email:
            self.add_error("email", _("Choisissez une personne ou une adresse, pas les deux."))
        if email and not person and not data.get("last_name"):
            self.add_error("last_name", _("Indiquez le nom de la personne invitée."))
        if person and self.circle.memberships.accepted().filter(person=person).exists():
            self.add_error("person", _("%(name)s est déjà membre du cercle.") % {"name": person})
        return data

    def save(self, *, by: User) -> Membership:
        """The membership and, for an address, the register entry and its invitation:
        all or nothing."""
        data = self.cleaned_data
        with transaction.atomic():
            person = data["person"] or self._invited_person(by)
            organisation = data["organisation"] or _represented(person)
            membership, _created = Membership.objects.update_or_create(
                circle=self.circle,
                person=person,
                defaults={
                    "role": data["role"],
                    "organisation": organisation,
                    "has_mandate": data["has_mandate"],
                    "start": data["start"],
                    "end": data["end"],
                    "status": Membership.Status.ACCEPTED,
                },
            )
            membership.seat_facilitator()
        return membership

    def _invited_person(self, by: User) -> Person:
        data = self.cleaned_data
        email = data["email"]
        # A register entry with this address is the same person: the sign-up will link it.
        person = Person.objects.filter(user__isnull=True, email__iexact=email).first()
        if person is None:
            person = Person.objects.create(
                first_name=data["first_name"], last_name=data["last_name"], email=email
            )
        if not Invitation.objects.usable().filter(email__iexact=email).exists():
            message = _gettext("Vous êtes invité·e à rejoindre le cercle « %(circle)s ».") % {
                "circle": self.circle.name
            }
            invite(email=email, message=message, invited_by=by)
        return person


def _represented(person: Person) -> Organisation | None:
    """The organisation a person represents today, the mandated one first."""
    current = person.representations.current().select_related("organisation")
    first = current.order_by("-has_mandate", "pk").first()
    return first.organisation if first else None


class MemberChangeForm(MemberPlaceMixin, forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["role", "organisation", "has_mandate", "start", "end"]
        labels = {
            "role": _("Rôle dans le cercle"),
            "organisation": _("Organisation représentée"),
            "start": _("Mandat depuis le"),
            "end": _("Mandat jusqu'au"),
        }
        widgets = {"start": DATE, "end": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.active().order_by("name")

    def save(self, commit=True):
        with transaction.atomic():
            membership = super().save(commit=commit)
            membership.seat_facilitator(previous_role=self.initial.get("role", ""))
        return membership
