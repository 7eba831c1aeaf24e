import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from actors.forms import OrganisationForm
from actors.models import Organisation, normalise_name
from tests import factories

pytestmark = pytest.mark.django_db

VALID_SIREN = "732829320"  # Luhn-valid
OTHER_VALID_SIREN = "552100554"


def form_data(**overrides):
    return {"name": "Nouvelle Coop", "kind": "entreprise", "size": "pme", "status": "active"} | (
        overrides
    )


def png(size=(10, 10), fmt="PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "green").save(buffer, fmt)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Énergies Solidaires Occitanie SAS", "ENERGIES SOLIDAIRES OCCITANIE"),
        ("SCOP Bâtir Autrement", "Batir autrement"),
        ("Association Les Jardins du Touch", "les jardins du touch"),
        ("Data-Sobre SARL", "data sobre"),
    ],
)
def test_names_differing_by_accents_case_and_legal_form_share_a_key(a, b):
    assert normalise_name(a) == normalise_name(b)


def test_a_name_made_only_of_a_legal_form_keeps_it():
    assert normalise_name("SAS") == "sas"


def test_possible_duplicates_are_same_siren_or_same_normalised_name():
    a = factories.OrganisationFactory(name="Énergies Solidaires SAS")
    b = factories.OrganisationFactory(name="ENERGIES SOLIDAIRES")
    c = factories.OrganisationFactory(name="Autre", siren=VALID_SIREN)
    factories.OrganisationFactory(name="Unique")
    # A SIREN is unique; an establishment's SIRET carries its company's SIREN.
    d = factories.OrganisationFactory(name="Autre nom", siret=VALID_SIREN + "00074")
    assert set(Organisation.objects.possible_duplicates()) == {a, b, c, d}


def test_an_organisation_without_a_point_sits_at_its_town_hall():
    commune = factories.CommuneFactory(latitude=43.63, longitude=1.39)
    organisation = factories.OrganisationFactory(commune=commune, latitude=None, longitude=None)
    assert (organisation.latitude, organisation.longitude) == (43.63, 1.39)


def test_an_organisation_keeps_its_own_point():
    commune = factories.CommuneFactory(latitude=43.63, longitude=1.39)
    organisation = factories.OrganisationFactory(commune=commune, latitude=43.1, longitude=1.1)
    assert (organisation.latitude, organisation.longitude) == (43.1, 1.1)


def test_an_invalid_siren_gets_a_french_message():
    form = OrganisationForm(data=form_data(siren="123456789"))
    assert not form.is_valid()
    assert "n'est pas un numéro SIREN valide" in form.errors["siren"][0]


def test_a_siren_with_spaces_is_accepted_and_compacted():
    form = OrganisationForm(data=form_data(siren="732 829 320"))
    assert form.is_valid(), form.errors
    assert form.save().siren == VALID_SIREN


def test_a_duplicate_siren_names_the_existing_organisation():
    factories.OrganisationFactory(name="Coopérative Existante", siren=VALID_SIREN)
    form = OrganisationForm(data=form_data(siren=VALID_SIREN))
    assert not form.is_valid()
    assert form.errors["siren"] == [
        "Ce SIREN est déjà celui de l'organisation « Coopérative Existante »."
    ]


def test_organisations_without_siren_do_not_collide():
    assert OrganisationForm(data=form_data(siren="")).save().siren is None
    assert OrganisationForm(data=form_data(siren="", name="Autre")).save().siren is None


def test_an_invalid_siret_is_refused():
    form = OrganisationForm(data=form_data(siret="73282932000075"))
    assert not form.is_valid()
    assert "SIRET" in form.errors["siret"][0]
    assert OrganisationForm(data=form_data(siret="73282932000074")).is_valid()


def test_size_is_for_companies_only():
    form = OrganisationForm(data=form_data(kind="association", size="pme"))
    assert not form.is_valid()
    assert form.errors["size"] == ["La taille ne concerne que les entreprises."]


def test_a_logo_that_is_not_an_image_is_refused():
    svg = SimpleUploadedFile("logo.svg", b"<svg onload='alert(1)'></svg>", "image/svg+xml")
    form = OrganisationForm(data=form_data(), files={"logo": svg})
    assert not form.is_valid()
    assert "logo" in form.errors


def test_a_logo_over_two_megabytes_is_refused():
    big = SimpleUploadedFile("logo.png", png() + b"\0" * (2 * 1024 * 1024), "image/png")
    form = OrganisationForm(data=form_data(), files={"logo": big})
    assert not form.is_valid()
    assert form.errors["logo"] == ["Le logo dépasse la taille maximale de 2 Mo."]


def test_a_gif_logo_is_refused_and_a_png_accepted():
    gif = SimpleUploadedFile("logo.gif", png(fmt="GIF"), "image/gif")
    form = OrganisationForm(data=form_data(), files={"logo": gif})
    assert not form.is_valid()
    assert form.errors["logo"] == ["Le logo doit être une image PNG, JPEG ou WebP."]
    ok = SimpleUploadedFile("logo.png", png(), "image/png")
    form = OrganisationForm(data=form_data(), files={"logo": ok})
    assert form.is_valid(), form.errors
    assert form.save().logo.name.startswith("logos/")


def test_invalid_coordinates_are_refused():
    form = OrganisationForm(data=form_data(latitude="123", longitude="1.4"))
    assert not form.is_valid()
    assert "latitude" in form.errors


def test_every_change_is_kept_in_history():
    organisation = factories.OrganisationFactory(name="Avant")
    organisation.name = "Après"
    organisation.save()
    person = factories.PersonFactory(first_name="Ana")
    person.first_name = "Anna"
    person.save()
    assert list(organisation.history.values_list("name", flat=True)) == ["Après", "Avant"]
    assert person.history.count() == 2


def test_saving_the_name_only_keeps_the_key_in_step():
    organisation = factories.OrganisationFactory(name="Avant")
    organisation.name = "Énergie SAS"
    organisation.save(update_fields=["name"])
    organisation.refresh_from_db()
    assert organisation.name_key == "energie"


def test_model_validation_refuses_an_invalid_siren():
    organisation = Organisation(name="X", kind="entreprise", siren="111111111", slug="x")
    with pytest.raises(ValidationError) as error:
        organisation.full_clean()
    assert "siren" in error.value.message_dict


def test_an_organisation_named_like_the_map_gets_another_slug(client):
    organisation = factories.OrganisationFactory(name="Carte")
    assert organisation.slug != "carte"
    assert client.get(organisation.get_absolute_url()).context["organisation"] == organisation


def test_theme_changes_are_kept_in_history():
    organisation = factories.OrganisationFactory()
    water = factories.ThemeFactory(name="Eau")
    organisation.themes.add(water)
    latest = organisation.history.first()
    assert [row.theme for row in latest.themes.all()] == [water]
