from datetime import timedelta

import pytest
from django.utils import timezone

from roadmap.models import Measurement, Milestone, Objective
from tests import factories
from tests.roadmap.factories import MeasurementFactory, ObjectiveFactory

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true", "HX-Current-URL": "http://testserver/feuille-de-route/"}


@pytest.fixture
def facilitator_client(client, facilitator):
    client.force_login(facilitator)
    return client


@pytest.fixture
def energy(db):
    return factories.ThemeFactory(name="Énergie", slug="energie")


def _objective_data(theme, **overrides):
    return {
        "theme": theme.pk,
        "title": "Doubler la production d'énergie renouvelable",
        "indicator": "MWh d'énergie renouvelable produite",
        "unit": "MWh/an",
        "baseline": "42000",
        "baseline_date": "2023-01-01",
        "target": "84000",
        "deadline": "2030-12-31",
        **overrides,
    }


def test_the_facilitator_adds_a_milestone_with_htmx_and_gets_the_timeline_back(
    facilitator_client,
):
    response = facilitator_client.post(
        "/feuille-de-route/jalons/nouveau/",
        {"title": "Bilan d'étape", "kind": "echeance", "status": "prevu", "date": "2027-06-30"},
        headers=HTMX,
    )
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#timeline"
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="timeline"')
    assert "Bilan d&#x27;étape" in html
    assert Milestone.objects.get().kind == Milestone.Kind.DEADLINE


def test_a_plain_post_redirects_to_the_roadmap(facilitator_client):
    response = facilitator_client.post(
        "/feuille-de-route/jalons/nouveau/",
        {"title": "Bilan", "kind": "echeance", "status": "prevu", "date": "2027-06-30"},
    )
    milestone = Milestone.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/feuille-de-route/#milestone-{milestone.pk}"


def test_the_htmx_form_comes_as_a_fragment(facilitator_client):
    response = facilitator_client.get("/feuille-de-route/jalons/nouveau/", headers=HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith('<form id="milestone-form"')
    assert 'hx-post="/feuille-de-route/jalons/nouveau/"' in html


def test_the_facilitator_edits_a_milestone_and_links_it_to_a_meeting(facilitator_client):
    milestone = factories.MilestoneFactory(title="Réunion")
    meeting = factories.MeetingFactory()
    response = facilitator_client.post(
        f"/feuille-de-route/jalons/{milestone.pk}/modifier/",
        {
            "title": "Cercle de concertation",
            "kind": "rencontre",
            "status": "atteint",
            "date": "2023-02-07",
            "meeting": meeting.pk,
            "outcome": "La feuille de route est **initiée**.",
        },
        headers=HTMX,
    )
    assert "<strong>initiée</strong>" in response.content.decode()
    milestone.refresh_from_db()
    assert milestone.meeting == meeting and milestone.status == Milestone.Status.DONE


def test_a_milestone_ending_before_it_starts_is_not_saved(facilitator_client):
    response = facilitator_client.post(
        "/feuille-de-route/jalons/nouveau/",
        {
            "title": "Atelier",
            "kind": "livrable",
            "status": "prevu",
            "date": "2027-06-30",
            "end_date": "2027-06-01",
        },
        headers=HTMX,
    )
    assert "La date de fin ne peut pas précéder la date de début." in response.content.decode()
    assert not Milestone.objects.exists()


def test_the_facilitator_deletes_a_milestone(facilitator_client):
    milestone = factories.MilestoneFactory(title="À supprimer")
    response = facilitator_client.post(
        f"/feuille-de-route/jalons/{milestone.pk}/supprimer/", headers=HTMX
    )
    assert "À supprimer" not in response.content.decode()
    assert not Milestone.objects.exists()


def test_the_facilitator_creates_an_objective_carried_by_organisations(facilitator_client, energy):
    organisation = factories.OrganisationFactory(name="Régie solaire")
    project = factories.ProjectFactory(title="Centrale villageoise")
    data = _objective_data(energy, organisations=[organisation.pk], projects=[project.pk])
    response = facilitator_client.post("/feuille-de-route/objectifs/nouveau/", data, headers=HTMX)
    assert response["HX-Retarget"] == "#objectives"
    assert "Régie solaire" in response.content.decode()
    objective = Objective.objects.get()
    assert list(objective.projects.all()) == [project]


def test_a_draft_project_cannot_be_said_to_contribute(facilitator_client, energy):
    draft = factories.ProjectFactory(state="brouillon")
    data = _objective_data(energy, projects=[draft.pk])
    facilitator_client.post("/feuille-de-route/objectifs/nouveau/", data)
    assert not Objective.objects.exists()


def test_a_target_equal_to_the_baseline_is_refused(facilitator_client, energy):
    data = _objective_data(energy, baseline="100", target="100")
    response = facilitator_client.post("/feuille-de-route/objectifs/nouveau/", data)
    assert response.status_code == 200
    assert "La cible doit être différente de la valeur de référence." in response.content.decode()
    assert not Objective.objects.exists()


def test_a_deadline_before_the_baseline_date_is_refused(facilitator_client, energy):
    data = _objective_data(energy, baseline_date="2025-01-01", deadline="2024-12-31")
    response = facilitator_client.post("/feuille-de-route/objectifs/nouveau/", data, headers=HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith('<form id="objective-form"')
    assert "L&#x27;échéance ne peut pas précéder la date de la valeur de référence." in html
    assert not Objective.objects.exists()


def test_the_facilitator_edits_an_objective_and_overrides_its_status(facilitator_client, energy):
    objective = ObjectiveFactory(theme=energy)
    data = _objective_data(energy, status_override="abandonne")
    facilitator_client.post(f"/feuille-de-route/objectifs/{objective.pk}/modifier/", data)
    objective.refresh_from_db()
    assert objective.status == Objective.Status.ABANDONED


def test_the_facilitator_deletes_an_objective_and_its_measurements(facilitator_client):
    measurement = MeasurementFactory()
    facilitator_client.post(f"/feuille-de-route/objectifs/{measurement.objective_id}/supprimer/")
    assert not Objective.objects.exists() and not Measurement.objects.exists()


def test_a_measurement_added_with_htmx_returns_the_updated_card(facilitator_client, facilitator):
    objective = ObjectiveFactory(baseline=0, target=200)
    yesterday = timezone.localdate() - timedelta(days=1)
    response = facilitator_client.post(
        f"/feuille-de-route/objectifs/{objective.pk}/mesures/nouvelle/",
        {"date": yesterday.isoformat(), "value": "50", "comment": "Relevé annuel"},
        headers=HTMX,
    )
    html = response.content.decode()
    assert html.lstrip().startswith(f'<article id="objective-{objective.pk}"')
    assert 'value="25"' in html and "25 %" in html
    measurement = Measurement.objects.get()
    assert measurement.recorded_by == facilitator


def test_a_measurement_dated_in_the_future_is_refused(facilitator_client):
    objective = ObjectiveFactory()
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = facilitator_client.post(
        f"/feuille-de-route/objectifs/{objective.pk}/mesures/nouvelle/",
        {"date": tomorrow.isoformat(), "value": "150"},
        headers=HTMX,
    )
    assert "Une mesure ne peut pas être datée dans le futur." in response.content.decode()
    assert not Measurement.objects.exists()


def test_a_measurement_without_value_is_refused_without_javascript(facilitator_client):
    objective = ObjectiveFactory()
    response = facilitator_client.post(
        f"/feuille-de-route/objectifs/{objective.pk}/mesures/nouvelle/", {"date": "2024-01-01"}
    )
    assert response.status_code == 200
    assert "Ce champ est obligatoire." in response.content.decode()
    assert not Measurement.objects.exists()


def test_the_facilitator_corrects_and_deletes_a_measurement(facilitator_client):
    measurement = MeasurementFactory(value=150)
    response = facilitator_client.post(
        f"/feuille-de-route/mesures/{measurement.pk}/modifier/",
        {"date": measurement.date.isoformat(), "value": "175"},
    )
    assert response["Location"] == f"/feuille-de-route/#objective-{measurement.objective_id}"
    measurement.refresh_from_db()
    assert measurement.value == 175
    response = facilitator_client.post(
        f"/feuille-de-route/mesures/{measurement.pk}/supprimer/", headers=HTMX
    )
    assert f'id="objective-{measurement.objective_id}"' in response.content.decode()
    assert not Measurement.objects.exists()


def test_a_member_cannot_add_a_measurement(client, member):
    objective = ObjectiveFactory()
    client.force_login(member)
    response = client.post(
        f"/feuille-de-route/objectifs/{objective.pk}/mesures/nouvelle/",
        {"date": "2024-01-01", "value": "1"},
    )
    assert response.status_code == 403
    assert not Measurement.objects.exists()


def test_the_admin_manages_milestones_objectives_and_measurements(client, admin_user):
    measurement = MeasurementFactory()
    factories.MilestoneFactory()
    client.force_login(admin_user)
    for url in [
        "/admin/roadmap/milestone/",
        "/admin/roadmap/objective/",
        f"/admin/roadmap/objective/{measurement.objective_id}/change/",
        "/admin/roadmap/measurement/",
    ]:
        assert client.get(url).status_code == 200, url
