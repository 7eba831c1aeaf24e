import pytest

from actors.models import Representation
from circles.models import Membership
from projects.models import Project
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation():
    organisation = factories.OrganisationFactory(
        name="Coopérative Solaire",
        description="**Énergie citoyenne** <script>alert('x')</script> [site](javascript:alert(1))",
    )
    sharing = factories.PersonFactory(
        first_name="Inès",
        last_name="Partage",
        email="ines@example.org",
        phone="05 61 00 00 01",
        share_contact=True,
    )
    private = factories.PersonFactory(
        first_name="Hugo",
        last_name="Discret",
        email="hugo@example.org",
        phone="05 61 00 00 02",
        share_contact=False,
    )
    factories.RepresentationFactory(person=sharing, organisation=organisation, role="Présidente")
    factories.RepresentationFactory(
        person=private, organisation=organisation, role="Trésorier", has_mandate=False
    )
    return organisation


def test_description_is_rendered_and_sanitised(client, organisation):
    html = client.get(organisation.get_absolute_url()).content.decode()
    assert "<strong>Énergie citoyenne</strong>" in html
    assert "<script>alert" not in html
    assert "javascript:" not in html


def test_visitor_sees_representatives_without_contacts(client, organisation):
    html = client.get(organisation.get_absolute_url()).content.decode()
    assert "Inès Partage" in html and "Hugo Discret" in html
    assert "ines@example.org" not in html
    assert "05 61 00 00 01" not in html
    assert "hugo@example.org" not in html


def test_member_sees_contacts_of_people_who_agreed_only(client_as, organisation):
    html = client_as("member").get(organisation.get_absolute_url()).content.decode()
    assert "ines@example.org" in html
    assert "05 61 00 00 01" in html
    assert "hugo@example.org" not in html
    assert "05 61 00 00 02" not in html


def test_former_representatives_are_not_listed(client, organisation):
    Representation.objects.filter(person__last_name="Discret").update(end="2020-01-01")
    html = client.get(organisation.get_absolute_url()).content.decode()
    assert "Hugo Discret" not in html


def test_page_shows_published_projects_circles_and_public_ideas(client, organisation):
    published = factories.ProjectFactory(title="Toitures solaires")
    draft = factories.ProjectFactory(title="Brouillon secret", state=Project.State.DRAFT)
    for project in (published, draft):
        factories.ParticipationFactory(project=project, organisation=organisation)
    circle = factories.CircleFactory(name="Cercle Énergie")
    factories.MembershipFactory(circle=circle, organisation=organisation)
    asked = factories.CircleFactory(name="Cercle demandé")
    factories.MembershipFactory(
        circle=asked, organisation=organisation, status=Membership.Status.REQUESTED
    )
    factories.IdeaFactory(title="Une idée publique", organisation=organisation)
    hidden = factories.IdeaSpaceFactory(is_public=False)
    factories.IdeaFactory(title="Une idée interne", organisation=organisation, space=hidden)
    html = client.get(organisation.get_absolute_url()).content.decode()
    assert "Toitures solaires" in html
    assert "Brouillon secret" not in html
    assert "Cercle Énergie" in html
    assert "Cercle demandé" not in html
    assert "Une idée publique" in html
    assert "Une idée interne" not in html


def test_unknown_organisation_is_404(client):
    assert client.get("/acteurs/inconnue/").status_code == 404


def test_edit_link_only_for_those_who_may_edit(client_as, carrier, organisation):
    own = carrier.person.organisations.get()
    assert "/modifier/" in client_as("carrier").get(own.get_absolute_url()).content.decode()
    html = client_as("carrier").get(organisation.get_absolute_url()).content.decode()
    assert "/modifier/" not in html
    html = client_as("facilitator").get(organisation.get_absolute_url()).content.decode()
    assert "/modifier/" in html


@pytest.mark.parametrize("n", [20, 500])
def test_organisation_page_queries_do_not_grow(client, n, django_assert_num_queries):
    from actors.models import Organisation, Person

    organisation = factories.OrganisationFactory(name="Grosse")
    Organisation.objects.bulk_create(
        [Organisation(name=f"Autre {i}", slug=f"autre-{i}", kind="entreprise") for i in range(n)]
    )
    people = Person.objects.bulk_create(
        [Person(first_name="P", last_name=str(i), email=f"p{i}@x.org") for i in range(n // 10)]
    )
    Representation.objects.bulk_create(
        [Representation(person=p, organisation=organisation) for p in people]
    )
    organisation.themes.add(factories.ThemeFactory())
    # organisation, themes, representations, projects, circles, ideas
    with django_assert_num_queries(6):
        response = client.get(organisation.get_absolute_url())
    assert len(response.context["representatives"]) == n // 10
