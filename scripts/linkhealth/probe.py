"""A second look at a failed connection, when linkchecker's error text can't tell why.

linkchecker cuts error messages at 240 characters, and for a long URL the cause (a name
that does not resolve, a refused connection) falls off the end. Resolving the host and
opening one TCP connection to it settles those two cases; anything else stays as it was.
"""
from __future__ import annotations

import socket
from urllib.parse import urlsplit

from . import BROKEN
from .classify import Outcome


def probe(outcome: Outcome, timeout: float) -> Outcome:
    """The outcome, made definite (broken) when the host does not resolve or refuses."""
    parts = urlsplit(outcome.url)
    host, port = parts.hostname, parts.port or (443 if parts.scheme == "https" else 80)
    try:
        address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][4]
    except socket.gaierror as exc:
        if exc.errno == socket.EAI_AGAIN:  # the resolver may answer later: retry as DNS
            return Outcome(outcome.url, BROKEN, "host name not found (DNS)", transient=True)
        return Outcome(outcome.url, BROKEN, "host name not found (DNS)")
    try:
        socket.create_connection(address[:2], timeout=timeout).close()
    except ConnectionRefusedError:
        return Outcome(outcome.url, BROKEN, "connection refused")
    except OSError:
        pass
    return outcome
