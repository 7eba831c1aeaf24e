"""People as the facilitator picks them: with the organisations they represent today
(fetched with them) and a label that tells homonyms apart."""

from django import forms
from django.db.models import Prefetch

from actors.models import Person, Representation


def people_for_picker():
    """People with their current organisations, fetched with them (no query per label)."""
    current = Representation.objects.current().select_related("organisation")
    return Person.objects.filter(erased_at__isnull=True).prefetch_related(
        Prefetch("representations", queryset=current, to_attr="current_representations")
    )


def person_label(person: Person, *, with_email: bool) -> str:
    """ "Marie Dupont — Mairie de Blagnac <m1@example.org>": the organisations the person
    represents and, for facilitators only, their e-mail."""
    label = person.full_name
    organisations = [r.organisation.name for r in getattr(person, "current_representations", [])]
    if organisations:
        label += " — " + ", ".join(organisations)
    if with_email and person.email:
        label += f" <{person.email}>"
    return label


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    """A choice of people in a facilitator's form (never shown to others): labelled by
    name, organisations and e-mail."""

    def label_from_instance(self, obj) -> str:
        return person_label(obj, with_email=True)
