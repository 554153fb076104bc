"""The container's health check: GET /healthz on this machine, exit 0 only when it answers 200.

`python -m endorsement.healthcheck` (the Dockerfile's HEALTHCHECK). It sends the Host header of
the site (SITE_URL's host, else the first of ALLOWED_HOSTS) so that Django accepts the request,
and X-Forwarded-Proto https as the proxy does, so no redirect is involved.
"""

import os
import sys
import urllib.error
import urllib.parse
import urllib.request


def site_host():
    host = urllib.parse.urlsplit(os.environ.get("SITE_URL", "")).hostname
    if host:
        return host
    for candidate in os.environ.get("ALLOWED_HOSTS", "").split(","):
        candidate = candidate.strip().lstrip(".")
        if candidate and candidate != "*":
            return candidate
    return "localhost"


def main():
    address = os.environ.get("HEALTHCHECK_ADDRESS", "127.0.0.1:8000")
    request = urllib.request.Request(  # noqa: S310 - a fixed http URL on this machine
        f"http://{address}/healthz", headers={"Host": site_host(), "X-Forwarded-Proto": "https"}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            body = response.read().decode()
    except urllib.error.HTTPError as error:
        print(f"unhealthy: {error.code} {error.read().decode(errors='replace')[:500]}")
        return 1
    except OSError as error:
        print(f"unreachable: {error}")
        return 1
    print(body[:500])
    return 0


if __name__ == "__main__":
    sys.exit(main())
