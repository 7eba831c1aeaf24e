"""Many projects fast (bulk_create), for the query-count tests."""

from projects import cache
from projects.models import Link, Participation, Project
from tests import factories


def many_projects(n: int, *, prefix: str = "Projet en masse", links: bool = True):
    theme = factories.ThemeFactory(name="Énergie", slug="energie", color="#e67e22")
    commune = factories.CommuneFactory(name="Toulouse", slug="toulouse")
    organisation = factories.OrganisationFactory(name="Organisation en masse")
    projects = Project.objects.bulk_create(
        Project(
            title=f"{prefix} {i:04d}",
            slug=f"{prefix.lower().replace(' ', '-')}-{i:04d}",
            summary="Un projet.",
            state=Project.State.PUBLISHED,
            latitude=43.6 + i / 10000,
            longitude=1.44 + i / 10000,
        )
        for i in range(n)
    )
    Project.themes.through.objects.bulk_create(
        Project.themes.through(project=p, theme=theme) for p in projects
    )
    Project.communes.through.objects.bulk_create(
        Project.communes.through(project=p, commune=commune) for p in projects
    )
    Participation.objects.bulk_create(
        Participation(project=p, organisation=organisation) for p in projects
    )
    if links:
        Link.objects.bulk_create(
            Link(source=a, target=b, kind=Link.Kind.SYNERGY)
            for a, b in zip(projects, projects[1:], strict=False)
        )
    cache.bump()  # bulk_create sends no signal
    return projects
