import pytest

from actors import demo
from actors.models import Organisation, Person, Representation
from alliance import demo as alliance_demo
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def reference_data():
    alliance_demo.load()


def test_demo_loads_thirty_organisations_across_kinds_sizes_and_communes(reference_data):
    demo.load()
    organisations = Organisation.objects.filter(is_demo=True)
    assert organisations.count() >= 30
    assert set(organisations.values_list("kind", flat=True)) == set(Organisation.Kind.values)
    assert {"tpe", "pme", "eti", "ge"} <= set(organisations.values_list("size", flat=True))
    assert organisations.values("commune").distinct().count() >= 10
    assert not organisations.filter(joined_on__year__lt=2023).exists()
    assert Representation.objects.filter(organisation__is_demo=True, has_mandate=True).count() >= 30
    assert Person.objects.filter(is_demo=True, share_contact=True).exists()


def test_demo_companies_have_valid_sirens(reference_data):
    from stdnum.fr import siren

    demo.load()
    sirens = Organisation.objects.filter(is_demo=True).exclude(siren=None)
    assert sirens.count() >= 10
    assert all(siren.is_valid(o.siren) for o in sirens)


def test_demo_contains_a_near_duplicate_for_the_admin_to_merge(reference_data):
    demo.load()
    duplicates = Organisation.objects.possible_duplicates()
    assert sorted(duplicates.values_list("name", flat=True)) == [
        "ENERGIES SOLIDAIRES OCCITANIE",
        "Énergies Solidaires Occitanie SAS",
    ]


def test_demo_is_idempotent(reference_data):
    demo.load()
    counts = (Organisation.objects.count(), Person.objects.count(), Representation.objects.count())
    demo.load()
    assert (
        Organisation.objects.count(),
        Person.objects.count(),
        Representation.objects.count(),
    ) == counts


def test_purge_removes_only_demo_records(reference_data):
    real = factories.OrganisationFactory(name="Vraie entreprise")
    real_person = factories.PersonFactory()
    demo.load()
    demo.load(purge=True)
    assert list(Organisation.objects.all()) == [real]
    assert list(Person.objects.all()) == [real_person]


def test_demo_loads_communes_when_none_exist():
    demo.load()
    assert Organisation.objects.filter(is_demo=True, commune__isnull=False).count() >= 30
