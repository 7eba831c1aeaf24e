"""Short lists of model choices (themes, stakes, communes, circles) read by one plain query.

Django's ModelChoiceIterator reads its queryset with `.iterator()`, which on PostgreSQL opens
a server-side cursor (DECLARE, FETCH until empty, CLOSE: four round trips) every time the
choices are listed. For a few dozen rows one ordinary SELECT is cheaper, and its rows stay
cached on the field's queryset (a fresh copy per form), so a page that lists the same
choices twice (the map's legend and its filters) reads them once."""

import django_filters
from django_filters.fields import ModelChoiceField, ModelChoiceIterator


class ListedChoiceIterator(ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if self.field.null_label is not None:
            yield (self.field.null_value, self.field.null_label)
        for obj in self.queryset:
            yield self.choice(obj)


class ListedChoiceField(ModelChoiceField):
    iterator = ListedChoiceIterator


class ListedChoiceFilter(django_filters.ModelChoiceFilter):
    """A ModelChoiceFilter over a short list: its choices in one query, read once per form."""

    field_class = ListedChoiceField
