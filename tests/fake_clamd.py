"""A small local stand-in for ClamAV's clamd that speaks INSTREAM and flags the EICAR test string.

Virus signatures cannot be downloaded on these machines; the EICAR string is the industry's
agreed test "virus", which every scanner reports (as clamd does: "Eicar-Signature FOUND").
"""

import re
import socket
import socketserver
import struct
import threading
import zlib

# The EICAR test file, assembled so that this source file itself is not flagged.
EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$" + b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
MAX_STREAM = 30 * 1024 * 1024


def _inflated_streams(data):
    """The zlib-compressed PDF streams in the data, inflated (clamd looks inside PDFs too)."""
    for match in re.finditer(rb"stream\r?\n", data):
        try:
            yield zlib.decompressobj().decompress(data[match.end() :], 1024 * 1024)
        except zlib.error:
            continue


class _Handler(socketserver.BaseRequestHandler):
    def handle(self):
        self.server.connections += 1
        command = b""
        while not command.endswith(b"\0") and len(command) < 64:
            data = self.request.recv(1)
            if not data:
                return
            command += data
        if command != b"zINSTREAM\0":
            self.request.sendall(b"UNKNOWN COMMAND\0")
            return
        received = bytearray()
        while True:
            header = self._exactly(4)
            if header is None:
                return
            (length,) = struct.unpack("!L", header)
            if length == 0:
                break
            chunk = self._exactly(length)
            if chunk is None:
                return
            received += chunk
            if len(received) > MAX_STREAM:
                self.request.sendall(b"INSTREAM size limit exceeded. ERROR\0")
                return
        self.server.scanned += 1
        if EICAR in received or any(EICAR in stream for stream in _inflated_streams(received)):
            self.request.sendall(b"stream: Eicar-Signature FOUND\0")
        else:
            self.request.sendall(b"stream: OK\0")

    def _exactly(self, size):
        data = bytearray()
        while len(data) < size:
            part = self.request.recv(size - len(data))
            if not part:
                return None
            data += part
        return bytes(data)


class _TCPServer(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


class _UnixServer(socketserver.ThreadingUnixStreamServer):
    daemon_threads = True


class FakeClamd:
    """`with FakeClamd(port=8703) as clamd:` (TCP) or `FakeClamd(socket_path=...)` (Unix socket)."""

    def __init__(self, *, port=0, socket_path=None):
        if socket_path:
            self.server = _UnixServer(str(socket_path), _Handler)
        else:
            self.server = _TCPServer(("127.0.0.1", port), _Handler)
        self.server.scanned = self.server.connections = 0
        self.socket_path = socket_path

    @property
    def port(self):
        return self.server.server_address[1]

    @property
    def scanned(self):
        return self.server.scanned

    def __enter__(self):
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def closed_port():
    """A TCP port on 127.0.0.1 that nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
