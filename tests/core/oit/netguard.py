"""A guard that fails a test when anything tries to reach a host other than this machine (127.0.0.1, ::1)."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager

import httpx

LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})


@contextmanager
def loopback_only() -> Iterator[list[str]]:
    """Patch socket connect and name resolution; yields the list of attempted outside hosts (must stay empty)."""
    violations: list[str] = []
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex
    real_getaddrinfo = socket.getaddrinfo

    def check(address) -> None:
        if isinstance(address, tuple) and address and address[0] not in LOOPBACK:
            violations.append(str(address[0]))
            raise ConnectionRefusedError(f"test network guard: {address[0]} is not this machine")

    def connect(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6):
            check(address)
        return real_connect(self, address)

    def connect_ex(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6):
            check(address)
        return real_connect_ex(self, address)

    def getaddrinfo(host, *args, **kwargs):
        name = host.decode() if isinstance(host, bytes) else host
        if name is not None and name not in LOOPBACK:
            violations.append(str(name))
            raise socket.gaierror(f"test network guard: {name} is not this machine")
        return real_getaddrinfo(host, *args, **kwargs)

    socket.socket.connect = connect
    socket.socket.connect_ex = connect_ex
    socket.getaddrinfo = getaddrinfo
    try:
        yield violations
    finally:
        socket.socket.connect = real_connect
        socket.socket.connect_ex = real_connect_ex
        socket.getaddrinfo = real_getaddrinfo


class LoopbackTransport(httpx.AsyncHTTPTransport):
    """An httpx transport that refuses (and records) any request to a host that is not 127.0.0.1."""

    def __init__(self, violations: list[str] | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.violations = violations if violations is not None else []
        self.requested: list[str] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requested.append(str(request.url))
        if request.url.host not in LOOPBACK:
            self.violations.append(str(request.url))
            raise httpx.ConnectError(f"test network guard: {request.url.host} is not this machine", request=request)
        return await super().handle_async_request(request)
