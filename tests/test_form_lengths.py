"""Every form of the project bounds its text fields by what the rows they feed can hold,
so that a too-long value is a French form error, never a database error (a 500).

The walk imports each app's `forms` and `filters` modules (and allauth's sign-up form,
which extends ours), builds every Form, ModelForm and FilterSet found there, and checks
each CharField (EmailField, URLField... included):
- it declares a max_length (no unbounded text reaches a view);
- a ModelForm field is no longer than the model field of the same name;
- a plain Form field is no longer than every model field it feeds (FEEDS below), or is
  listed in NOT_STORED with what becomes of it.
"""

import importlib
import importlib.util
import inspect

import django_filters
import pytest
from django import forms
from django.apps import apps

from tests import factories

pytestmark = pytest.mark.django_db

APPS = ["alliance", "actors", "projects", "circles", "roadmap", "ideas", "network"]

# form (module.Class) -> field -> the model fields ("app.Model.field") it is saved into.
FEEDS = {
    "alliance.forms.SignupForm": {
        "first_name": ["alliance.User.first_name", "actors.Person.first_name"],
        "last_name": ["alliance.User.last_name", "actors.Person.last_name"],
    },
    "allauth.account.forms.SignupForm": {
        "first_name": ["alliance.User.first_name", "actors.Person.first_name"],
        "last_name": ["alliance.User.last_name", "actors.Person.last_name"],
        "email": ["alliance.User.email", "actors.Person.email", "account.EmailAddress.email"],
    },
    # A ModelForm on User whose names are copied to the person too.
    "alliance.forms.ProfileForm": {
        "first_name": ["alliance.User.first_name", "actors.Person.first_name"],
        "last_name": ["alliance.User.last_name", "actors.Person.last_name"],
    },
    "circles.forms.SeriesForm": {
        "title": ["circles.Meeting.title"],
        "rule": ["circles.MeetingSeries.rule"],
        "place": ["circles.Meeting.place"],
        "video_url": ["circles.Meeting.video_url"],
        "agenda": ["circles.Meeting.agenda"],
    },
    "circles.forms.PollForm": {
        "title": ["circles.DatePoll.title", "circles.Meeting.title"],
        "place": ["circles.DatePoll.place", "circles.Meeting.place"],
    },
    "circles.forms.CircleForm": {"reminders": ["circles.Circle.reminder_offsets"]},
    "projects.forms.ModerationForm": {"comment": ["projects.Project.moderation_comment"]},
    "ideas.forms.ReportForm": {"reason": ["ideas.CommentReport.reason"]},
    "alliance.forms.DeclineForm": {"reason": ["alliance.JoinRequest.reason"]},
    "actors.forms.RepresentationRequestForm": {
        "role": ["actors.RepresentationRequest.role", "actors.Representation.role"]
    },
}

# Plain text fields that no row stores as typed.
NOT_STORED = {
    "projects.forms.HelpForm.message": "sent by mail to the need's carrier",
    "network.forms.SearchForm.q": "a search",
    "actors.filters.OrganisationFilter.q": "a search",
    "projects.filters.ProjectFilter.q": "a search",
    "projects.filters.ProjectFilter.organisation": "a search: an organisation's slug or name",
    "actors.forms.RepresentationRequestForm.organisation": "an organisation's slug or name",
    "alliance.forms.JoinRequestForm.website": "a trap for bots: a filled one drops the request",
    "allauth.account.forms.SignupForm.password1": "hashed",
    "allauth.account.forms.SignupForm.password2": "compared, then dropped",
}

# Wider than the column on purpose: the value is compacted, then checked by the model's
# validator ("732 829 320" is a SIREN of 9 digits).
COMPACTED = {
    "actors.forms.OrganisationForm.siren": "clean_siren, then validate_siren",
    "actors.forms.OrganisationForm.siret": "clean_siret, then validate_siret",
}

# Passwords are hashed: their length is allauth's and the validators' business.
UNBOUNDED = {
    "allauth.account.forms.SignupForm.password1",
    "allauth.account.forms.SignupForm.password2",
}


def _classes():
    modules = []
    for app in APPS:
        for name in ("forms", "filters"):
            if importlib.util.find_spec(f"{app}.{name}"):
                modules.append(importlib.import_module(f"{app}.{name}"))
    found = []
    for module in modules:
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ != module.__name__:
                continue
            if issubclass(cls, forms.BaseModelForm) and cls._meta.model is None:
                continue  # an abstract base, walked through its subclasses
            if issubclass(cls, forms.BaseForm) or issubclass(cls, django_filters.FilterSet):
                found.append(cls)
    from allauth.account.forms import SignupForm

    return [*found, SignupForm]


def _label(cls) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


@pytest.fixture
def init_arguments(carrier):
    """The keyword arguments forms ask for, by name."""
    project = factories.ProjectFactory()
    meeting = factories.MeetingFactory()
    from tests.roadmap.factories import ObjectiveFactory

    objective = ObjectiveFactory()
    return {
        "circle": meeting.circle,
        "meeting": meeting,
        "slots": [],
        "current": {},
        "space": factories.IdeaSpaceFactory(),
        "user": carrier,
        "person": carrier.person,
        "source": project,
        "project": project,
        "organisations": carrier.person.organisations.all(),
        "objective": objective,
        "columns": [{"index": 0, "header": "Titre", "field": "title"}],
        # Saved rows for the ModelForms that read their instance's relations.
        "instances": {"circles.Meeting": meeting},
    }


def _build(cls, init_arguments):
    if issubclass(cls, django_filters.FilterSet):
        return cls().form
    wanted = {
        name: init_arguments[name]
        for name, parameter in inspect.signature(cls.__init__).parameters.items()
        if parameter.kind == parameter.KEYWORD_ONLY and parameter.default is parameter.empty
    }
    model = getattr(getattr(cls, "_meta", None), "model", None)
    if model is not None and model._meta.label in init_arguments["instances"]:
        wanted["instance"] = init_arguments["instances"][model._meta.label]
    return cls(**wanted)


def _model_field(path: str):
    app_label, model_name, field_name = path.split(".")
    return apps.get_model(app_label, model_name)._meta.get_field(field_name)


def test_the_walk_finds_the_forms_of_every_app():
    labels = {_label(cls) for cls in _classes()}
    for expected in [
        "alliance.forms.ProfileForm",
        "actors.forms.ContactForm",
        "projects.forms.ProjectForm",
        "circles.forms.MinutesForm",
        "ideas.forms.CommentForm",
        "roadmap.forms.MeasurementForm",
        "network.forms.SearchForm",
        "actors.filters.OrganisationFilter",
        "allauth.account.forms.SignupForm",
    ]:
        assert expected in labels
    assert len(labels) >= 40


def test_every_text_field_is_no_longer_than_what_it_feeds(init_arguments):
    problems = []
    for cls in _classes():
        label = _label(cls)
        form = _build(cls, init_arguments)
        model = getattr(getattr(form, "_meta", None), "model", None)
        for name, field in form.fields.items():
            if not isinstance(field, forms.CharField):
                continue
            where = f"{label}.{name}"
            if field.max_length is None:
                if where not in UNBOUNDED:
                    problems.append(f"{where}: no max_length")
                continue
            fed = list(FEEDS.get(label, {}).get(name, []))
            if model is not None and name in {f.name for f in model._meta.concrete_fields}:
                fed.append(f"{model._meta.label}.{name}")
            if not fed and where not in NOT_STORED:
                problems.append(f"{where}: say in FEEDS which model field it feeds")
            for path in fed:
                limit = _model_field(path).max_length
                if limit is not None and field.max_length > limit and where not in COMPACTED:
                    problems.append(f"{where}: {field.max_length} > {path} ({limit})")
    assert not problems, "\n".join(problems)


def test_every_textarea_has_a_limit_and_a_counter(init_arguments):
    missing = []
    for cls in _classes():
        form = _build(cls, init_arguments)
        for name, field in form.fields.items():
            if isinstance(field.widget, forms.Textarea) and (
                field.max_length is None or "data-char-limit" not in field.widget.attrs
            ):
                missing.append(f"{_label(cls)}.{name}")
    assert not missing, missing


def test_the_mapping_names_only_real_fields_and_forms():
    labels = {_label(cls) for cls in _classes()}
    for label, fields in FEEDS.items():
        assert label in labels, label
        for paths in fields.values():
            for path in paths:
                assert _model_field(path) is not None
    for where in NOT_STORED:
        assert where.rsplit(".", 1)[0] in labels, where
