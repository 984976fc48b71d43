"""A second, throwaway ``scripts/neo4j-local`` server for the tests that stop, restart or reconfigure one.

It gets its own home folder, free ports and a random password, so it never meets the suite's server
(or a user's own) on a port.
"""

from __future__ import annotations

import secrets
import socket
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def own_server_env(home: Path, **extra: str) -> dict[str, str]:
    """The environment of ``scripts/neo4j-local`` and of ddgraph for a server of its own in ``home``."""
    bolt, http = free_port(), free_port()
    return {
        "DDGRAPH_NEO4J_HOME": str(home),
        "NEO4J_BOLT_PORT": str(bolt),
        "NEO4J_HTTP_PORT": str(http),
        "NEO4J_PASSWORD": secrets.token_urlsafe(12),
        "NEO4J_URI": f"bolt://127.0.0.1:{bolt}",
        **extra,
    }
