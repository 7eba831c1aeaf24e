"""The project form: carrier and partners, needs in the same form, required fields marked."""

import pytest

from projects.models import Participation, Project
from tests import factories

pytestmark = pytest.mark.django_db

BASE = {
    "title": "Jardin partagé",
    "summary": "Un jardin.",
    "phase": "idee",
    "phase_status": "en_cours",
    "needs-TOTAL_FORMS": "2",
    "needs-INITIAL_FORMS": "0",
}


def test_carrier_names_partners_and_needs_in_one_post(client_as, carrier):
    organisation = carrier.person.organisations.get()
    partner = factories.OrganisationFactory(name="Mairie partenaire")
    data = {
        **BASE,
        "carrier": organisation.pk,
        "partners": [partner.pk],
        "needs-0-kind": "foncier",
        "needs-0-description": "Une parcelle de 500 m²",
    }
    response = client_as("carrier").post("/projets/proposer/", data, follow=True)
    project = Project.objects.get()
    roles = dict(project.participations.values_list("organisation__name", "role"))
    assert roles == {organisation.name: "porteur", "Mairie partenaire": "partenaire"}
    assert list(project.needs.values_list("description", flat=True)) == ["Une parcelle de 500 m²"]
    assert "1 besoin ajouté." in response.text


def test_a_need_without_description_keeps_the_form_with_a_french_error(client_as, member):
    data = {**BASE, "needs-0-kind": "foncier", "needs-0-description": ""}
    response = client_as("member").post("/projets/proposer/", data)
    assert response.status_code == 200
    assert "Décrivez le besoin." in response.text
    assert not Project.objects.exists()


def test_the_carrier_may_not_also_be_a_partner(client_as, carrier):
    organisation = carrier.person.organisations.get()
    data = {**BASE, "carrier": organisation.pk, "partners": [organisation.pk]}
    response = client_as("carrier").post("/projets/proposer/", data)
    assert "L&#x27;organisation porteuse ne peut pas être partenaire." in response.text
    assert not Participation.objects.exists()


def test_required_fields_are_marked_and_the_picker_enhances_raw_fields(client_as, member):
    html = client_as("member").get("/projets/proposer/").text
    assert 'id="required-legend"' in html
    assert 'aria-required="true"' in html.split('id="id_title"')[1].split(">")[0] + html
    assert "data-combobox" in html and 'id="location-picker"' in html
    assert 'id="id_latitude"' in html and 'id="town-halls"' in html
    assert "js/project-form.js" in html
