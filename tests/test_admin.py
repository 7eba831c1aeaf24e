"""Django admin in French, with English when the admin's language is English: every app,
model, field and column heading carries a translated name; search folds case and accents."""

import gettext
import re
from html import unescape

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.utils import label_for_field
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation
from django.utils.functional import Promise

from alliance.admin import FoldedSearchAdmin
from tests import factories

OURS = {"alliance", "actors", "circles", "projects", "ideas", "roadmap", "network"}


def our_models():
    """Our apps' models, without the tables Django or simple_history write for us."""
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label in OURS
        and not model._meta.auto_created
        and not model.__name__.startswith("Historical")
    ]


def our_admins():
    return [(m, ma) for m, ma in admin.site._registry.items() if m._meta.app_label in OURS]


def english_catalogue() -> dict:
    mo = settings.BASE_DIR / "locale" / "en" / "LC_MESSAGES" / "django.mo"
    with open(mo, "rb") as handle:
        return gettext.GNUTranslations(handle)._catalog


def msgid(lazy: Promise) -> str:
    return lazy._args[0] if hasattr(lazy, "_args") else lazy._proxy____args[0]


def django_translates(name: Promise) -> bool:
    """Fields Django gives our models (the user's password): English msgids it translates."""
    with translation.override("fr"):
        return str(name) != msgid(name)


def names_of(model):
    yield f"{model._meta.label} (modèle)", model._meta.verbose_name
    yield f"{model._meta.label} (pluriel)", model._meta.verbose_name_plural
    for field in model._meta.get_fields():
        if field.auto_created or not hasattr(field, "verbose_name"):
            continue  # the id, reverse relations: Django names them
        yield f"{model._meta.label}.{field.name}", field.verbose_name


def test_every_app_model_and_field_has_a_translated_name_not_its_attribute_name():
    catalogue = english_catalogue()
    untranslated, auto = [], []
    named = [(f"app {c.label}", c.verbose_name) for c in apps.get_app_configs() if c.label in OURS]
    for model in our_models():
        assert "verbose_name_plural" in model._meta.original_attrs, model._meta.label
        named += list(names_of(model))
    for where, name in named:
        if not isinstance(name, Promise):
            auto.append(f"{where}: {name!r}")
        elif not catalogue.get(msgid(name)) and not django_translates(name):
            untranslated.append(f"{where}: {msgid(name)!r}")
    assert auto == [], "noms générés par Django au lieu d'un nom traduit"
    assert untranslated == [], "noms sans traduction anglaise dans locale/en"


def test_every_column_heading_of_our_admins_is_translated():
    bare = []
    for model, model_admin in our_admins():
        for name in model_admin.list_display:
            if name in ("__str__", "action_checkbox"):
                continue
            if not isinstance(label_for_field(name, model, model_admin), Promise):
                bare.append(f"{model._meta.label}.{name}")
    assert bare == [], "colonnes sans @admin.display(description=...) ni verbose_name"


def test_every_admin_with_a_search_folds_accents():
    plain = [
        model._meta.label
        for model, model_admin in our_admins()
        if model_admin.search_fields and not isinstance(model_admin, FoldedSearchAdmin)
    ]
    assert plain == []


@pytest.fixture
def superuser_client(admin_user):
    client = Client()
    client.force_login(admin_user)
    return client


def headings(html: str) -> list[str]:
    """The column headings of the changelist's table (the side menu has its own)."""
    table = re.search(r'<table id="result_list">.*?</thead>', html, re.S)
    cells = re.findall(r'<th scope="col"[^>]*>(.*?)</th>', table.group(0) if table else "", re.S)
    texts = [unescape(re.sub(r"<[^>]+>", " ", cell)) for cell in cells]
    return [" ".join(text.split()) for text in texts if text.strip()]


def expected_headings(model, model_admin) -> list[str]:
    names = [n for n in model_admin.list_display if n != "action_checkbox"]
    return [str(label_for_field(n, model, model_admin)).capitalize() for n in names]


def a_row_for_each_admin():
    """Headings show above rows only: one row for every admin a factory can fill."""
    factories.StakeFactory()
    factories.CommuneFactory()
    factories.RepresentationFactory()
    factories.ParticipationFactory()
    factories.LinkFactory()
    factories.NeedFactory()
    factories.OfferFactory()
    factories.MembershipFactory()
    factories.MeetingFactory()
    factories.MilestoneFactory()
    factories.IdeaFactory()


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "en"])
def test_each_changelist_shows_its_headings_in_the_admins_language(superuser_client, language):
    a_row_for_each_admin()
    superuser_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    checked = 0
    for model, model_admin in admin.site._registry.items():
        url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        response = superuser_client.get(url)
        assert response.status_code == 200, url
        if model._meta.app_label not in OURS or not model._default_manager.exists():
            continue
        checked += 1
        with translation.override(language):
            expected = expected_headings(model, model_admin)
            shown = [h.capitalize() for h in headings(response.content.decode())]
        assert shown == expected, url
    assert checked >= 14


@pytest.mark.django_db
def test_the_organisation_changelist_reads_french_then_english(superuser_client):
    factories.OrganisationFactory(name="Énergies Solidaires")
    french = superuser_client.get("/admin/actors/organisation/").content.decode()
    assert "Acteurs" in french
    assert headings(french)[0] == "Nom"
    assert "Adhésion à la charte le" in headings(french)
    superuser_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = superuser_client.get("/admin/actors/organisation/").content.decode()
    assert "Actors" in english
    assert headings(english)[0] == "Name"
    index = superuser_client.get("/admin/").content.decode()
    assert "Ideas" in index and "Circles" in index and "Roadmap" in index


@pytest.mark.django_db
@pytest.mark.parametrize("term", ["energie", "énergie", "ÉNERGIES", "Energies solidaires"])
def test_admin_search_folds_case_and_accents(superuser_client, term):
    factories.OrganisationFactory(name="Énergies Solidaires")
    factories.OrganisationFactory(name="Eau du Canal")
    response = superuser_client.get("/admin/actors/organisation/", {"q": term})
    assert [o.name for o in response.context["cl"].result_list] == ["Énergies Solidaires"]


@pytest.mark.django_db
def test_admin_search_folds_across_a_relation(superuser_client):
    commune = factories.CommuneFactory(name="Béziers", slug="beziers", insee_code="34032")
    factories.OrganisationFactory(name="Coop", commune=commune)
    factories.OrganisationFactory(name="Autre")
    response = superuser_client.get("/admin/actors/organisation/", {"q": "BEZIERS"})
    assert [o.name for o in response.context["cl"].result_list] == ["Coop"]


@pytest.mark.django_db
def test_admin_search_of_people_and_users_folds_accents(superuser_client, admin_user):
    factories.PersonFactory(first_name="Hélène", last_name="Dupré")
    response = superuser_client.get("/admin/actors/person/", {"q": "helene dupre"})
    assert len(response.context["cl"].result_list) == 1
    admin_user.first_name = "Gaëlle"
    admin_user.save(update_fields=["first_name"])
    response = superuser_client.get("/admin/alliance/user/", {"q": "gaelle"})
    assert list(response.context["cl"].result_list) == [admin_user]


@pytest.mark.django_db
def test_admin_refuses_a_siret_outside_the_siren_in_french(superuser_client):
    response = superuser_client.post(
        "/admin/actors/organisation/add/",
        {
            "name": "Nouvelle",
            "kind": "entreprise",
            "status": "active",
            "siren": "732829320",
            "siret": "35600000000048",
            "representations-TOTAL_FORMS": "0",
            "representations-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["siret"] == [
        "Le SIRET « 35600000000048 » doit commencer par le SIREN de l'organisation (732829320)."
    ]
    assert not factories.OrganisationFactory._meta.model.objects.exists()


@pytest.mark.django_db
def test_admin_accepts_a_siret_of_the_siren(superuser_client):
    response = superuser_client.post(
        "/admin/actors/organisation/add/",
        {
            "name": "Nouvelle",
            "kind": "entreprise",
            "status": "active",
            "siren": "732829320",
            "siret": "73282932000074",
            "representations-TOTAL_FORMS": "0",
            "representations-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302


@pytest.mark.django_db
def test_an_organisation_whose_siret_is_not_of_its_siren_does_not_clean():
    organisation = factories.OrganisationFactory.build(siren="732829320", siret="35600000000048")
    with pytest.raises(ValidationError) as raised:
        organisation.full_clean()
    assert raised.value.message_dict["siret"] == [
        "Le SIRET « 35600000000048 » doit commencer par le SIREN de l'organisation (732829320)."
    ]
