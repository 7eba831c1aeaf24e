"""The project page, and the links and needs its carriers manage there."""

import pytest

from projects.models import Link, Need, Project
from tests import factories
from tests.projects.factories import many_projects

pytestmark = pytest.mark.django_db


def test_page_shows_carriers_phase_indicators_needs_links_circle_and_idea(client):
    circle = factories.CircleFactory(name="Cercle énergie")
    idea = factories.IdeaFactory(title="Idée d'ombrières")
    project = factories.ProjectFactory(
        title="Ombrières", phase="operation", co2_avoided=120, jobs=4, circle=circle, idea=idea
    )
    factories.ParticipationFactory(
        project=project, organisation=factories.OrganisationFactory(name="Soleil SA")
    )
    factories.NeedFactory(project=project, kind="foncier", description="Un parking de 2 ha")
    upstream = factories.ProjectFactory(title="Bilan carbone")
    downstream = factories.ProjectFactory(title="Bus à hydrogène")
    draft = factories.ProjectFactory(title="Brouillon caché", state=Project.State.DRAFT)
    factories.LinkFactory(source=project, target=upstream, kind=Link.Kind.DEPENDS_ON)
    factories.LinkFactory(source=downstream, target=project, kind=Link.Kind.DEPENDS_ON)
    factories.LinkFactory(source=project, target=draft, kind=Link.Kind.FEEDS)
    text = client.get(project.get_absolute_url()).text
    for expected in [
        "Soleil SA",
        "Opération",
        "120 t/an",
        "Un parking de 2 ha",
        "Bilan carbone",
        "Bus à hydrogène",
        "Cercle énergie",
        "Idée d&#x27;ombrières",
        'id="project-minimap"',
    ]:
        assert expected in text, expected
    assert "Brouillon caché" not in text
    assert "Modifier le projet" not in text


@pytest.mark.parametrize("n", [20, 200])
def test_page_queries_do_not_grow_with_links(client, django_assert_num_queries, n):
    projects = many_projects(n, links=False)
    hub = projects[0]
    Link.objects.bulk_create(Link(source=hub, target=p, kind="synergie") for p in projects[1:])
    Link.objects.bulk_create(Link(source=p, target=hub, kind="depend") for p in projects[1:])
    Need.objects.bulk_create(Need(project=hub, kind="foncier", description="x") for _ in range(n))
    with django_assert_num_queries(8):  # the map point is read from the row
        response = client.get(hub.get_absolute_url())
    assert response.text.count("Projet en masse 0001") >= 2


def test_carrier_adds_and_removes_a_link(client_as, carried_project, other_project):
    client = client_as("carrier")
    response = client.post(
        f"/projets/{carried_project.slug}/liens/ajouter/",
        {"kind": "depend", "target": other_project.pk, "strength": 3, "description": "Chaleur"},
    )
    assert response.status_code == 302
    link = Link.objects.get()
    assert (link.source, link.target, link.strength) == (carried_project, other_project, 3)
    assert "Autre projet publié" in client.get(carried_project.get_absolute_url()).text
    client.post(f"/projets/{carried_project.slug}/liens/{link.pk}/retirer/")
    assert not Link.objects.exists()


def test_a_project_cannot_be_linked_to_itself(client_as, carried_project):
    response = client_as("carrier").post(
        f"/projets/{carried_project.slug}/liens/ajouter/",
        {"kind": "depend", "target": carried_project.pk, "strength": 2},
    )
    assert response.status_code == 200
    assert "Un projet ne peut pas être lié à lui-même." in response.text
    assert not Link.objects.exists()


def test_an_exact_duplicate_link_is_refused(client_as, carried_project, other_project):
    factories.LinkFactory(source=carried_project, target=other_project, kind="depend")
    response = client_as("carrier").post(
        f"/projets/{carried_project.slug}/liens/ajouter/",
        {"kind": "depend", "target": other_project.pk, "strength": 2},
        headers={"HX-Request": "true"},
    )
    assert response.text.lstrip().startswith('<section id="project-links">')
    assert "Ce lien existe déjà." in response.text
    assert Link.objects.count() == 1


def test_carrier_adds_a_need_and_marks_it_met(client_as, carried_project):
    client = client_as("carrier")
    response = client.post(
        f"/projets/{carried_project.slug}/besoins/ajouter/",
        {"kind": "foncier", "description": "Un terrain"},
        headers={"HX-Request": "true"},
    )
    assert "Un terrain" in response.text
    need = Need.objects.get()
    assert need.project == carried_project
    client.post(f"/projets/{carried_project.slug}/besoins/{need.pk}/", {"action": "satisfait"})
    need.refresh_from_db()
    assert need.status == Need.Status.MET


def test_a_need_without_description_is_refused(client_as, carried_project):
    response = client_as("carrier").post(
        f"/projets/{carried_project.slug}/besoins/ajouter/", {"kind": "foncier"}
    )
    assert "Décrivez le besoin." in response.text
    assert not Need.objects.exists()


def test_facilitator_sees_the_history_of_changes(client_as, facilitator, carried_project):
    carried_project.title = "Titre changé"
    carried_project.save()
    text = client_as("facilitator").get(carried_project.get_absolute_url()).text
    assert "Historique des modifications" in text
    assert "Modifier le projet" in text
