"""Behind the TLS proxy, django-axes counts failed logins per account and real address."""

import pytest

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"  # every request reaches gunicorn from the proxy
ATTACKER = "203.0.113.7"
MEMBER_AT_HOME = "198.51.100.20"
RIGHT_PASSWORD = "motdepasse-solide-42"


@pytest.fixture
def behind_one_proxy(settings):
    settings.AXES_ENABLED = True
    settings.TRUSTED_PROXY_COUNT = 1
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1


def login(client, email, password, forwarded_for):
    return client.post(
        "/compte/login/",
        {"login": email, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded_for,
        HTTP_X_FORWARDED_PROTO="https",
    )


def lock_out_from_the_attacker(client, email, limit):
    for _ in range(limit):
        login(client, email, "mauvais", ATTACKER)


def test_failures_from_one_address_lock_that_address_out_of_the_account(
    client, member, behind_one_proxy, settings
):
    lock_out_from_the_attacker(client, member.email, settings.AXES_FAILURE_LIMIT)

    response = login(client, member.email, RIGHT_PASSWORD, ATTACKER)

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_member_still_logs_in_from_another_address(client, member, behind_one_proxy, settings):
    lock_out_from_the_attacker(client, member.email, settings.AXES_FAILURE_LIMIT)

    response = login(client, member.email, RIGHT_PASSWORD, MEMBER_AT_HOME)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(member.pk)


def test_a_forged_forwarded_address_does_not_escape_the_lock_out(
    client, member, behind_one_proxy, settings
):
    lock_out_from_the_attacker(client, member.email, settings.AXES_FAILURE_LIMIT)

    # The attacker writes an address of their own; the proxy appends the real one.
    response = login(client, member.email, RIGHT_PASSWORD, f"{MEMBER_AT_HOME}, {ATTACKER}")

    assert response.status_code == 429


def test_the_lock_out_records_the_client_address_not_the_proxy(
    client, member, behind_one_proxy, settings
):
    from axes.models import AccessAttempt

    lock_out_from_the_attacker(client, member.email, settings.AXES_FAILURE_LIMIT)

    attempt = AccessAttempt.objects.get()
    assert attempt.ip_address == ATTACKER
    assert attempt.username == member.email


def test_with_two_proxies_the_address_two_places_from_the_end_is_the_client(
    client, member, behind_one_proxy, settings
):
    settings.TRUSTED_PROXY_COUNT = 2
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 2
    cdn = "192.0.2.50"
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, member.email, "mauvais", f"{ATTACKER}, {cdn}")

    assert login(client, member.email, RIGHT_PASSWORD, f"{ATTACKER}, {cdn}").status_code == 429
    assert (
        login(client, member.email, RIGHT_PASSWORD, f"{MEMBER_AT_HOME}, {cdn}").status_code == 302
    )


def test_a_forwarded_value_that_is_no_address_counts_as_the_peer(
    client, member, behind_one_proxy, settings
):
    from axes.models import AccessAttempt

    login(client, member.email, "mauvais", "unknown")

    assert AccessAttempt.objects.get().ip_address == PROXY
