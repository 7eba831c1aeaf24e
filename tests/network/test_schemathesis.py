"""Schemathesis draws requests from the served OpenAPI document for every read operation
and sends them through Django's WSGI application with the shipped throttle: no 5xx, no
body or header outside the schema, no undocumented status."""

from collections import Counter

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis import checks
from schemathesis.specs.openapi import checks as openapi_checks

from tests import factories


@pytest.fixture
def api_schema(db, settings):
    # Undo tests/network/conftest.py's generous rate: this test runs with the shipped one.
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            "anon": settings.API_THROTTLE_RATE,
            "key": settings.API_KEY_THROTTLE_RATE,
        },
    }
    theme = factories.ThemeFactory(slug="energie")
    commune = factories.CommuneFactory(slug="blagnac")
    organisation = factories.OrganisationFactory(commune=commune)
    project = factories.ProjectFactory()
    project.themes.add(theme)
    factories.ParticipationFactory(project=project, organisation=organisation)
    factories.LinkFactory(source=project, target=factories.ProjectFactory())
    factories.NeedFactory(project=project)
    factories.OfferFactory(organisation=organisation)
    circle = factories.CircleFactory()
    factories.MeetingFactory(circle=circle, commune=commune)
    factories.MilestoneFactory(circle=circle)
    factories.IdeaFactory(space=factories.IdeaSpaceFactory())
    # As Django's test client does: the test's transaction must outlive each request.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


CHECKS = [
    checks.not_a_server_error,
    openapi_checks.status_code_conformance,
    openapi_checks.content_type_conformance,
    openapi_checks.response_schema_conformance,
    openapi_checks.response_headers_conformance,
]


def _check(operation, statuses: Counter) -> None:
    @hypothesis_settings(
        max_examples=4,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def check(case):
        # Through the WSGI application, every middleware included. Its WSGI transport does
        # not decode gzip as HTTP clients do: ask for the body as it is.
        response = case.call(headers={"Accept-Encoding": "identity"})
        statuses[response.status_code] += 1
        case.validate_response(response, checks=CHECKS)

    check()


def test_every_read_operation_answers_within_its_schema(api_schema):
    statuses: Counter = Counter()
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert {operation.method.upper() for operation in operations} == {"GET"}
    assert len(operations) == 22
    for operation in operations:
        _check(operation, statuses)
    assert statuses[200] > 0
    # Only documented answers, and the shipped rate lets the whole run through.
    assert set(statuses) <= {200, 400, 404}, statuses
