"""People as the facilitator picks them: with the organisations they represent today
(fetched with them) and a label that tells homonyms apart."""

from django import forms
from django.db.models import Prefetch, Q

from actors.models import Person, Representation
from alliance.text import Folded, fold


def people_for_picker():
    """People with their current organisations, fetched with them (no query per label)."""
    current = Representation.objects.current().select_related("organisation")
    return Person.objects.filter(erased_at__isnull=True).prefetch_related(
        Prefetch("representations", queryset=current, to_attr="current_representations")
    )


def matching(people, text: str, *, with_email: bool):
    """`people` whose name or organisation (and e-mail, for those who may see it) holds
    every word of `text`, whatever the case and accents: "hélène" finds "Helene", "mairie
    blagnac" finds the town hall's people."""
    words = fold(text).split()
    if not words:
        return people.none()
    found = Person.objects.alias(
        first=Folded("first_name"),
        last=Folded("last_name"),
        organisation=Folded("representations__organisation__name"),
        address=Folded("email"),
    )
    for word in words:
        match = Q(first__contains=word) | Q(last__contains=word) | Q(organisation__contains=word)
        if with_email:
            match |= Q(address__contains=word)
        people = people.filter(pk__in=found.filter(match).values("pk"))
    return people


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
