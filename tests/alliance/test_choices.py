"""Short lists of model choices: one plain query per form, its rows read once."""

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alliance.choices import QuickSelect
from projects.filters import ProjectFilter
from projects.models import Project
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_filter_form_lists_each_short_choice_list_in_one_plain_query():
    factories.ThemeFactory(name="Énergie", slug="energie")
    factories.ThemeFactory(name="Mobilité", slug="mobilite")
    form = ProjectFilter({}, queryset=Project.objects.published()).form
    with CaptureQueriesContext(connection) as queries:
        first, again = str(form["theme"]), str(form["theme"])
    assert first == again
    assert '<option value="energie">Énergie</option>' in first
    assert len(queries) == 1
    assert queries[0]["sql"].startswith("SELECT")  # no server-side cursor (DECLARE …)


def test_a_chosen_value_is_still_selected_and_checked_against_the_list():
    factories.ThemeFactory(name="Énergie", slug="energie")
    chosen = ProjectFilter({"theme": "energie"}, queryset=Project.objects.published())
    assert '<option value="energie" selected>' in str(chosen.form["theme"])
    unknown = ProjectFilter({"theme": "inconnu"}, queryset=Project.objects.published())
    assert not unknown.is_valid()


@pytest.mark.parametrize(
    ("value", "attrs"),
    [
        (None, {"id": "id_phase"}),
        ("etude", {"id": "id_phase", "aria-invalid": "true", "aria-describedby": "e"}),
        ("inconnue", {"id": "id_phase", "required": True, "disabled": False, "data-x": None}),
    ],
)
def test_the_quick_select_writes_what_djangos_select_writes(value, attrs):
    choices = [("", "Toutes les phases"), ("idee", "Idée"), ("etude", "Étude <&>")]
    quick = QuickSelect(attrs={"class": "f"}, choices=choices).render("phase", value, attrs)
    django = forms.Select(attrs={"class": "f"}, choices=choices).render("phase", value, attrs)
    assert quick == django


def test_the_quick_select_leaves_grouped_choices_to_django():
    choices = [("Ville", [("toulouse", "Toulouse")]), ("", "Aucune")]
    quick = QuickSelect(choices=choices).render("commune", "toulouse")
    assert quick == forms.Select(choices=choices).render("commune", "toulouse")
    assert "<optgroup" in quick


def test_choice_labels_follow_the_language_and_leave_an_unknown_value_as_it_is():
    from django.utils import translation

    project = Project(phase=Project.Phase.STUDY, phase_status="inconnu")
    with translation.override("fr"):
        assert project.get_phase_display() == "Étude"
    with translation.override("en"):
        assert project.get_phase_display() == str(Project.Phase.STUDY.label)
        assert project.get_phase_display() != "Étude"
    assert project.get_phase_status_display() == "inconnu"
