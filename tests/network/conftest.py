import pytest

from tests.smtp import smtp  # noqa: F401 - a real SMTP server on loopback, for mail tests


@pytest.fixture(autouse=True)
def _generous_throttle(settings):
    """The API's throttle is per client address, and every test client is 127.0.0.1, in
    every xdist worker sharing one Redis: only the throttling test keeps a real rate."""
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "1000000/min", "key": "1000000/min"},
    }
