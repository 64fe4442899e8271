import socket

import pytest

from tests.conftest import NetworkBlockedError


def test_non_loopback_connect_is_blocked() -> None:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        with pytest.raises(NetworkBlockedError):
            sock.connect(("93.184.216.34", 80))
    finally:
        sock.close()


def test_dns_lookup_of_public_host_is_blocked() -> None:
    with pytest.raises(NetworkBlockedError):
        socket.getaddrinfo("eutils.ncbi.nlm.nih.gov", 443)


def test_loopback_is_allowed() -> None:
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    client = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        client.connect(server.getsockname())
        conn, _ = server.accept()
        conn.close()
    finally:
        client.close()
        server.close()
