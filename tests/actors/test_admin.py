import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from actors.models import Organisation, Person, Representation
from actors.services import merge_organisations
from circles.models import Membership
from ideas.models import Idea
from projects.models import Need, Offer, Participation
from tests import factories

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/actors/organisation/"


@pytest.fixture
def admin_client(client_as):
    return client_as("admin")


@pytest.fixture
def twins():
    """Two records of one company, each with its own relations, some shared."""
    theme_a, theme_b = factories.ThemeFactory(), factories.ThemeFactory()
    main = factories.OrganisationFactory(name="Énergies Solidaires Occitanie SAS", siren=None)
    main.themes.add(theme_a)
    copy = factories.OrganisationFactory(
        name="ENERGIES SOLIDAIRES OCCITANIE",
        siren="732829320",
        website="https://esol.example.org",
        joined_on="2023-02-01",
    )
    copy.themes.add(theme_a, theme_b)
    shared_person = factories.PersonFactory()
    factories.RepresentationFactory(person=shared_person, organisation=main, has_mandate=False)
    factories.RepresentationFactory(person=shared_person, organisation=copy, has_mandate=True)
    factories.RepresentationFactory(organisation=main)
    factories.RepresentationFactory(organisation=copy)
    project = factories.ProjectFactory()
    factories.ParticipationFactory(project=project, organisation=main)
    factories.ParticipationFactory(project=project, organisation=copy)  # same project and role
    factories.ParticipationFactory(organisation=copy)
    factories.NeedFactory(organisation=copy, project=None)
    factories.OfferFactory(organisation=copy)
    factories.MembershipFactory(organisation=copy)
    factories.IdeaFactory(organisation=copy)
    return main, copy


def related_counts():
    return {
        "representations": Representation.objects.count(),
        "participations": Participation.objects.count(),
        "needs": Need.objects.count(),
        "offers": Offer.objects.count(),
        "memberships": Membership.objects.count(),
        "ideas": Idea.objects.count(),
        "people": Person.objects.count(),
    }


def test_merge_moves_every_relation_and_loses_nothing(twins):
    main, copy = twins
    before = related_counts()
    copy_id = copy.pk

    report = merge_organisations(survivor=main, merged=copy)

    after = related_counts()
    # Only the two rows that duplicated the survivor's are folded into them.
    assert after == {
        **before,
        "representations": before["representations"] - 1,
        "participations": before["participations"] - 1,
    }
    assert report["actors.Representation"] == {"moved": 1, "merged_duplicates": 1}
    assert report["projects.Participation"] == {"moved": 1, "merged_duplicates": 1}
    assert not Organisation.objects.filter(pk=copy_id).exists()
    assert main.representations.count() == 3
    assert main.representations.filter(has_mandate=True).count() == 3  # the mandate is kept
    assert main.participations.count() == 2
    assert main.needs.count() == main.offers.count() == main.memberships.count() == 1
    assert main.ideas.count() == 1
    assert main.themes.count() == 2
    main.refresh_from_db()
    assert main.siren == "732829320"  # what the survivor lacked comes from the merged record
    assert main.website == "https://esol.example.org"
    assert str(main.joined_on) == "2023-02-01"
    # The merged record stays in history, with the reason.
    last = Organisation.history.filter(id=copy_id).first()
    assert last.history_type == "-"
    assert "Fusionnée dans" in last.history_change_reason


def test_merging_an_organisation_into_itself_is_refused(twins):
    main, _ = twins
    with pytest.raises(ValueError):
        merge_organisations(survivor=main, merged=main)


def test_admin_merge_action_asks_for_the_survivor_then_merges(admin_client, twins):
    main, copy = twins
    selection = {"action": "merge", "_selected_action": [main.pk, copy.pk]}
    response = admin_client.post(CHANGELIST, selection)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Fusionner deux organisations" in html
    assert f'value="{copy.pk}"' in html

    response = admin_client.post(CHANGELIST, {**selection, "survivor": copy.pk})
    assert response.status_code == 302
    assert list(Organisation.objects.all()) == [copy]
    assert copy.representations.count() == 3


def test_admin_merge_needs_exactly_two(admin_client, twins):
    main, copy = twins
    third = factories.OrganisationFactory()
    response = admin_client.post(
        CHANGELIST,
        {"action": "merge", "_selected_action": [main.pk, copy.pk, third.pk]},
        follow=True,
    )
    assert "Sélectionnez exactement deux organisations" in response.content.decode()
    assert Organisation.objects.count() == 3


def test_duplicates_filter_lists_near_duplicates(admin_client, twins):
    factories.OrganisationFactory(name="Sans doublon")
    response = admin_client.get(CHANGELIST, {"doublons": "oui"})
    shown = {o.name for o in response.context["cl"].result_list}
    assert shown == {"Énergies Solidaires Occitanie SAS", "ENERGIES SOLIDAIRES OCCITANIE"}


def test_admin_searches_by_name_siren_and_commune(admin_client, twins):
    commune = factories.CommuneFactory(name="Colomiers", slug="colomiers")
    factories.OrganisationFactory(name="Recyclerie", commune=commune)
    for term, expected in [
        ("recyclerie", "Recyclerie"),
        ("732829320", "ENERGIES SOLIDAIRES OCCITANIE"),
        ("colomiers", "Recyclerie"),
    ]:
        response = admin_client.get(CHANGELIST, {"q": term})
        assert [o.name for o in response.context["cl"].result_list] == [expected]


def test_admin_pages_render(admin_client, twins):
    main, _ = twins
    for url in [
        CHANGELIST,
        f"{CHANGELIST}{main.pk}/change/",
        f"{CHANGELIST}{main.pk}/history/",
        "/admin/actors/person/",
        f"{CHANGELIST}import/",
        f"{CHANGELIST}export/",
        f"{CHANGELIST}?kind=entreprise&status=active",
    ]:
        assert admin_client.get(url).status_code == 200, url


def test_admin_refuses_an_invalid_siren_with_a_french_message(admin_client):
    response = admin_client.post(
        f"{CHANGELIST}add/",
        {
            "name": "Nouvelle",
            "kind": "entreprise",
            "status": "active",
            "siren": "123456789",
            "representations-TOTAL_FORMS": "0",
            "representations-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "n&#x27;est pas un numéro SIREN valide" in response.content.decode()
    assert not Organisation.objects.exists()


def test_facilitator_has_no_access_to_django_admin(client_as):
    assert client_as("facilitator").get(CHANGELIST).status_code == 302


CSV_IMPORT = (
    "nom,type,taille,siren,commune,themes,adhesion\n"
    "Nouvelle Coop SCOP,entreprise,PME,732 829 320,Blagnac,Énergie,2024-03-01\n"
    'Association du Canal,Association,,,31069,"Eau, Énergie",\n'
)


def _import(admin_client, content: bytes, filename: str, fmt: str):
    factories.CommuneFactory(name="Blagnac", slug="blagnac", insee_code="31069")
    factories.ThemeFactory(name="Énergie", slug="energie")
    factories.ThemeFactory(name="Eau", slug="eau")
    upload = SimpleUploadedFile(filename, content)
    response = admin_client.post(
        f"{CHANGELIST}import/", {"import_file": upload, "format": fmt, "resource": "0"}
    )
    return response


def test_import_shows_a_dry_run_preview_then_imports(admin_client):
    response = _import(admin_client, CSV_IMPORT.encode(), "acteurs.csv", "0")
    assert response.status_code == 200
    assert "Nouvelle Coop SCOP" in response.content.decode()
    assert not Organisation.objects.exists()  # nothing saved by the preview
    confirm = response.context["confirm_form"]
    response = admin_client.post(f"{CHANGELIST}process_import/", confirm.initial)
    assert response.status_code == 302
    coop = Organisation.objects.get(siren="732829320")
    assert coop.name == "Nouvelle Coop SCOP"
    assert coop.size == "pme"
    assert coop.commune.name == "Blagnac"
    assert coop.latitude is not None  # placed at the town hall
    assert [t.name for t in coop.themes.all()] == ["Énergie"]
    canal = Organisation.objects.get(name="Association du Canal")
    assert canal.kind == "association"
    assert sorted(t.name for t in canal.themes.all()) == ["Eau", "Énergie"]


def test_import_updates_an_existing_organisation_found_by_normalised_name(admin_client):
    existing = factories.OrganisationFactory(
        name="Association du canal", kind="association", size=""
    )
    response = _import(admin_client, CSV_IMPORT.encode(), "acteurs.csv", "0")
    confirm = response.context["confirm_form"]
    admin_client.post(f"{CHANGELIST}process_import/", confirm.initial)
    assert Organisation.objects.count() == 2
    existing.refresh_from_db()
    assert existing.commune.insee_code == "31069"


def test_import_reports_an_invalid_siren_and_saves_nothing(admin_client):
    content = "nom,type,siren\nMauvaise,entreprise,123456789\n"
    response = _import(admin_client, content.encode(), "acteurs.csv", "0")
    html = response.content.decode()
    assert "SIREN valide" in html
    assert "confirm_form" not in response.context or response.context.get("confirm_form") is None
    assert not Organisation.objects.exists()


def test_import_reads_xlsx(admin_client):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["nom", "type", "commune"])
    sheet.append(["Université du Canal", "Université / recherche", "Blagnac"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = _import(admin_client, buffer.getvalue(), "acteurs.xlsx", "1")
    confirm = response.context["confirm_form"]
    admin_client.post(f"{CHANGELIST}process_import/", confirm.initial)
    assert Organisation.objects.get().kind == "universite"


def test_export_of_the_register_as_csv(admin_client, twins):
    page = admin_client.get(f"{CHANGELIST}export/")
    form = page.context["form"]
    data = {
        name: "on"
        for name, field in form.fields.items()
        if getattr(field, "is_selectable_field", False)
    }
    response = admin_client.post(f"{CHANGELIST}export/", {**data, "format": "0", "resource": "0"})
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("id,nom,type")
    assert "ENERGIES SOLIDAIRES OCCITANIE" in text
