"""The client's address behind the TLS proxies of a production set-up.

Each trusted proxy appends the address it received the request from to X-Forwarded-For;
with TRUSTED_PROXY_COUNT proxies, the client is the entry that many places from the end
(allauth's rule for ALLAUTH_TRUSTED_PROXY_COUNT). Anything to its left was written by the
client and proves nothing.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    count = settings.TRUSTED_PROXY_COUNT
    forwarded = [a.strip() for a in request.headers.get("x-forwarded-for", "").split(",")]
    forwarded = [address for address in forwarded if address]
    if count > 0 and len(forwarded) >= count and _is_address(forwarded[-count]):
        return forwarded[-count]
    # Not through the proxies (a health check on loopback), or not an address: the peer.
    return request.META.get("REMOTE_ADDR")


def _is_address(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True
