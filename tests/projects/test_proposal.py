"""Members propose, carriers and the facilitator edit, the facilitator moderates, the
proposer is told by e-mail."""

import datetime

import pytest
from django.core import mail

from projects.models import Project
from tests import factories

pytestmark = pytest.mark.django_db

VALID = {
    "title": "Jardin partagé de Borderouge",
    "summary": "Un jardin pour le quartier.",
    "description": "**Ouvert** à tous <script>alert(1)</script>",
    "phase": "idee",
    "phase_status": "en_cours",
    "start_date": "2026-03-01",
    "end_date": "2026-12-31",
    "budget": "15000",
}


def test_member_proposes_a_project_which_waits_for_moderation(client_as, member):
    theme = factories.ThemeFactory(name="Alimentation", slug="alimentation")
    response = client_as("member").post("/projets/proposer/", {**VALID, "themes": [theme.pk]})
    project = Project.objects.get(title="Jardin partagé de Borderouge")
    assert response.status_code == 302
    assert response["Location"] == project.get_absolute_url()
    assert project.state == Project.State.SUBMITTED
    assert project.proposed_by == member
    assert project.referent == member.person
    assert list(project.themes.all()) == [theme]
    assert project.submitted_at is not None


def test_a_submitted_project_is_visible_to_its_proposer_but_not_public(client, client_as, member):
    client_as("member").post("/projets/proposer/", VALID)
    project = Project.objects.get()
    assert client_as("member").get(project.get_absolute_url()).status_code == 200
    assert client.get(project.get_absolute_url()).status_code == 404
    assert "Jardin partagé" not in client.get("/projets/").text


def test_carrier_may_name_their_organisation_as_carrier(client_as, carrier):
    organisation = carrier.person.organisations.get()
    client_as("carrier").post("/projets/proposer/", {**VALID, "carrier": organisation.pk})
    project = Project.objects.get()
    assert list(project.organisations.all()) == [organisation]


def test_an_organisation_represented_no_more_may_not_carry_a_proposal(client_as, carrier):
    former = factories.OrganisationFactory(name="Ancien employeur")
    factories.RepresentationFactory(
        person=carrier.person, organisation=former, end=datetime.date(2000, 1, 1)
    )
    response = client_as("carrier").post("/projets/proposer/", {**VALID, "carrier": former.pk})
    assert response.status_code == 200
    carrier_select = response.text.split('id="id_carrier"')[1].split("</select>")[0]
    assert "Ancien employeur" not in carrier_select  # still offered as a partner
    assert not Project.objects.exists()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"end_date": "2026-01-01"},
            "end_date",
            "La date de fin doit être postérieure à la date de début.",
        ),
        ({"budget": "-5"}, "budget", "Le budget ne peut pas être négatif."),
        ({"title": ""}, "title", "Donnez un titre au projet."),
        ({"latitude": "43.6"}, "longitude", "Indiquez la latitude et la longitude"),
    ],
)
def test_bad_input_is_refused_in_french_and_nothing_is_saved(
    client_as, member, data, field, message
):
    response = client_as("member").post("/projets/proposer/", {**VALID, **data})
    assert response.status_code == 200
    assert message in response.context["form"].errors[field][0]
    assert message in response.text
    assert not Project.objects.exists()


def test_description_markdown_is_sanitised_on_the_page(client_as, member):
    client_as("member").post("/projets/proposer/", VALID)
    text = client_as("member").get(Project.objects.get().get_absolute_url()).text
    assert "<strong>Ouvert</strong>" in text
    assert "<script>alert(1)</script>" not in text


def test_carrier_edits_their_project_and_history_is_kept(client_as, carried_project):
    response = client_as("carrier").post(
        f"/projets/{carried_project.slug}/modifier/", {**VALID, "title": "Nouveau titre"}
    )
    assert response.status_code == 302
    carried_project.refresh_from_db()
    assert carried_project.title == "Nouveau titre"
    assert carried_project.history.count() == 2
    assert carried_project.history.first().title == "Nouveau titre"


def test_member_who_does_not_carry_the_project_cannot_edit_it(client_as, carried_project):
    response = client_as("member").post(f"/projets/{carried_project.slug}/modifier/", VALID)
    assert response.status_code == 403
    carried_project.refresh_from_db()
    assert carried_project.title == "Projet porté"


def test_facilitator_edits_a_draft_made_from_an_idea(client_as, facilitator):
    idea = factories.IdeaFactory(title="Une idée de compostage")
    draft = factories.ProjectFactory(title="Compostage", state=Project.State.DRAFT, idea=idea)
    page = client_as("facilitator").get(f"/projets/{draft.slug}/modifier/")
    assert page.status_code == 200
    client_as("facilitator").post(f"/projets/{draft.slug}/modifier/", VALID)
    draft.refresh_from_db()
    assert draft.state == Project.State.DRAFT  # the facilitator publishes from the queue
    assert draft.idea == idea
    assert "Une idée de compostage" in client_as("facilitator").get(draft.get_absolute_url()).text


def _submitted_by(member):
    return factories.ProjectFactory(
        title="Jardin", state=Project.State.SUBMITTED, proposed_by=member
    )


def test_facilitator_publishes_and_the_proposer_is_told(
    client_as, member, facilitator, django_capture_on_commit_callbacks
):
    project = _submitted_by(member)
    queue = client_as("facilitator").get("/projets/moderation/")
    assert "Jardin" in queue.text
    with django_capture_on_commit_callbacks(execute=True):
        response = client_as("facilitator").post(
            f"/projets/{project.slug}/moderer/", {"action": "publish"}
        )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.state == Project.State.PUBLISHED
    assert project.published_at is not None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [member.email]
    assert "est publié" in mail.outbox[0].subject
    assert project.get_absolute_url() in mail.outbox[0].body


def test_facilitator_sends_back_with_a_comment(
    client_as, member, facilitator, django_capture_on_commit_callbacks
):
    project = _submitted_by(member)
    with django_capture_on_commit_callbacks(execute=True):
        client_as("facilitator").post(
            f"/projets/{project.slug}/moderer/",
            {"action": "send_back", "comment": "Précisez le budget."},
        )
    project.refresh_from_db()
    assert project.state == Project.State.DRAFT
    assert project.moderation_comment == "Précisez le budget."
    assert "Précisez le budget." in mail.outbox[0].body
    # The proposer fixes it: it goes back to the queue.
    page = client_as("member").get(f"/projets/{project.slug}/modifier/")
    assert "Précisez le budget." in page.text
    client_as("member").post(f"/projets/{project.slug}/modifier/", VALID)
    project.refresh_from_db()
    assert project.state == Project.State.SUBMITTED


def test_sending_back_without_a_comment_is_refused(client_as, member, facilitator):
    project = _submitted_by(member)
    response = client_as("facilitator").post(
        f"/projets/{project.slug}/moderer/", {"action": "send_back"}
    )
    assert response.status_code == 200
    assert "Expliquez au proposant" in response.text
    project.refresh_from_db()
    assert project.state == Project.State.SUBMITTED
    assert not mail.outbox


def test_htmx_moderation_answers_with_the_item_only(client_as, member, facilitator):
    project = _submitted_by(member)
    response = client_as("facilitator").post(
        f"/projets/{project.slug}/moderer/", {"action": "archive"}, headers={"HX-Request": "true"}
    )
    assert response.text.startswith(
        f'<li class="card moderation-item" id="moderation-{project.pk}"'
    )
    assert "est archivé" in response.text
    project.refresh_from_db()
    assert project.state == Project.State.ARCHIVED
    assert client_as("anonymous").get(project.get_absolute_url()).status_code == 404


def test_project_slug_never_shadows_a_page():
    project = factories.ProjectFactory(title="Carte")
    assert project.slug != "carte"
