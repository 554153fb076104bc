"""Scanning uploads with ClamAV's daemon (clamd) over its INSTREAM protocol.

Off unless an operator configures clamd: `CLAMD_SOCKET` (a Unix socket path) or `CLAMD_HOST`
and `CLAMD_PORT`. When it is configured and does not answer, uploads are refused (nothing is
stored unscanned) with a message that says to try again.

INSTREAM: send ``zINSTREAM\\0``, then the file as chunks each preceded by its length (4 bytes,
network order), then a zero length; clamd answers ``stream: OK``, ``stream: <name> FOUND`` or
``... ERROR``, ending with a NUL.
"""

import socket
import struct

from django.conf import settings

CHUNK = 64 * 1024


class ScannerUnavailable(Exception):
    """clamd is configured but did not give an answer."""


def enabled():
    return bool(settings.CLAMD_SOCKET or settings.CLAMD_HOST)


def _connect():
    timeout = settings.CLAMD_TIMEOUT
    if settings.CLAMD_SOCKET:
        connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        connection.settimeout(timeout)
        connection.connect(settings.CLAMD_SOCKET)
        return connection
    return socket.create_connection((settings.CLAMD_HOST, settings.CLAMD_PORT), timeout=timeout)


def scan(file):
    """The name of the virus clamd found in the file, or None; ScannerUnavailable if it did not answer."""
    file.seek(0)
    try:
        with _connect() as connection:
            connection.sendall(b"zINSTREAM\0")
            for chunk in iter(lambda: file.read(CHUNK), b""):
                connection.sendall(struct.pack("!L", len(chunk)) + chunk)
            connection.sendall(struct.pack("!L", 0))
            reply = b""
            while not reply.endswith(b"\0"):
                data = connection.recv(4096)
                if not data:
                    break
                reply += data
    except OSError as exc:
        raise ScannerUnavailable(str(exc)) from None
    finally:
        file.seek(0)
    answer = reply.rstrip(b"\0").decode("utf-8", "replace").strip()
    if answer.endswith("OK"):
        return None
    if answer.endswith("FOUND"):
        return answer.removeprefix("stream:").removesuffix("FOUND").strip() or "a virus"
    raise ScannerUnavailable(answer or "no answer")
