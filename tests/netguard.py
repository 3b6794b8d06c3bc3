"""Imported first in a child process: any connection to a non-loopback address fails loudly.

Loopback stays allowed (the app talks to itself); everything else raises and is recorded, so a test can
show that loading models, building the index and answering never reach the network.
"""

from __future__ import annotations

import ipaddress
import socket
import sys

ATTEMPTS: list[str] = []
_connect, _connect_ex, _getaddrinfo = socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo


def _is_loopback(host: object) -> bool:
    if host in ("localhost", "", None):
        return True
    try:
        return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
    except ValueError:
        return False


def _check(address: object) -> None:
    if isinstance(address, tuple) and address and not _is_loopback(address[0]):
        ATTEMPTS.append(str(address))
        print(f"netguard: blocked connection to {address}", file=sys.stderr)
        raise OSError(f"network access blocked by test: {address}")


def _guarded_connect(self, address):
    _check(address)
    return _connect(self, address)


def _guarded_connect_ex(self, address):
    _check(address)
    return _connect_ex(self, address)


def _guarded_getaddrinfo(host, *args, **kwargs):
    if not _is_loopback(host):
        ATTEMPTS.append(str(host))
        print(f"netguard: blocked name lookup of {host}", file=sys.stderr)
        raise socket.gaierror(f"name lookup blocked by test: {host}")
    return _getaddrinfo(host, *args, **kwargs)


socket.socket.connect = _guarded_connect
socket.socket.connect_ex = _guarded_connect_ex
socket.getaddrinfo = _guarded_getaddrinfo
