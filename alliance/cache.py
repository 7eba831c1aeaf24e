"""The project's one way of caching: versioned keys, and a Redis cache that behaves as an
empty cache while Redis is down.

Versions: a cached entry puts `version(name)` in its key; signals on every model the entry
shows bump that version (`bump_on_change`), so a stale entry is never read again and simply
expires. Used by the project catalogue's fragments and counts, and by /vision/.

The Redis cache:

Nothing this project caches is needed to answer a request (rate-limit counters, computed
fragments), so a Redis outage must cost neither an error page nor seconds of waiting: reads
miss, writes are dropped (`add` claims success, so cache locks open), and the outage is
logged.
"""

import logging
import secrets
import threading
from contextlib import contextmanager
from functools import partial, wraps

from django.apps import apps
from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.db.models.signals import m2m_changed, post_delete, post_save
from redis.backoff import NoBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from redis.retry import Retry

log = logging.getLogger(__name__)
OUTAGE = (RedisConnectionError, RedisTimeoutError, OSError)


def _tolerant(fallback):
    def decorator(method):
        @wraps(method)
        def wrapper(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except OUTAGE as exc:
                log.warning("Redis cache unavailable (%s): %s", method.__name__, exc)
                return fallback(*args, **kwargs)

        return wrapper

    return decorator


def _default(key, default=None, *args, **kwargs):
    return default


def _nothing(*args, **kwargs):
    return None


def _false(*args, **kwargs):
    return False


def _true(*args, **kwargs):
    return True


def _missing(key, *args, **kwargs):
    raise ValueError(f"Key '{key}' not found (cache unavailable)")


class _OneClientPerPool(RedisCacheClient):
    """Django builds a redis-py client (and its table of reply callbacks) for every
    operation; one per connection pool does, as redis-py clients are thread-safe and their
    pools reconnect after a fork."""

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        clients = self.__dict__.setdefault("_clients", {})
        if index not in clients:
            clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return clients[index]


# A version: incremented, or started at 2 when missing (1 is what a reader assumes of a
# missing one, so a bumped version must never read 1).
BUMP_SCRIPT = """
if redis.call('EXISTS', KEYS[1]) == 1 then return redis.call('INCR', KEYS[1]) end
redis.call('SET', KEYS[1], 2)
return 2
"""


# A hit logged in a sorted set (the API's rate limit): the hits older than the window
# forgotten, this one added, and (hits in the window, the oldest one's time) returned.
# ARGV: now, window in seconds, the hit's member.
LOG_HIT_SCRIPT = """
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1] - ARGV[2])
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[3])
redis.call('EXPIRE', KEYS[1], ARGV[2] + 1)
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return {redis.call('ZCARD', KEYS[1]), oldest[2]}
"""


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        options = params.setdefault("OPTIONS", {})
        # Fail in a fraction of a second rather than retry with backoff.
        options.setdefault("socket_connect_timeout", 0.5)
        options.setdefault("socket_timeout", 1)
        options.setdefault("retry_on_timeout", False)
        if "retry" not in options:
            options["retry"] = Retry(NoBackoff(), 0)
        super().__init__(server, params)
        self._class = _OneClientPerPool

    get = _tolerant(_default)(RedisCache.get)
    set = _tolerant(_nothing)(RedisCache.set)
    # "Added": cache-based locks (allauth's rate limits) must not wait on a dead Redis.
    add = _tolerant(_true)(RedisCache.add)
    touch = _tolerant(_false)(RedisCache.touch)
    delete = _tolerant(_false)(RedisCache.delete)
    has_key = _tolerant(_false)(RedisCache.has_key)
    incr = _tolerant(_missing)(RedisCache.incr)
    get_many = _tolerant(lambda *a, **k: {})(RedisCache.get_many)
    set_many = _tolerant(lambda *a, **k: [])(RedisCache.set_many)
    delete_many = _tolerant(_nothing)(RedisCache.delete_many)
    clear = _tolerant(_false)(RedisCache.clear)

    def _script(self, source: str, client):
        """`source` as a redis-py Script of `client` (sent by its SHA1 once loaded: a few
        bytes a call instead of the whole script)."""
        scripts = self.__dict__.setdefault("_scripts", {})
        if (source, id(client)) not in scripts:
            scripts[source, id(client)] = client.register_script(source)
        return scripts[source, id(client)]

    @_tolerant(_nothing)
    def bump_version(self, key: str) -> int | None:
        """`bump` in one atomic round trip, where incr() takes two (EXISTS, then INCR) and a
        third to start a missing key at 2. None while Redis is down."""
        full = self.make_and_validate_key(key)
        client = self._cache.get_client(full, write=True)
        return int(self._script(BUMP_SCRIPT, client)(keys=[full]))

    @_tolerant(_nothing)
    def log_hit(self, key: str, now: float, window: int) -> tuple[str, int, float] | None:
        """Log a hit at `now` in the sorted set `key` and forget those older than `window`
        seconds, in one atomic round trip and one reply (a script): (the hit's member, hits
        in the window counting this one, the oldest's time). None while Redis is down."""
        full = self.make_and_validate_key(key)
        member = f"{now!r}:{secrets.token_hex(4)}"
        client = self._cache.get_client(full, write=True)
        count, oldest = self._script(LOG_HIT_SCRIPT, client)(
            keys=[full], args=[repr(now), window, member]
        )
        return member, int(count), float(oldest)

    @_tolerant(_nothing)
    def unlog_hit(self, key: str, member: str) -> None:
        full = self.make_and_validate_key(key)
        self._cache.get_client(full, write=True).zrem(full, member)


def version_key(name: str) -> str:
    """The cache key holding the version of `name` (to read it along with other keys)."""
    return f"{name}:version"


def version(name: str) -> int:
    """The current version of the data called `name` (1 until its first change)."""
    key = version_key(name)
    value = cache.get(key)
    if value is None:
        # Ours if the add wins (one round trip fewer on an empty cache); else another's.
        value = 1 if cache.add(key, 1, timeout=None) else cache.get(key, 1)
    return value


def version_and(name: str, keys: list[str]) -> tuple[int, dict]:
    """The current version of `name` and the entries found under `keys`, in one read."""
    key = version_key(name)
    found = cache.get_many([key, *keys])
    value = found.pop(key, None)
    return (version(name) if value is None else value), found


_deferred = threading.local()


@contextmanager
def bumps_deferred():
    """A bulk write (the demo world): every version its rows change is bumped once, on
    leaving, where each saved row bumped it (4,624 bumps, 1.4 s of the demo's 7 s). Leave it
    after the transaction commits: a page computed meanwhile, from the rows as they were,
    is then kept under a version the final bump retires."""
    if getattr(_deferred, "names", None) is not None:  # nested: the outer one bumps
        yield
        return
    _deferred.names = set()
    try:
        yield
    finally:
        names, _deferred.names = _deferred.names, None
        for name in sorted(names):
            bump(name)


def bump(name: str, **signal_kwargs) -> None:
    """Make every entry cached under the current version of `name` unreachable."""
    deferred = getattr(_deferred, "names", None)
    if deferred is not None:
        deferred.add(name)
        return
    key = version_key(name)
    if hasattr(cache, "bump_version"):  # Redis
        cache.bump_version(key)
        return
    try:
        cache.incr(key)
    except ValueError:  # never read yet (or evicted): any number above 1 will do
        cache.set(key, 2, timeout=None)


def bump_on_change(name: str, models=(), m2m=()) -> None:
    """Bump `name` whenever one of `models` is saved or deleted, or a `m2m` relation changes.
    Models are classes or "app.Model" labels."""
    receiver = partial(bump, name)
    for model in models:
        model = apps.get_model(model) if isinstance(model, str) else model
        uid = f"{name}-version-{model._meta.label}"
        post_save.connect(receiver, sender=model, weak=False, dispatch_uid=f"{uid}-save")
        post_delete.connect(receiver, sender=model, weak=False, dispatch_uid=f"{uid}-delete")
    for through in m2m:
        uid = f"{name}-version-{through._meta.label}-m2m"
        m2m_changed.connect(receiver, sender=through, weak=False, dispatch_uid=uid)
