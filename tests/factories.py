"""factory_boy factories shared by every app's tests."""

import factory
from django.utils import timezone

from actors.models import Organisation, Person, Representation
from alliance.models import Commune, Stake, Theme, User
from circles.models import Circle, Meeting, Membership
from ideas.models import Idea, IdeaSpace
from projects.models import Link, Need, Offer, Participation, Project
from roadmap.models import Milestone


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    password = factory.django.Password("motdepasse-solide-42")


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Thème {n}")
    slug = factory.Sequence(lambda n: f"theme-{n}")
    color = "#0b6e4f"


class StakeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Stake
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Enjeu {n}")
    slug = factory.Sequence(lambda n: f"enjeu-{n}")


class CommuneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commune
        django_get_or_create = ("slug",)

    insee_code = factory.Sequence(lambda n: f"{31000 + n % 999:05d}")
    vintage = 2024
    name = factory.Sequence(lambda n: f"Commune {n}")
    slug = factory.Sequence(lambda n: f"commune-{n}")
    latitude = 43.6
    longitude = 1.44
    in_metropole = True


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = Organisation.Kind.COMPANY
    size = Organisation.Size.PME
    latitude = 43.6
    longitude = 1.44


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    email = factory.Sequence(lambda n: f"person{n}@example.org")


class RepresentationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Representation

    person = factory.SubFactory(PersonFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = "Directrice RSE"
    has_mandate = True


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    title = factory.Sequence(lambda n: f"Projet {n}")
    summary = "Un projet à impact positif."
    state = Project.State.PUBLISHED
    latitude = 43.6
    longitude = 1.44


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation

    project = factory.SubFactory(ProjectFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Participation.Role.CARRIER


class LinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Link

    source = factory.SubFactory(ProjectFactory)
    target = factory.SubFactory(ProjectFactory)
    kind = Link.Kind.SYNERGY


class NeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Need

    project = factory.SubFactory(ProjectFactory)
    kind = "competences"
    description = "Besoin d'un accompagnement."


class OfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Offer

    organisation = factory.SubFactory(OrganisationFactory)
    kind = "competences"
    description = "Nous pouvons accompagner."


class CircleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Circle

    name = factory.Sequence(lambda n: f"Cercle {n}")
    kind = Circle.Kind.WORK


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    circle = factory.SubFactory(CircleFactory)
    person = factory.SubFactory(PersonFactory)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    circle = factory.SubFactory(CircleFactory)
    title = factory.Sequence(lambda n: f"Réunion {n}")
    start = factory.LazyFunction(lambda: timezone.now() + timezone.timedelta(days=10))
    end = factory.LazyAttribute(lambda o: o.start + timezone.timedelta(hours=2))
    place = "Hôtel de Région, Toulouse"


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    title = factory.Sequence(lambda n: f"Jalon {n}")
    date = factory.LazyFunction(lambda: timezone.localdate() + timezone.timedelta(days=30))


class IdeaSpaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IdeaSpace

    name = factory.Sequence(lambda n: f"Espace {n}")


class IdeaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Idea

    space = factory.SubFactory(IdeaSpaceFactory)
    title = factory.Sequence(lambda n: f"Idée {n}")
    body = "Une idée pour le territoire."
