"""Django's Redis cache, answering as an empty cache while Redis is down instead of failing.

The cache holds nothing that must survive (sign-in limits' counters, cached fragments), so a
Redis outage makes every read a miss and every write a no-op, logged once a minute per
process: pages keep working, and the sign-in limits are lenient until Redis is back.
"""

import functools
import logging
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient

logger = logging.getLogger(__name__)

#: What each operation answers while Redis is down: a miss, or "nothing was stored".
FALLBACKS = {
    "add": True,
    "get": None,  # the caller's default, below
    "set": None,
    "touch": False,
    "delete": False,
    "get_many": {},
    "has_key": False,
    "incr": None,  # the delta, below
    "set_many": [],
    "delete_many": None,
    "clear": False,
}
_last_warning = 0.0


def _warn(operation, error):
    global _last_warning
    if time.monotonic() - _last_warning > 60:
        _last_warning = time.monotonic()
        logger.warning("The cache (Redis) is unavailable; %s answered as a miss: %s", operation, error)


def _resilient(operation, method):
    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except (self._lib.exceptions.RedisError, OSError) as error:
            _warn(operation, error)
            if operation == "get":
                return args[1] if len(args) > 1 else kwargs.get("default")
            if operation == "incr":
                return args[1] if len(args) > 1 else kwargs.get("delta", 1)
            fallback = FALLBACKS[operation]
            return type(fallback)() if isinstance(fallback, dict | list) else fallback

    return wrapper


class ResilientRedisCacheClient(RedisCacheClient):
    pass


for _operation in FALLBACKS:
    setattr(
        ResilientRedisCacheClient,
        _operation,
        _resilient(_operation, getattr(RedisCacheClient, _operation)),
    )


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ResilientRedisCacheClient
