"""Shared fixtures. Neo4j: the real server of NEO4J_URI, else a testcontainers Neo4j, else skip.

With ``DDGRAPH_REQUIRE_NEO4J=1`` a missing Neo4j fails the tests instead of skipping them (CI).
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

NEO4J_IMAGE = "neo4j:5.26-community"


@dataclass(frozen=True)
class Neo4jServer:
    uri: str
    user: str
    password: str
    database: str

    def env(self) -> dict[str, str]:
        """The environment of a ``ddgraph`` command pointed at this server."""
        return {
            "NEO4J_URI": self.uri,
            "NEO4J_USER": self.user,
            "NEO4J_PASSWORD": self.password,
            "NEO4J_DATABASE": self.database,
        }


def _no_neo4j(reason: str) -> Any:
    if os.environ.get("DDGRAPH_REQUIRE_NEO4J") == "1":
        pytest.fail(f"DDGRAPH_REQUIRE_NEO4J=1 but {reason}", pytrace=False)
    pytest.skip(reason)


def _docker_answers() -> bool:
    """Whether a Docker engine answers ``GET /_ping`` (plain sockets: docker-py leaks one on failure)."""
    import socket
    from urllib.parse import urlparse

    host = os.environ.get("DOCKER_HOST", "unix:///var/run/docker.sock")
    url = urlparse(host)
    try:
        if url.scheme == "unix":
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            address: Any = url.path
        else:
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            address = (url.hostname or "localhost", url.port or 2375)
        with sock:
            sock.settimeout(3)
            sock.connect(address)
            sock.sendall(b"GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n")
            return b" 200 " in sock.recv(1024)
    except OSError:
        return False


@pytest.fixture(scope="session")
def neo4j_server() -> Iterator[Neo4jServer]:
    """A real Neo4j: ``NEO4J_URI`` (+ NEO4J_USER/PASSWORD/DATABASE) when set, else a container."""
    uri = os.environ.get("NEO4J_URI")
    if uri:
        password = os.environ.get("NEO4J_PASSWORD")
        if not password:
            _no_neo4j("NEO4J_URI is set but NEO4J_PASSWORD is not")
        yield Neo4jServer(
            uri, os.environ.get("NEO4J_USER", "neo4j"), password, os.environ.get("NEO4J_DATABASE", "neo4j")
        )
        return
    if not _docker_answers():
        _no_neo4j("no Neo4j: set NEO4J_URI/NEO4J_PASSWORD (scripts/neo4j-local start) or run a Docker engine")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            from testcontainers.community.neo4j import Neo4jContainer
        except ImportError:
            from testcontainers.neo4j import Neo4jContainer
    password = os.urandom(12).hex()
    with Neo4jContainer(NEO4J_IMAGE, password=password) as container:
        yield Neo4jServer(container.get_connection_url(), "neo4j", password, "neo4j")


@pytest.fixture()
def neo4j_driver(neo4j_server: Neo4jServer) -> Iterator[Any]:
    """A driver on an EMPTY database with the ddgraph schema (every test starts from nothing)."""
    from ddgraph import neo4j_store

    driver = neo4j_store.connect(
        neo4j_server.uri, neo4j_server.user, neo4j_server.password, neo4j_server.database
    )
    neo4j_store.clear(driver, neo4j_server.database)
    neo4j_store.apply_schema(driver, neo4j_server.database)
    try:
        yield driver
    finally:
        driver.close()


@pytest.fixture()
def neo4j_env(neo4j_server: Neo4jServer, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """The server's NEO4J_* variables, also set in os.environ for CliRunner and subprocesses."""
    env = neo4j_server.env()
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return env


TINY = Path(__file__).parent / "data" / "neo4j_tiny"


@pytest.fixture()
def tiny_dir(tmp_path: Path) -> Path:
    """A writable copy of the tiny hand-written dataset tests/data/neo4j_tiny."""
    import shutil

    dest = tmp_path / "tiny"
    shutil.copytree(TINY, dest)
    return dest


@pytest.fixture(scope="session")
def real_dataset() -> Any:
    """The curated dataset of graph/, validated."""
    from ddgraph.dataset import load_dataset

    return load_dataset(Path(__file__).parent.parent / "graph")


def quoted(record: Any, seed_source: str, fragment: str) -> bool:
    """True when ``record`` cites ``seed_source`` with a verbatim quote containing ``fragment``."""
    return seed_source in record.sources and any(
        e.source == seed_source and fragment in e.quote for e in record.evidence
    )
