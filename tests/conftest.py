"""Test-session guards: no socket may leave the machine.

Every upstream and Slack itself are played by aiohttp servers on 127.0.0.1; a connect or a DNS look-up for
any other address raises at once, so a slip fails loudly instead of reaching the internet.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest_plugins = ["tests.fakes.upstream"]

_LOCAL_NAMES = {"localhost", "127.0.0.1", "::1", "ip6-localhost", ""}


class NetworkBlockedError(RuntimeError):
    pass


def _is_loopback(host: Any) -> bool:
    if host is None:
        return True
    if isinstance(host, bytes):
        host = host.decode()
    host = str(host)
    if host in _LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex
_real_getaddrinfo = socket.getaddrinfo


def _guard(address: Any) -> None:
    if isinstance(address, tuple) and not _is_loopback(address[0]):
        raise NetworkBlockedError(f"test tried to reach {address!r}: only loopback is allowed")


def _connect(self: socket.socket, address: Any) -> None:
    _guard(address)
    _real_connect(self, address)


def _connect_ex(self: socket.socket, address: Any) -> int:
    _guard(address)
    return _real_connect_ex(self, address)


def _getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
    if not _is_loopback(host):
        raise NetworkBlockedError(f"test tried to resolve {host!r}: only loopback is allowed")
    return _real_getaddrinfo(host, *args, **kwargs)


def pytest_sessionstart(session: pytest.Session) -> None:
    socket.socket.connect = _connect  # type: ignore[method-assign]
    socket.socket.connect_ex = _connect_ex  # type: ignore[method-assign]
    socket.getaddrinfo = _getaddrinfo


ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Iterator[Path]:
    """``../shared`` beside the checkout; tests that read it skip with a reason when it is absent."""
    if not (SHARED / "fixtures").is_dir():
        pytest.skip(f"../shared is not beside this checkout (looked for {SHARED}); corpus tests need it")
    yield SHARED
