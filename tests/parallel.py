"""What each pytest-xdist worker needs of its own when the suite runs in parallel (`-n 2`).

Workers share the machine: a server a test starts listens on a port the system picks, and
the Redis databases and PostgreSQL databases a test empties are numbered or named per worker.
Without xdist (or on its first worker) the names and numbers are the ones of a serial run.
"""

import os
import socket

# "gw0", "gw1", ... under xdist; unset in a serial run.
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
INDEX = int(WORKER.removeprefix("gw")) if WORKER.startswith("gw") else 0
# Redis has databases 0-15: 4 and 5 are the serial run's, and each further worker takes the
# next free pair.
_REDIS_DATABASES = 16


def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on now, for a server started by a test."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def redis_url(database):
    """redis://127.0.0.1:6379/<database>, moved by two per worker (the suite uses 4 and 5)."""
    number = database + 2 * INDEX
    if number >= _REDIS_DATABASES:
        raise RuntimeError(f"xdist worker {WORKER} has no Redis database of its own: run fewer workers")
    return f"redis://127.0.0.1:6379/{number}"


def database_name(name):
    """A PostgreSQL database a test creates and drops, suffixed per worker as pytest-django does."""
    return f"{name}_{WORKER}" if WORKER else name
