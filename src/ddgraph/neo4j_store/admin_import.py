"""A first load at the database's own speed: ``neo4j-admin database import full`` (``ddgraph load --bulk``).

Neo4j Community cannot stop one database, so the import needs the whole server stopped: this path
applies only to the server ``scripts/neo4j-local`` runs (its home ``DDGRAPH_NEO4J_HOME``), and only
while the database is empty. :func:`bulk_load` checks both (a one-line :class:`StoreError` otherwise),
writes the neo4j-admin CSV export (:func:`ddgraph.export.write_csv`) into the server's import folder,
stops the server, runs ``scripts/neo4j-local import`` (neo4j-admin in one JVM, then the server is
launched again), waits for Bolt, then writes the same bookkeeping as
:func:`~ddgraph.neo4j_store.load` (the digest of the graph) and applies the schema (in that order: a
write after the schema would wait for its indexes to populate), so the next ``ddgraph load`` is an
ordinary incremental one that finds 0 changes.

The emptiness check is the first statement of a transaction that takes the load lock (:mod:`.lock`):
a load running before is waited for (then the database is not empty and the bulk load is refused).
That transaction commits a *bulk mark* on the bookkeeping node before the server is stopped, and
every ddgraph writer refuses once it holds the lock and finds the mark
(:func:`~ddgraph.neo4j_store.lock.take_lock`), a writer that was queued behind the bulk load
included: nothing a ddgraph write commits is lost to the import (raw Cypher that takes no lock is
not stopped). The import replaces the database and its mark; a bulk load that fails before the
import takes its mark away, and one that was killed leaves it on the empty database until the next
``load --bulk`` (one at a time per server home: a file lock). Nothing connects while the server is
down.

The import brings the bookkeeping node along (generation 1, no digest), and the digest is recorded
only when, holding the lock again after the restart, the generation is still 1: a load that got in
first has its files in the database, and the bulk load says so instead of recording a digest that
is not the database's.

The import replaces the database as a whole; there is no transaction. A bulk load that is killed
leaves an empty or partial database, never a mix with earlier data (there was none), and the
bookkeeping is written after the import, so the next ``ddgraph load`` of such a database diffs for
real (and applies the schema, as every load does).
"""

from __future__ import annotations

import csv
import fcntl
import os
import re
import secrets
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import neo4j
import neo4j.exceptions as nex

from ..cypher_library import load_write, schema_statements, store_statement
from ..errors import StoreBusy, StoreError, UnableToConnect
from ..export import write_csv, write_import_script
from ..graph import NODE_LABELS, REL_TYPES, PropertyGraph
from ..neo4j_defaults import LOCK_TIMEOUT
from .connect import DEFAULT_DATABASE, apply_schema
from .diff import Counts, LoadSummary, graph_digest, validate_graph
from .lock import _MARK_BULK, _UNMARK_BULK, LockWatch, take_lock

#: The checkout's ``scripts/neo4j-local`` (this module is ``src/ddgraph/neo4j_store/admin_import.py``).
NEO4J_LOCAL = Path(__file__).resolve().parents[3] / "scripts" / "neo4j-local"

#: The writer a bulk load records on the bookkeeping node.
WRITER = "ddgraph load --bulk"

#: Seconds to wait for the stopping server to end the lock's transaction, and for Bolt after the import.
STOP_TIMEOUT = 120.0
START_TIMEOUT = float(os.environ.get("NEO4J_START_TIMEOUT", "180"))

#: A statement that reads nothing: is the database still (already) answering?
_PROBE = store_statement("probe")

_COUNT_ALL = store_statement("count_all")

#: The load lock's constraint, the one statement of cypher/schema.cypher needed before the import.
_LOCK_CONSTRAINT = next(s for s in schema_statements() if "ddgraph_load_id" in s)

#: The phases :func:`bulk_load` reports to ``on_phase`` as it enters them.
PHASES = ("lock", "csv", "stop", "import", "start", "record")


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

    def pid(self) -> int | None:
        """The pid of the server JVM running from this home, or None."""
        try:
            pid = int((self.home / "run" / "neo4j.pid").read_text().strip())
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except (OSError, ValueError):
            return None
        return pid if b"CommunityEntryPoint" in cmdline else None

    def bolt_port(self) -> int | None:
        """The Bolt port of the running server, or None when it does not run from this home."""
        return self.ports().get("bolt")

    def ports(self) -> dict[str, int]:
        """``{"bolt": port, "http": port}`` of the server running from this home (empty: none runs)."""
        if self.pid() is None:
            return {}
        try:
            text = (self.home / "conf" / "neo4j.conf").read_text(encoding="utf-8")
        except OSError:
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

    def import_csv(
        self, folder: Path, database: str, password: str, ports: dict[str, int], *, wait: bool = True
    ) -> None:
        """``scripts/neo4j-local import folder database``: stop (if running), import, launch again.

        ``ports`` (:meth:`ports`, read while the server ran) are the ones it is launched on again. With
        ``wait=False`` the script returns once the server process is launched (the caller waits for
        Bolt); otherwise once the server answers, as ``scripts/neo4j-local start`` does.
        """
        env = {**os.environ, "DDGRAPH_NEO4J_HOME": str(self.home), "NEO4J_PASSWORD": password}
        env["NEO4J_IMPORT_WAIT"] = "bolt" if wait else "none"
        for name, port in ports.items():
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
    *,
    lock_timeout: float = LOCK_TIMEOUT,
    on_phase: Callable[[str], None] | None = None,
) -> LoadSummary:
    """Load ``graph`` into the EMPTY ``database`` of ``server`` with neo4j-admin; return what was created.

    ``connect`` opens a checked driver on ``uri`` (called before the import and again, until the
    server answers, after it). Nothing is stopped or written when the graph cannot be stored, the
    server is not the managed one, the database holds any node, or another load holds the lock for
    longer than ``lock_timeout`` seconds. ``on_phase`` is called with each name of :data:`PHASES`.
    """
    phase = on_phase or (lambda name: None)
    validate_graph(graph)
    server.check_serves(uri)
    pid, ports = server.pid(), server.ports()  # the server is launched again on the same ports
    imports = server.home / "import"
    imports.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="ddgraph-bulk-", dir=imports))
    try:
        with _one_bulk_load(server), ThreadPoolExecutor(max_workers=1) as pool:
            with connect() as driver:
                phase("lock")
                held = driver.execute_query(_COUNT_ALL, database_=database).records[0]["nodes"]
                if held:  # refused before anything is written, the schema included
                    raise _not_empty(database, held)
                # the lock's MERGE is race-free on its uniqueness constraint (the rest of the schema
                # would only be replaced by the import)
                driver.execute_query(_LOCK_CONSTRAINT, database_=database)
                token = _mark(driver, database, lock_timeout)
                try:
                    phase("csv")
                    files = [f for f in write_csv(graph, folder) if f.suffix == ".csv"]
                    files.append(_write_bookkeeping(folder))
                    write_import_script(files, folder)
                    # the digest is computed while the JVMs run (the GIL is free while we wait for them)
                    digest = pool.submit(graph_digest, graph)
                    phase("stop")
                    _stop(server, pid)
                except BaseException:
                    _unmark_quietly(driver, database, token)
                    raise
            phase("import")
            try:
                server.import_csv(folder, database, password, ports, wait=False)
            except StoreError:
                # the server came back on the database the import did not replace: take the mark away
                with suppress(StoreError), _answering(connect, server, database) as driver:
                    _unmark_quietly(driver, database, token)
                raise
            phase("start")
            sha256 = digest.result()
        with _answering(connect, server, database) as driver:
            phase("record")
            # the digest before the schema: the schema's indexes begin to populate at its commit, and
            # a write meanwhile would wait for them
            with driver.session(database=database) as session:
                session.execute_write(_record, graph, sha256)
            # the constraints are in force once this commits; the range and full-text indexes of the
            # imported data finish populating in the background (SHOW INDEXES)
            apply_schema(driver, database, one_transaction=True, await_indexes=False)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return LoadSummary(Counts(created=len(graph.nodes)), Counts(created=len(graph.relationships)))


@contextmanager
def _one_bulk_load(server: ManagedServer) -> Iterator[None]:
    """One ``load --bulk`` at a time into a server home (a file lock; the server is local by definition)."""
    path = server.home / "bulk-load.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise StoreBusy(f"another `ddgraph load --bulk` into {server.home} is running") from None
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def _mark(driver: neo4j.Driver, database: str, lock_timeout: float) -> str:
    """Take the load lock, refuse a database with nodes, and commit the bulk mark (its token).

    Every ddgraph writer that takes the lock afterwards finds the mark and refuses
    (:func:`~ddgraph.neo4j_store.lock.take_lock`): a writer queued behind this transaction included,
    so nothing a ddgraph write commits is lost to the import. (A write that does not take the lock,
    raw Cypher, is not stopped.)
    """
    token = secrets.token_hex(8)
    with driver.session(database=database) as session:
        tx = session.begin_transaction(metadata={"app": WRITER, "ddgraph_token": token})
        try:
            with LockWatch(driver, database, token, lock_timeout) as watch:
                try:
                    row = tx.run(load_write("bulk_lock").text, writer=WRITER).single(strict=True)
                except nex.Neo4jError as e:
                    if watch.message:
                        raise StoreBusy(watch.message) from e
                    raise StoreError(f"--bulk could not take the load lock: {e.message or e.code}") from e
            if row["held"]:
                raise _not_empty(database, row["held"])
            tx.run(_MARK_BULK, token=token).consume()
            tx.commit()
        finally:
            _close_quietly(tx)
    return token


def _unmark_quietly(driver: neo4j.Driver, database: str, token: str) -> None:
    """Take this bulk load's mark away (it did not replace the database); a server gone says nothing."""
    try:
        driver.execute_query(_UNMARK_BULK, token=token, database_=database)
    except (nex.Neo4jError, nex.DriverError, OSError):
        pass


def _not_empty(database: str, held: int) -> StoreError:
    return StoreError(
        f"--bulk loads only into an empty database; {database!r} holds {held} nodes (use `ddgraph load`)"
    )


def _close_quietly(tx: neo4j.Transaction) -> None:
    """Roll back ``tx`` unless it has ended; a server that went away has ended it already."""
    try:
        if not tx.closed():
            tx.close()
    except (nex.Neo4jError, nex.DriverError, OSError):
        pass


def _stop(server: ManagedServer, pid: int | None) -> None:
    """Stop the server (SIGTERM, as ``scripts/neo4j-local stop``) and wait until its process is gone."""
    if pid is not None:
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            return
    deadline = time.monotonic() + STOP_TIMEOUT
    while server.pid() is not None:
        if time.monotonic() > deadline:
            raise StoreError(f"the server did not stop within {STOP_TIMEOUT:g} s; nothing was imported")
        time.sleep(0.05)


@contextmanager
def _answering(
    connect: Callable[[], neo4j.Driver], server: ManagedServer, database: str
) -> Iterator[neo4j.Driver]:
    """A checked driver once the relaunched server answers a query on ``database`` (polls every 50 ms)."""
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        try:
            driver = connect()
        except UnableToConnect as e:
            if not isinstance(e.__cause__, (nex.ServiceUnavailable, nex.SessionExpired, OSError)):
                raise
        else:
            try:
                driver.execute_query(_PROBE, database_=database)
            except (nex.ServiceUnavailable, nex.SessionExpired, nex.TransientError, OSError):
                driver.close()  # Bolt is up, the database is still starting
            else:
                break
        if server.pid() is None:
            log = server.home / "logs" / "console.log"
            raise StoreError(f"the server did not start again after the import (log: {log})")
        if time.monotonic() > deadline:
            raise StoreError(f"the server did not answer within {START_TIMEOUT:g} s after the import")
        time.sleep(0.05)
    with driver:
        yield driver


def _write_bookkeeping(folder: Path) -> Path:
    """The bookkeeping node, imported with the graph: generation 1 (the import), no digest yet.

    Its own id space keeps its id apart from the graph's ids.
    """
    path = folder / "nodes_DdgraphLoad.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id:ID(ddgraph-bookkeeping)", ":LABEL", "writer:string", "generation:long"])
        w.writerow(["load", "DdgraphLoad", WRITER, 1])
    return path


#: The record of the import, in one statement (a server just started compiles each new query, about
#: half a second each here: one, not four): the lock, counted as a write; the digest (as
#: :data:`~.lock._WRITE_DIGEST`); the counts (as :data:`~.read._COUNT_GRAPH`). MATCH, not the lock's
#: MERGE: the imported node is there, and a MERGE waits for the uniqueness index that the schema has
#: just begun to populate. :func:`_record` refuses what it returns, and the transaction rolls back.
_RECORD = store_statement("record_bulk_load")


def _record(tx: neo4j.ManagedTransaction, graph: PropertyGraph, digest: str) -> None:
    """Holding the lock: check that nobody wrote since the import and that it holds the whole graph,
    and write the load's digest (as :func:`load` does); a refusal rolls the transaction back."""
    # waits here while a load that got in first runs
    row = take_lock(
        tx, _RECORD, writer=WRITER, sha256=digest, labels=list(NODE_LABELS), types=list(REL_TYPES)
    )
    if row is None or row["before"] != 1:
        raise StoreBusy(
            "the import went through, but another ddgraph load (or write) committed before its digest "
            "was recorded: the database holds that load's graph (run `ddgraph load` to replace it)"
        )
    held = (row["nodes"], row["relationships"])
    if held != (len(graph.nodes), len(graph.relationships)):
        raise StoreError(
            f"the bulk import holds {held[0]} nodes and {held[1]} relationships, "
            f"not {len(graph.nodes)} and {len(graph.relationships)}"
        )
