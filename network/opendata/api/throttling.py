"""The API's rate limit: a polite harvester (one request at a time, pages of 200) pages
through everything at the shipped anonymous rate; a key from the facilitators
(`X-API-Key` header, keys in API_KEYS) gets API_KEY_THROTTLE_RATE. Every answer says
where the client stands with the RateLimit headers (IETF draft), a 429 adds Retry-After."""

import hashlib
import hmac
import math

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle


def api_key(request) -> str:
    """The client's key if it is one of API_KEYS, else ''."""
    given = request.META.get("HTTP_X_API_KEY", "")
    if not given:
        return ""
    for key in settings.API_KEYS:
        if hmac.compare_digest(given.encode(), key.encode()):
            return key
    return ""


class ClientThrottle(SimpleRateThrottle):
    """Per API key, else per client address; rates are read at each request so settings
    can change them."""

    scope = "anon"

    def get_rate(self) -> str:
        return settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["anon"]

    def allow_request(self, request, view) -> bool:
        self.key_used = api_key(request)
        if self.key_used:
            self.rate = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["key"]
        else:
            self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        if hasattr(self.cache, "log_hit"):
            allowed, count, oldest = self._logged(request, view)
        else:  # another cache (the embedded default's files): DRF's list of times
            allowed = super().allow_request(request, view)
            count, oldest = len(self.history), (self.history[-1] if self.history else None)
        remaining = max(self.num_requests - count, 0)
        reset = self.duration - (self.now - oldest) if oldest is not None else 0
        request.rate_limit = {
            "RateLimit-Limit": str(self.num_requests),
            "RateLimit-Remaining": str(remaining),
            "RateLimit-Reset": str(max(math.ceil(reset), 0)),
            "RateLimit-Policy": f"{self.num_requests};w={self.duration}",
        }
        return allowed

    def _logged(self, request, view) -> tuple[bool, int, float | None]:
        """DRF's rule (at most num_requests in the last `duration` seconds) on a sorted
        set in Redis: one round trip a request, whatever the rate, where DRF reads and
        writes back the client's whole list of times (600 at the shipped rate), and two
        workers doing so at once lose one of the hits. A refused request is not counted,
        as in DRF."""
        self.key, self.now = self.get_cache_key(request, view), self.timer()
        logged = self.cache.log_hit(self.key, self.now, self.duration)
        if logged is None:  # Redis is down: nothing to count with, let it through
            self.history = []
            return True, 0, None
        member, count, oldest = logged
        if count <= self.num_requests:
            return True, count, oldest
        self.cache.unlog_hit(self.key, member)
        self.history = None  # wait(): when the oldest hit leaves the window
        self.oldest = oldest
        return False, count - 1, oldest

    def wait(self) -> float:
        if getattr(self, "history", []) is None:
            return max(self.duration - (self.now - self.oldest), 0)
        return super().wait()

    def get_cache_key(self, request, view) -> str:
        if self.key_used:
            ident = "key-" + hashlib.sha256(self.key_used.encode()).hexdigest()[:16]
        else:
            ident = self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}
