import json
import os
import re
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
import schemathesis
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from schemathesis.core.transport import Response as SchemaResponse

from actors.models import Organisation
from circles.models import Meeting
from ideas.models import Idea
from projects.models import Link, Need, Project
from roadmap.models import Milestone
from tests import factories

pytestmark = pytest.mark.django_db

SECRET_EMAIL = "secret.contact@example.org"
SECRET_PHONE = "+33 6 12 34 56 78"

LISTS = [
    "organisations",
    "projects",
    "links",
    "needs",
    "offers",
    "circles",
    "meetings",
    "milestones",
    "objectives",
    "idea-spaces",
    "ideas",
]


@pytest.fixture
def world(db):
    """A little of everything, with a draft, a private space and a person's contacts."""
    theme = factories.ThemeFactory(name="Énergie", slug="energie")
    commune = factories.CommuneFactory(name="Blagnac", slug="blagnac")
    organisation = factories.OrganisationFactory(name="Coop Solaire", commune=commune)
    organisation.themes.add(theme)
    person = factories.PersonFactory(email=SECRET_EMAIL, phone=SECRET_PHONE)
    factories.RepresentationFactory(person=person, organisation=organisation)
    published = factories.ProjectFactory(title="Toits solaires", referent=person)
    published.themes.add(theme)
    published.communes.add(commune)
    factories.ParticipationFactory(project=published, organisation=organisation)
    other = factories.ProjectFactory(title="Réseau de chaleur")
    draft = factories.ProjectFactory(title="Projet secret", state=Project.State.DRAFT)
    factories.LinkFactory(source=published, target=other)
    factories.LinkFactory(source=published, target=draft, kind=Link.Kind.FEEDS)
    factories.NeedFactory(project=published, description="Besoin public")
    factories.NeedFactory(project=draft, description="Besoin du brouillon")
    factories.NeedFactory(project=None, organisation=organisation, description="Besoin de la coop")
    offer = factories.OfferFactory(organisation=organisation)
    offer.themes.add(theme)
    circle = factories.CircleFactory(name="Cercle énergie")
    circle.themes.add(theme)
    meeting = factories.MeetingFactory(circle=circle, commune=commune)
    meeting.themes.add(theme)
    milestone = factories.MilestoneFactory(circle=circle)
    milestone.themes.add(theme)
    from roadmap.models import Objective

    objective = Objective.objects.create(
        theme=theme,
        title="Produire 10 GWh",
        indicator="énergie produite",
        unit="GWh",
        baseline=0,
        baseline_date="2024-01-01",
        target=10,
        deadline="2030-12-31",
    )
    objective.projects.add(published, draft)
    objective.organisations.add(organisation)
    space = factories.IdeaSpaceFactory(name="Espace public")
    space.themes.add(theme)
    private = factories.IdeaSpaceFactory(name="Espace privé", is_public=False)
    kept = factories.IdeaFactory(space=space, title="Idée publique", organisation=organisation)
    kept.themes.add(theme)
    factories.IdeaFactory(space=space, title="Idée fusionnée", merged_into=kept)
    factories.IdeaFactory(space=private, title="Idée privée")
    return {"published": published, "draft": draft, "theme": theme, "person": person}


def _all_pages(client, url: str) -> list[dict]:
    results = []
    while url:
        data = client.get(url).json()
        results += data["results"]
        url = data["next"]
    return results


def _schema_dict(client) -> dict:
    """The schema as served; generated once (the documentation page's cached copy)."""
    from network.opendata.api.docs import schema

    return json.loads(json.dumps(schema(), default=str))


def test_the_schema_is_served_as_openapi_json(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    served = response.json()
    assert served["openapi"].startswith("3.")
    assert set(served["paths"]) == set(_schema_dict(client)["paths"])


def test_the_index_of_the_api_answers_json_even_to_a_browser(client, db):
    response = client.get("/api/v1/", HTTP_ACCEPT="text/html,application/xhtml+xml,*/*")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["projects"].endswith("/api/v1/projects/")


def _as_schema_response(response, url: str) -> SchemaResponse:
    headers: dict[str, list[str]] = {}
    for key, value in response.headers.items():
        headers.setdefault(key.lower(), []).append(value)
    return SchemaResponse(
        status_code=response.status_code,
        headers=headers,
        content=response.content,
        request=requests.Request("GET", f"http://testserver{url}").prepare(),
        elapsed=0.0,
        verify=False,
    )


def test_every_api_response_matches_the_openapi_schema(client, world):
    spec = _schema_dict(client)
    schema = schemathesis.openapi.from_dict(spec)
    checked = set()
    for path in spec["paths"]:
        if "{" in path:
            continue
        operation = schema[path]["GET"]
        response = client.get(path)
        assert response.status_code == 200, path
        operation.validate_response(_as_schema_response(response, path))
        checked.add(path)
        results = response.json()["results"]
        assert results, f"no data to check the detail of {path}"
        detail = next(p for p in spec["paths"] if p.startswith(path) and p != path)
        key = re.search(r"{(\w+)}", detail).group(1)
        url = detail.replace("{" + key + "}", str(results[0][key]))
        response = client.get(url)
        assert response.status_code == 200, url
        schema[detail]["GET"].validate_response(_as_schema_response(response, url))
        checked.add(detail)
    assert len(checked) == 2 * len(LISTS)


def test_filtered_and_paginated_responses_match_the_schema_too(client, world):
    spec = _schema_dict(client)
    schema = schemathesis.openapi.from_dict(spec)
    for url in [
        "/api/v1/projects/?theme=energie&page_size=1",
        "/api/v1/projects/?page=2&page_size=1",
        "/api/v1/meetings/?after=2000-01-01&circle=nope",
        "/api/v1/ideas/?q=publique",
    ]:
        response = client.get(url)
        assert response.status_code == 200
        path = url.split("?")[0]
        schema[path]["GET"].validate_response(_as_schema_response(response, url))


def test_the_api_never_shows_a_draft_or_a_contact_detail(client, world):
    bodies = []
    for name in LISTS:
        rows = _all_pages(client, f"/api/v1/{name}/")
        bodies.append(json.dumps(rows, ensure_ascii=False))
    everything = "\n".join(bodies)
    assert "projet-secret" not in everything
    assert "Besoin du brouillon" not in everything
    assert "Idée privée" not in everything
    assert "Idée fusionnée" not in everything
    assert SECRET_EMAIL not in everything
    assert SECRET_PHONE not in everything
    assert "@" not in everything.replace("http://testserver", "")
    detail = client.get(f"/api/v1/projects/{world['draft'].slug}/")
    assert detail.status_code == 404


def test_links_only_join_published_projects(client, world):
    links = client.get("/api/v1/links/").json()["results"]
    assert [(link["source"], link["target"]) for link in links] == [
        ("toits-solaires", "reseau-de-chaleur")
    ]


def test_objectives_name_only_published_projects(client, world):
    objective = client.get("/api/v1/objectives/").json()["results"][0]
    assert objective["projects"] == ["toits-solaires"]
    assert objective["organisations"] == ["coop-solaire"]


def _slugs_linked(html: str, prefix: str, known: set[str]) -> set[str]:
    return {slug for slug in re.findall(rf'href="/{prefix}/([\w-]+)/"', html) if slug in known}


def test_the_api_lists_exactly_the_projects_a_visitor_sees_on_the_site(client, world):
    site = client.get("/projets/").content.decode()
    known = set(Project.objects.values_list("slug", flat=True))
    seen_on_site = _slugs_linked(site, "projets", known)
    in_api = {row["slug"] for row in _all_pages(client, "/api/v1/projects/")}
    assert in_api == seen_on_site == {"toits-solaires", "reseau-de-chaleur"}


def test_the_api_lists_exactly_the_organisations_a_visitor_sees_on_the_site(client, world):
    factories.OrganisationFactory(name="Partie", status=Organisation.Status.LEFT)
    site = client.get("/acteurs/").content.decode()
    known = set(Organisation.objects.values_list("slug", flat=True))
    in_api = {row["slug"] for row in _all_pages(client, "/api/v1/organisations/")}
    assert in_api == _slugs_linked(site, "acteurs", known)
    assert "partie" not in in_api


def test_filters_are_those_of_the_pages(client, world):
    factories.ProjectFactory(title="Hors thème", phase=Project.Phase.OPERATION)
    by_theme = client.get("/api/v1/projects/?theme=energie").json()
    assert [row["slug"] for row in by_theme["results"]] == ["toits-solaires"]
    by_phase = client.get("/api/v1/projects/?phase=operation").json()
    assert [row["slug"] for row in by_phase["results"]] == ["hors-theme"]
    by_commune = client.get("/api/v1/organisations/?commune=blagnac").json()
    assert [row["slug"] for row in by_commune["results"]] == ["coop-solaire"]
    by_status = client.get("/api/v1/needs/?status=ouvert&organisation=coop-solaire").json()
    assert [row["description"] for row in by_status["results"]] == ["Besoin de la coop"]
    bad = client.get("/api/v1/projects/?phase=nimporte")
    assert bad.status_code == 400


def test_lists_are_paginated(client, world):
    first = client.get("/api/v1/projects/?page_size=1").json()
    assert first["count"] == 2
    assert len(first["results"]) == 1
    assert first["next"].endswith("page=2&page_size=1")
    second = client.get(first["next"]).json()
    assert second["next"] is None


def test_cors_is_open_for_reading_only(client, world):
    response = client.get("/api/v1/projects/", headers={"Origin": "https://autre-plateforme.fr"})
    assert response["Access-Control-Allow-Origin"] == "*"
    assert client.post("/api/v1/projects/", {}).status_code == 405
    preflight = client.options(
        "/api/v1/projects/",
        headers={
            "Origin": "https://autre-plateforme.fr",
            "Access-Control-Request-Method": "GET",
        },
    )
    assert "POST" not in preflight["Access-Control-Allow-Methods"]


def test_each_client_is_throttled(client, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/min"},
    }
    # Addresses of this test only: the cache (Redis in CI) is shared by parallel workers.
    first, second = f"10.{os.getpid() % 250}.0.1", f"10.{os.getpid() % 250}.0.2"
    cache.delete_many([f"throttle_anon_{first}", f"throttle_anon_{second}"])
    codes = [client.get("/api/v1/circles/", REMOTE_ADDR=first).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    other = client.get("/api/v1/circles/", REMOTE_ADDR=second)
    assert other.status_code == 200


def test_the_documentation_page_lists_every_endpoint(client):
    body = client.get("/api/docs/").content.decode()
    for name in LISTS:
        assert f"GET /api/v1/{name}/</code>" in body
    assert "Licence Ouverte 2.0" in body
    assert not re.search(r"<script(?![^>]*\bsrc=)", body), "no inline script (CSP)"


def _grow(n: int) -> None:
    """n more of every kind, each with its relations, so an N+1 would show."""
    theme = factories.ThemeFactory()
    commune = factories.CommuneFactory()
    circle = factories.CircleFactory()
    space = factories.IdeaSpaceFactory()
    for _ in range(n):
        organisation = factories.OrganisationFactory(commune=commune)
        organisation.themes.add(theme)
        project = factories.ProjectFactory(circle=circle)
        project.themes.add(theme)
        project.communes.add(commune)
        factories.ParticipationFactory(project=project, organisation=organisation)
        factories.NeedFactory(project=project)
        factories.OfferFactory(organisation=organisation).themes.add(theme)
        factories.LinkFactory(source=project, target=factories.ProjectFactory())
        factories.MeetingFactory(circle=circle, commune=commune).themes.add(theme)
        factories.MilestoneFactory(circle=circle).themes.add(theme)
        factories.IdeaFactory(space=space, organisation=organisation).themes.add(theme)
        factories.CircleFactory().themes.add(theme)
        factories.IdeaSpaceFactory().themes.add(theme)
    assert Meeting.objects.count() >= n and Milestone.objects.count() >= n
    assert Need.objects.count() >= n and Idea.objects.count() >= n


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_list_endpoints_make_as_many_queries_for_3_as_for_30_rows(client, world):
    _grow(3)
    small = {name: _queries(client, f"/api/v1/{name}/") for name in LISTS}
    _grow(27)
    large = {name: _queries(client, f"/api/v1/{name}/") for name in LISTS}
    assert large == small
    assert max(small.values()) <= 8


def test_generated_queries_get_answers_that_match_the_schema(client, world):
    """Schemathesis draws query strings from the schema for every list endpoint."""
    from hypothesis import HealthCheck, given
    from hypothesis import settings as hypothesis_settings

    spec = _schema_dict(client)
    schema = schemathesis.openapi.from_dict(spec)
    statuses = set()

    def check_with(operation):
        @hypothesis_settings(
            max_examples=3,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def check(case):
            url = case.formatted_path
            response = client.get(url, case.query or {})
            assert response.status_code in (200, 400, 404), (url, case.query)
            statuses.add(response.status_code)
            if response.status_code == 200:
                operation.validate_response(_as_schema_response(response, url))

        check()

    for path in spec["paths"]:
        if "{" not in path:
            check_with(schema[path]["GET"])
    assert 200 in statuses


def test_the_api_lists_exactly_the_ideas_a_visitor_sees_in_a_space(client, world):
    from ideas.models import IdeaSpace

    space = IdeaSpace.objects.get(name="Espace public")
    site = client.get(space.get_absolute_url()).content.decode()
    seen_on_site = {int(pk) for pk in re.findall(r'href="/idees/(\d+)/"', site)}
    in_api = {row["id"] for row in _all_pages(client, f"/api/v1/ideas/?space={space.slug}")}
    assert in_api == seen_on_site
    assert {Idea.objects.get(pk=pk).title for pk in in_api} == {"Idée publique"}


# --- Harvesting: ordering, updated_since, conditional requests, errors, throttle --------


@pytest.mark.parametrize("name", LISTS)
def test_every_resource_has_updated_at_and_takes_updated_since(client, world, name):
    rows = client.get(f"/api/v1/{name}/").json()["results"]
    assert rows and all(row["updated_at"] for row in rows)
    later = client.get(f"/api/v1/{name}/", {"updated_since": "2999-01-01T00:00:00Z"})
    assert later.json()["count"] == 0
    earlier = client.get(f"/api/v1/{name}/", {"updated_since": "2000-01-01T00:00:00Z"})
    assert earlier.json()["count"] == len(_all_pages(client, f"/api/v1/{name}/"))


def test_updated_since_returns_only_what_changed(client, world):
    from django.utils import timezone

    Project.objects.filter(slug="reseau-de-chaleur").update(
        updated_at=timezone.now() - timezone.timedelta(days=30)
    )
    since = (timezone.now() - timezone.timedelta(days=1)).isoformat()
    rows = client.get("/api/v1/projects/", {"updated_since": since}).json()["results"]
    assert [row["slug"] for row in rows] == ["toits-solaires"]


def test_ordering_is_documented_and_applied(client, world):
    ascending = client.get("/api/v1/projects/?ordering=title").json()["results"]
    descending = client.get("/api/v1/projects/?ordering=-title").json()["results"]
    assert [r["slug"] for r in ascending] == ["reseau-de-chaleur", "toits-solaires"]
    assert [r["slug"] for r in descending] == ["toits-solaires", "reseau-de-chaleur"]
    bad = client.get("/api/v1/projects/?ordering=password")
    assert bad.status_code == 400
    assert bad.json()["detail"] == "Paramètres invalides."
    assert "ordering" in bad.json()["errors"]
    spec = client.get("/api/schema/").json()
    for path, operations in spec["paths"].items():
        if "{" in path:
            continue
        [ordering] = [p for p in operations["get"]["parameters"] if p["name"] == "ordering"]
        assert ordering["description"].startswith("tri : "), path
        assert "updated_at" in ordering["schema"]["items"]["enum"], path


def test_a_list_and_a_detail_answer_304_when_unchanged(client, world):
    for url in ["/api/v1/projects/", "/api/v1/projects/toits-solaires/"]:
        first = client.get(url)
        assert first["ETag"] and first["Last-Modified"]
        assert client.get(url, headers={"If-None-Match": first["ETag"]}).status_code == 304
        since = client.get(url, headers={"If-Modified-Since": first["Last-Modified"]})
        assert since.status_code == 304
    before = client.get("/api/v1/projects/")["ETag"]
    # Saved as the site saves it: the signal bumps the API's cached bodies.
    project = Project.objects.get(slug="toits-solaires")
    project.title = "Toits solaires partagés"
    project.save()
    assert client.get("/api/v1/projects/", headers={"If-None-Match": before}).status_code == 200


def test_errors_are_in_french(client, world):
    missing = client.get("/api/v1/projects/inconnu/")
    assert missing.status_code == 404
    assert missing.json() == {
        "detail": "Ressource introuvable : vérifiez l'identifiant ou le numéro de page."
    }
    assert client.get("/api/v1/projects/?page=99").json()["detail"].startswith("Ressource")
    bad_date = client.get("/api/v1/projects/?updated_since=hier").json()
    assert "updated_since" in bad_date["errors"]


def test_a_throttled_client_is_told_when_to_come_back(client, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "2/min", "key": "5/min"},
    }
    address = f"10.{os.getpid() % 250}.1.1"
    cache.delete(f"throttle_anon_{address}")
    first = client.get("/api/v1/circles/", REMOTE_ADDR=address)
    assert first["RateLimit-Limit"] == "2"
    assert first["RateLimit-Remaining"] == "1"
    assert first["RateLimit-Policy"] == "2;w=60"
    client.get("/api/v1/circles/", REMOTE_ADDR=address)
    refused = client.get("/api/v1/circles/", REMOTE_ADDR=address)
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    assert refused["RateLimit-Remaining"] == "0"
    assert refused.json()["detail"].startswith("Trop de requêtes")


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="counts in Redis: REDIS_URL unset")
def test_hits_from_parallel_workers_are_all_counted(settings):
    """Two workers reading and writing back one list of times lose hits; one sorted set
    updated atomically does not: 24 requests at once, a limit of 10, exactly 10 let in."""
    from django.test import RequestFactory

    from network.opendata.api.throttling import ClientThrottle

    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "10/min"},
    }
    address = f"10.{os.getpid() % 250}.4.1"
    cache.delete(f"throttle_anon_{address}")
    start = threading.Barrier(24)

    def hit(_):
        request = RequestFactory().get("/api/v1/circles/", REMOTE_ADDR=address)
        start.wait()
        return ClientThrottle().allow_request(request, None)

    with ThreadPoolExecutor(24) as pool:
        allowed = list(pool.map(hit, range(24)))
    assert allowed.count(True) == 10


def test_an_api_key_gets_the_higher_rate(client, settings):
    settings.API_KEYS = ["cle-de-moissonneur"]
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "1/min", "key": "5/min"},
    }
    address = f"10.{os.getpid() % 250}.2.1"
    cache.delete(f"throttle_anon_{address}")
    keyed = {"X-API-Key": "cle-de-moissonneur"}
    codes = [
        client.get("/api/v1/circles/", REMOTE_ADDR=address, headers=keyed).status_code
        for _ in range(3)
    ]
    assert codes == [200, 200, 200]
    assert (
        client.get("/api/v1/circles/", REMOTE_ADDR=address, headers=keyed)["RateLimit-Limit"] == "5"
    )
    wrong = {"X-API-Key": "devinee"}
    codes = [
        client.get("/api/v1/circles/", REMOTE_ADDR=address, headers=wrong).status_code
        for _ in range(2)
    ]
    assert codes == [200, 429]


def test_the_schema_documents_errors_limits_and_the_shipped_rate(client):
    response = client.get("/api/schema/")
    assert response["Content-Disposition"] == 'inline; filename="alliance-api-openapi.json"'
    spec = response.json()
    assert "600/min" in spec["info"]["description"]
    assert spec["components"]["securitySchemes"]["ApiKey"]["name"] == "X-API-Key"
    for path, operations in spec["paths"].items():
        responses = operations["get"]["responses"]
        assert {"200", "304", "400", "404", "429"} <= set(responses), path
        assert {"Retry-After", "RateLimit-Remaining"} <= set(responses["429"]["headers"])
        assert {"ETag", "Last-Modified", "RateLimit-Limit"} <= set(responses["200"]["headers"])


def test_a_polite_harvester_pages_through_everything_at_the_shipped_rate(client, settings):
    """One request at a time, pages of 200: 1,000 projects and every other list fit well
    inside the shipped anonymous rate."""
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": settings.API_THROTTLE_RATE, "key": "1/min"},
    }
    Project.objects.bulk_create(
        [Project(title=f"P{i}", slug=f"p-{i}", state=Project.State.PUBLISHED) for i in range(1000)]
    )
    address = f"10.{os.getpid() % 250}.3.1"
    cache.delete(f"throttle_anon_{address}")
    seen, requests_made = 0, 0
    for name in LISTS:
        url = f"/api/v1/{name}/?page_size=200"
        while url:
            response = client.get(url, REMOTE_ADDR=address)
            requests_made += 1
            assert response.status_code == 200, (url, requests_made)
            seen += len(response.json()["results"]) if name == "projects" else 0
            url = response.json()["next"]
    assert seen == 1000
    assert int(response["RateLimit-Remaining"]) > 0


def test_an_impossible_time_zone_is_a_400_not_a_500(client, world):
    response = client.get("/api/v1/circles/", {"updated_since": "0370-07-10T02:51:39-19:39"})
    assert response.status_code == 400
    assert "updated_since" in response.json()["errors"]
    ok = client.get("/api/v1/circles/", {"updated_since": "2000-01-01T00:00:00+02:00"})
    assert ok.status_code == 200


@pytest.mark.django_db
def test_an_address_no_api_route_matches_answers_json_in_french(client):
    response = client.get("/api/v1/circles/« %s » est publié./")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"].startswith("Ressource introuvable")


@pytest.mark.django_db
def test_an_unknown_page_outside_the_api_is_still_the_site_page(client):
    response = client.get("/nulle-part/")
    assert response.status_code == 404
    assert "text/html" in response["Content-Type"]


def test_organisations_and_projects_name_communes_without_reading_their_outlines(client, world):
    with CaptureQueriesContext(connection) as queries:
        organisations = client.get("/api/v1/organisations/").json()["results"]
        projects = client.get("/api/v1/projects/").json()["results"]
    assert {row["commune"] for row in organisations} == {"blagnac"}
    assert ["blagnac"] in [row["communes"] for row in projects]
    assert not [q["sql"] for q in queries if "outline" in q["sql"]]


def test_the_idea_list_order_has_its_own_index():
    # On PostgreSQL the list reads the newest ideas in index order instead of sorting them all.
    from network.opendata.api.views import IdeaViewSet

    order = IdeaViewSet.queryset.query.order_by
    index = next(i for i in Idea._meta.indexes if i.name == "ideas_idea_recent_idx")
    assert list(index.fields) == [f.replace("pk", "id") for f in order]
