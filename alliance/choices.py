"""Short lists of choices in filter forms: model choices (themes, stakes, communes, circles)
read by one plain query, and a <select> that writes its options in Python.

Django's ModelChoiceIterator reads its queryset with `.iterator()`, which on PostgreSQL opens
a server-side cursor (DECLARE, FETCH until empty, CLOSE: four round trips) every time the
choices are listed. For a few dozen rows one ordinary SELECT is cheaper, and its rows stay
cached on the field's queryset (a fresh copy per form), so a page that lists the same
choices twice (the map's legend and its filters) reads them once."""

import django_filters
from django import forms
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django_filters.fields import ModelChoiceField, ModelChoiceIterator


class QuickSelect(forms.Select):
    """Django's <select>, byte for byte, with its options written in Python rather than
    through two templates each (about 40 µs an option: the catalogue's filters list some
    ninety, a fifth of the page's rendering). Grouped choices go the template way."""

    def render(self, name, value, attrs=None, renderer=None):
        choices = [choice for choice in self.choices]  # list() would COUNT first
        if any(isinstance(label, (list, tuple)) for _, label in choices):
            return super().render(name, value, attrs, renderer)
        chosen, selected = set(self.format_value(value)), False
        html = [format_html('<select name="{}"', name)]
        # As django/forms/widgets/attrs.html: in order, False left out, True bare.
        for key, attr in self.build_attrs(self.attrs, attrs).items():
            if attr is True:
                html.append(format_html(" {}", key))
            elif attr is not False:
                html.append(format_html(' {}="{}"', key, attr))
        html.append(">")
        for option, label in choices:
            option = "" if option is None else str(option)
            mark = not selected and option in chosen
            selected = selected or mark
            # select_option.html ends with a line break, hence the blank lines.
            html.append(
                format_html(
                    '\n  <option value="{}"{}>{}</option>\n',
                    option,
                    " selected" if mark else "",
                    label,
                )
            )
        html.append("\n</select>")
        return mark_safe("".join(html))


class ListedChoiceIterator(ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if self.field.null_label is not None:
            yield (self.field.null_value, self.field.null_label)
        for obj in self.queryset:
            yield self.choice(obj)

    def __len__(self):
        # The rows, read and kept, rather than a COUNT query before reading them anyway.
        extra = (self.field.empty_label is not None) + (self.field.null_label is not None)
        return len(self.queryset) + extra


class ListedChoiceField(ModelChoiceField):
    iterator = ListedChoiceIterator
    widget = QuickSelect


class ListedChoiceFilter(django_filters.ModelChoiceFilter):
    """A ModelChoiceFilter over a short list: its choices in one query, read once per form."""

    field_class = ListedChoiceField
