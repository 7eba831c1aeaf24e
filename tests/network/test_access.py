import pytest

from tests import factories
from tests.access import MEMBERS, PUBLIC, Row, cases, check, ids

# POSTs that only members make: anonymous goes to the login page, members get redirected.
MEMBER_POSTS = {"anonymous": 302, "member": 302, "carrier": 302, "facilitator": 302, "admin": 302}


def _theme_url(name: str):
    def url(fixture):
        theme = factories.ThemeFactory()
        return f"/abonnements/{name}/theme/{theme.pk}/"

    return url


def _unsubscribe_url(fixture):
    from network.following.preferences import unsubscribe_token

    return f"/abonnements/desinscription/{unsubscribe_token(fixture('member'))}/"


def _detail(name: str, prefix: str, make, key: str = "pk"):
    return Row(name, lambda fixture: f"/api/v1/{prefix}/{getattr(make(), key)}/", PUBLIC)


ACCESS = [
    Row("search", "/recherche/?q=energie", PUBLIC),
    Row("search_suggest", "/recherche/suggestions/?q=energie", PUBLIC),
    Row("open_data", "/donnees/", PUBLIC),
    Row("network:ideas_xlsx", "/donnees/idees.xlsx", PUBLIC),
    Row("network:datapackage", "/donnees/datapackage.json", PUBLIC),
    Row("network:communes_geojson", "/donnees/communes.geojson", PUBLIC),
    Row("network:collectivites_csv", "/donnees/collectivites.csv", PUBLIC),
    Row("network:meetings_geojson", "/donnees/reunions.geojson", PUBLIC),
    Row("network:feed_rss", "/flux/projets.rss", PUBLIC),
    Row("network:feed_rss", "/flux/inconnu.rss", dict.fromkeys(PUBLIC, 404), note="unknown"),
    Row(
        "network:feed_atom",
        lambda f: f"/flux/reunions.atom?theme={factories.ThemeFactory().slug}",
        PUBLIC,
    ),
    Row(
        "network:feed_atom",
        "/flux/idees.atom?commune=nulle-part",
        dict.fromkeys(PUBLIC, 404),
        note="unknown commune",
    ),
    Row("network:subscriptions", "/abonnements/", MEMBERS),
    Row("welcome", "/bienvenue/", MEMBERS),
    Row(
        "welcome",
        "/bienvenue/",
        MEMBERS,
        method="post",
        data={"organisation": "inconnue"},
        note="unknown organisation: the form again",
    ),
    Row(
        "welcome",
        "/bienvenue/",
        MEMBER_POSTS,
        method="post",
        data=lambda fixture: {"organisation": factories.OrganisationFactory().slug},
        note="asks to be attached",
    ),
    Row("network:subscriptions", "/abonnements/", MEMBER_POSTS, method="post", data={"theme": []}),
    Row("network:notifications", "/notifications/", MEMBERS),
    Row("network:notifications", "/notifications/", MEMBER_POSTS, method="post", note="seen"),
    Row("network:follow", _theme_url("suivre"), MEMBER_POSTS, method="post"),
    Row("network:unfollow", _theme_url("ne-plus-suivre"), MEMBER_POSTS, method="post"),
    Row(
        "network:follow",
        _theme_url("suivre"),
        {**MEMBERS, "member": 405, "carrier": 405, "facilitator": 405, "admin": 405},
        note="GET",
    ),
    Row("network:unsubscribe", _unsubscribe_url, PUBLIC),
    Row("network:unsubscribe", _unsubscribe_url, PUBLIC, method="post"),
    Row("network:unsubscribe", "/abonnements/desinscription/forged/", dict.fromkeys(PUBLIC, 400)),
    Row("network:api_schema", "/api/schema/", PUBLIC),
    Row("network:api_docs", "/api/docs/", PUBLIC),
    Row("network:api-root", "/api/v1/", PUBLIC),
    Row("network:organisation-list", "/api/v1/organisations/", PUBLIC),
    _detail("network:organisation-detail", "organisations", factories.OrganisationFactory, "slug"),
    Row("network:project-list", "/api/v1/projects/", PUBLIC),
    _detail("network:project-detail", "projects", factories.ProjectFactory, "slug"),
    Row("network:link-list", "/api/v1/links/", PUBLIC),
    _detail("network:link-detail", "links", factories.LinkFactory),
    Row("network:need-list", "/api/v1/needs/", PUBLIC),
    _detail("network:need-detail", "needs", factories.NeedFactory),
    Row("network:offer-list", "/api/v1/offers/", PUBLIC),
    _detail("network:offer-detail", "offers", factories.OfferFactory),
    Row("network:circle-list", "/api/v1/circles/", PUBLIC),
    _detail("network:circle-detail", "circles", factories.CircleFactory, "slug"),
    Row("network:meeting-list", "/api/v1/meetings/", PUBLIC),
    _detail("network:meeting-detail", "meetings", factories.MeetingFactory),
    Row("network:milestone-list", "/api/v1/milestones/", PUBLIC),
    _detail("network:milestone-detail", "milestones", factories.MilestoneFactory),
    Row("network:objective-list", "/api/v1/objectives/", PUBLIC),
    Row("network:objective-detail", "/api/v1/objectives/0/", dict.fromkeys(PUBLIC, 404)),
    Row("network:ideaspace-list", "/api/v1/idea-spaces/", PUBLIC),
    _detail("network:ideaspace-detail", "idea-spaces", factories.IdeaSpaceFactory, "slug"),
    Row("network:idea-list", "/api/v1/ideas/", PUBLIC),
    _detail("network:idea-detail", "ideas", factories.IdeaFactory),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("row", "role"), cases(ACCESS), ids=ids(ACCESS))
def test_access(row, role, client_as, request):
    check(row, role, client_as, request.getfixturevalue)
