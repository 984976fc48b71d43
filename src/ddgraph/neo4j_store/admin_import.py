"""A first load at the database's own speed: ``neo4j-admin database import full`` (``ddgraph load --bulk``).

Neo4j Community cannot stop one database, so the import needs the whole server stopped: this path
applies only to the server ``scripts/neo4j-local`` runs (its home ``DDGRAPH_NEO4J_HOME``), and only
while the database is empty. :func:`bulk_load` checks both (a one-line :class:`StoreError` otherwise),
writes the neo4j-admin CSV export (:func:`ddgraph.export.write_csv`) into the server's import folder,
runs ``scripts/neo4j-local import`` (stop, import, start), then applies the schema and writes the same
bookkeeping as :func:`~ddgraph.neo4j_store.load` (the digest of the graph), so the next ``ddgraph
load`` is an ordinary incremental one that finds 0 changes.

The import replaces the database as a whole; there is no transaction. A bulk load that is killed
leaves an empty or partial database, never a mix with earlier data (there was none), and the
bookkeeping is written last, so the next ``ddgraph load`` of such a database diffs for real.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import neo4j

from ..errors import StoreError
from ..export import write_csv
from ..graph import NODE_LABELS, REL_TYPES, PropertyGraph
from .connect import DEFAULT_DATABASE, apply_schema
from .diff import Counts, LoadSummary, graph_digest, validate_graph
from .lock import _NEXT_GENERATION, _TAKE_LOCK, _WRITE_DIGEST
from .read import _COUNT_GRAPH

#: The checkout's ``scripts/neo4j-local`` (this module is ``src/ddgraph/neo4j_store/admin_import.py``).
NEO4J_LOCAL = Path(__file__).resolve().parents[3] / "scripts" / "neo4j-local"

_COUNT_ALL = "MATCH (n) RETURN count(n) AS nodes"


@dataclass(frozen=True)
class ManagedServer:
    """The server ``scripts/neo4j-local`` runs from ``home`` (its pid file, its generated neo4j.conf)."""

    home: Path
    script: Path = NEO4J_LOCAL

    @classmethod
    def from_env(cls) -> ManagedServer:
        """``DDGRAPH_NEO4J_HOME``, else the script's default home ``<checkout>/.neo4j-local``."""
        home = os.environ.get("DDGRAPH_NEO4J_HOME") or str(NEO4J_LOCAL.parents[1] / ".neo4j-local")
        return cls(Path(home))

    def bolt_port(self) -> int | None:
        """The Bolt port of the running server, or None when it does not run from this home."""
        return self._ports().get("bolt")

    def _ports(self) -> dict[str, int]:
        """``{"bolt": port, "http": port}`` of the server running from this home (empty: none runs)."""
        pid_file, conf = self.home / "run" / "neo4j.pid", self.home / "conf" / "neo4j.conf"
        try:
            pid = int(pid_file.read_text().strip())
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
            text = conf.read_text(encoding="utf-8")
        except (OSError, ValueError):
            return {}
        if b"CommunityEntryPoint" not in cmdline:
            return {}
        found = re.findall(r"^server\.(bolt|http)\.listen_address=[^:\n]*:(\d+)$", text, re.M)
        return {name: int(port) for name, port in found}

    def check_serves(self, uri: str) -> None:
        """Raise :class:`StoreError` unless ``uri`` is this home's running local server."""
        why = "--bulk imports only into the server scripts/neo4j-local runs"
        if not self.script.is_file():
            raise StoreError(f"{why}, and {self.script} is not there (a ddgraph checkout has it)")
        parts = urlsplit(uri)
        if parts.hostname not in ("127.0.0.1", "localhost") or parts.scheme not in ("bolt", "neo4j"):
            raise StoreError(f"{why}; {uri} is not a local server (use `ddgraph load`)")
        port = self.bolt_port()
        if port is None:
            raise StoreError(f"{why}; none runs from {self.home} (set DDGRAPH_NEO4J_HOME to its home)")
        if port != (parts.port or 7687):
            raise StoreError(f"{why}; the one of {self.home} listens on port {port}, not at {uri}")

    def import_csv(self, folder: Path, database: str, password: str) -> None:
        """``scripts/neo4j-local import folder database``: stop, import, start again."""
        env = {**os.environ, "DDGRAPH_NEO4J_HOME": str(self.home), "NEO4J_PASSWORD": password}
        for name, port in self._ports().items():  # the script starts the server again on its ports
            env[f"NEO4J_{name.upper()}_PORT"] = str(port)
        done = subprocess.run(
            [str(self.script), "import", str(folder), database],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        if done.returncode != 0:
            lines = [line for line in done.stderr.splitlines() if line.startswith("neo4j-local:")]
            last = lines[-1].removeprefix("neo4j-local: ") if lines else f"exit {done.returncode}"
            raise StoreError(f"the bulk import failed: {last}")


def bulk_load(
    connect: Callable[[], neo4j.Driver],
    graph: PropertyGraph,
    server: ManagedServer,
    uri: str,
    password: str,
    database: str = DEFAULT_DATABASE,
) -> LoadSummary:
    """Load ``graph`` into the EMPTY ``database`` of ``server`` with neo4j-admin; return what was created.

    ``connect`` opens a checked driver on ``uri`` (called before the import and again after the
    server restarted). Nothing is stopped or written when the graph cannot be stored, the server is
    not the managed one, or the database holds any node.
    """
    validate_graph(graph)
    digest = graph_digest(graph)
    server.check_serves(uri)
    with connect() as driver:
        held = driver.execute_query(_COUNT_ALL, database_=database).records[0]["nodes"]
    if held:
        raise StoreError(
            f"--bulk loads only into an empty database; {database!r} holds {held} nodes (use `ddgraph load`)"
        )
    imports = server.home / "import"
    imports.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="ddgraph-bulk-", dir=imports))
    try:
        write_csv(graph, folder)
        server.import_csv(folder, database, password)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    with connect() as driver:
        apply_schema(driver, database)
        with driver.session(database=database) as session:
            session.execute_write(_record, graph, digest)
    return LoadSummary(Counts(created=len(graph.nodes)), Counts(created=len(graph.relationships)))


def _record(tx: neo4j.ManagedTransaction, graph: PropertyGraph, digest: str) -> None:
    """Check that the import holds the whole graph, then write the load's digest (as :func:`load` does)."""
    row = tx.run(_COUNT_GRAPH, labels=list(NODE_LABELS), types=list(REL_TYPES)).single(strict=True)
    held = (row["nodes"], row["relationships"])
    if held != (len(graph.nodes), len(graph.relationships)):
        raise StoreError(
            f"the bulk import holds {held[0]} nodes and {held[1]} relationships, "
            f"not {len(graph.nodes)} and {len(graph.relationships)}"
        )
    tx.run(_TAKE_LOCK, writer="ddgraph load --bulk").consume()  # the load lock, as every ddgraph write
    tx.run(_NEXT_GENERATION).consume()
    tx.run(_WRITE_DIGEST, sha256=digest).consume()
