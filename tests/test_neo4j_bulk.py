"""`ddgraph load --bulk`: a first load through neo4j-admin database import, only where it is safe.

The refusals run against the suite's server (nothing is stopped, nothing written); the import itself
runs on a server of its own (it stops and restarts it), so it is marked slow.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import neo4j
import pytest
from click.testing import CliRunner

from ddgraph import load_dataset, neo4j_store
from ddgraph.cli import main
from ddgraph.cypher_library import schema_statements
from ddgraph.errors import StoreBusy
from ddgraph.export import to_jsonl
from ddgraph.graph import to_property_graph
from ddgraph.neo4j_store.lock import take_lock
from servers import own_server_env

ROOT = Path(__file__).parent.parent
SCRIPT = ROOT / "scripts" / "neo4j-local"


def cli(*args: str, env: dict[str, str] | None = None) -> Any:
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def ddgraph(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ddgraph", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        cwd=ROOT,
        timeout=900,
    )


def started(db: dict[str, str], *args: str) -> subprocess.Popen[str]:
    """``ddgraph *args`` started (not awaited) against the server ``db``, its output captured."""
    return subprocess.Popen(
        [sys.executable, "-m", "ddgraph", *args],
        env={**os.environ, **db},
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def suite_home() -> str:
    """The home of the suite's own scripts/neo4j-local server (scripts/test sets it)."""
    home = os.environ.get("DDGRAPH_NEO4J_HOME")
    if not home:
        pytest.fail("DDGRAPH_NEO4J_HOME is not set: run the Neo4j tests with scripts/test", pytrace=False)
    return home


def test_bulk_refuses_a_server_that_is_not_local_before_connecting(tmp_path: Path) -> None:
    result = cli("load", "--bulk", "--uri", "bolt://10.0.0.1:7687", "--password", "x" * 12)
    assert result.exit_code == 1
    assert result.output == (
        "Error: --bulk imports only into the server scripts/neo4j-local runs; "
        "bolt://10.0.0.1:7687 is not a local server (use `ddgraph load`)\n"
    )


def test_bulk_refuses_a_home_where_no_server_runs(tmp_path: Path) -> None:
    result = cli(
        "load", "--bulk", "--uri", "bolt://127.0.0.1:7687", "--password", "x" * 12,
        env={"DDGRAPH_NEO4J_HOME": str(tmp_path)},
    )  # fmt: skip
    assert result.exit_code == 1
    assert result.output == (
        "Error: --bulk imports only into the server scripts/neo4j-local runs; "
        f"none runs from {tmp_path} (set DDGRAPH_NEO4J_HOME to its home)\n"
    )


def test_bulk_and_full_exclude_each_other() -> None:
    result = cli("load", "--bulk", "--full")
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == (
        "Error: --bulk is a first load into an empty database; --full diffs a loaded one"
    )


def test_the_script_import_refuses_a_folder_without_the_csv_export(tmp_path: Path) -> None:
    done = subprocess.run(
        [str(SCRIPT), "import", str(tmp_path)],
        capture_output=True,
        text=True,
        env={**os.environ, "DDGRAPH_NEO4J_HOME": str(tmp_path / "home")},
        timeout=60,
    )
    assert done.returncode == 1
    assert done.stderr == (
        f"neo4j-local: {tmp_path}/import.sh not found "
        f"(write it with: ddgraph export --format csv -o {tmp_path})\n"
    )
    assert not (tmp_path / "home").exists()  # nothing stopped, nothing created


@pytest.mark.neo4j
def test_bulk_refuses_a_database_that_holds_anything_and_leaves_it_as_it_was(
    neo4j_driver: Any, neo4j_env: dict[str, str], tiny_dir: Path
) -> None:
    home = suite_home()
    neo4j_store.load(neo4j_driver, to_property_graph(load_dataset(tiny_dir)))
    before = to_jsonl(neo4j_store.read_graph(neo4j_driver))
    result = cli("load", "--bulk", str(tiny_dir), env={"DDGRAPH_NEO4J_HOME": home})
    assert result.exit_code == 1
    assert result.output == (
        "Error: --bulk loads only into an empty database; 'neo4j' holds 26 nodes (use `ddgraph load`)\n"
    )  # 25 ddgraph nodes and the bookkeeping node of the load
    assert to_jsonl(neo4j_store.read_graph(neo4j_driver)) == before  # the server never stopped


@pytest.mark.neo4j
def test_every_ddgraph_writer_refuses_while_a_bulk_load_marks_the_database(
    neo4j_driver: Any, neo4j_env: dict[str, str], tiny_dir: Path
) -> None:
    """`load --bulk` commits a mark on the bookkeeping node before it stops the server for the import:
    a load, a write-back and a `query --write` that take the lock afterwards (a writer queued behind the
    bulk load's lock too) find it and write nothing, since the import would replace what they commit."""
    from ddgraph.cypher_library import adhoc_query
    from ddgraph.neo4j_store.lock import _MARK_BULK, _TAKE_LOCK, _UNMARK_BULK

    neo4j_driver.execute_query(_TAKE_LOCK, writer="a test")
    neo4j_driver.execute_query(_MARK_BULK, token="t0k3n")
    result = cli("load", str(tiny_dir))
    assert result.exit_code == 1
    assert result.output.startswith("Error: a bulk load (`ddgraph load --bulk`, marked 20")
    assert result.output.endswith(
        "is replacing this database with neo4j-admin import; what this wrote would be lost, so nothing "
        "was written. Wait for it; if it is no longer running, `ddgraph load --bulk` again (the "
        "database is empty) clears the mark\n"
    )
    assert result.output.count("\n") == 1
    with pytest.raises(StoreBusy, match="is replacing this database"):
        neo4j_store.write_node_properties(neo4j_driver, "Country", {"usa": {"centrality_degree": 1.0}})
    query = adhoc_query("CREATE (:Country {id: 'x'})", "a test write")
    with pytest.raises(StoreBusy, match="is replacing this database"):
        neo4j_store.run_query(neo4j_driver, query, write=True)
    assert neo4j_driver.execute_query("MATCH (n) RETURN count(n) AS n").records[0]["n"] == 1  # the mark's
    # a bulk load that did not import takes its own mark away (and only its own); then loads go on
    neo4j_driver.execute_query(_UNMARK_BULK, token="another")
    assert cli("load", str(tiny_dir)).exit_code == 1
    neo4j_driver.execute_query(_UNMARK_BULK, token="t0k3n")
    loaded = cli("load", str(tiny_dir))
    assert loaded.exit_code == 0, loaded.output


@pytest.fixture
def own_server(tmp_path: Path) -> Iterator[dict[str, str]]:
    """A scripts/neo4j-local server of its own (the suite's jars), started, stopped at the end."""
    lib = Path(suite_home()) / "lib"
    if not (lib / ".pom-sha256").is_file() or shutil.which("java") is None:
        pytest.fail(f"no resolved Neo4j jars in {lib} (scripts/neo4j-local start has them)", pytrace=False)
    home = tmp_path / "neo4j"
    home.mkdir()
    for folder in ("lib", "plugins", "lib-ext"):  # the jars already resolved for the suite's server
        if (lib.parent / folder).exists():
            (home / folder).symlink_to(lib.parent / folder)
    server = own_server_env(home)
    run = {"capture_output": True, "text": True, "env": {**os.environ, **server}, "timeout": 400}
    started = subprocess.run([str(SCRIPT), "start"], **run)  # type: ignore[call-overload]
    try:
        assert started.returncode == 0, started.stdout + started.stderr
        yield {**server, "NEO4J_USER": "neo4j", "NEO4J_DATABASE": "neo4j"}
    finally:
        subprocess.run([str(SCRIPT), "stop"], **{**run, "timeout": 120})  # type: ignore[call-overload]


def server_pid(db: dict[str, str]) -> int:
    return int((Path(db["DDGRAPH_NEO4J_HOME"]) / "run" / "neo4j.pid").read_text())


@pytest.mark.neo4j
@pytest.mark.slow
def test_a_bulk_first_load_holds_the_files_graph_and_the_next_load_is_incremental(
    own_server: dict[str, str],
) -> None:
    db = own_server
    files = to_property_graph(load_dataset(ROOT / "graph"))
    bulk = ddgraph("load", "--bulk", "graph", env=db)
    assert bulk.returncode == 0, bulk.stderr
    assert bulk.stdout == (
        f"loaded graph/ with neo4j-admin import: {len(files.nodes) + len(files.relationships)} changes "
        f"(nodes: {len(files.nodes)} created, 0 updated, 0 deleted; "
        f"relationships: {len(files.relationships)} created, 0 updated, 0 deleted)\n"
    )
    exported = ddgraph("export", "--from-neo4j", "--format", "jsonl", env=db)
    assert exported.returncode == 0, exported.stderr
    assert exported.stdout == to_jsonl(files)
    # the same bookkeeping as a load: the next load of the same files finds the digest, 0 changes
    again = ddgraph("load", "graph", env=db)
    assert again.returncode == 0, again.stderr
    assert again.stdout == (
        "loaded graph/: 0 changes (nodes: 0 created, 0 updated, 0 deleted; "
        "relationships: 0 created, 0 updated, 0 deleted)\n"
    )
    # ... and the schema of cypher/schema.cypher is there (the import itself creates none)
    wanted = [s for s in schema_statements() if s.lstrip().upper().startswith("CREATE CONSTRAINT")]
    driver = neo4j_store.connect(db["NEO4J_URI"], "neo4j", db["NEO4J_PASSWORD"])
    try:
        held = driver.execute_query("SHOW CONSTRAINTS YIELD name RETURN count(*) AS n").records[0]["n"]
    finally:
        driver.close()
    assert held == len(wanted) > 0
    refused = ddgraph("load", "--bulk", "graph", env=db)
    assert refused.returncode == 1
    assert refused.stderr == (
        f"Error: --bulk loads only into an empty database; 'neo4j' holds {len(files.nodes) + 1} nodes "
        "(use `ddgraph load`)\n"
    )


def bulk_holds_the_lock(driver: Any) -> bool:
    """Whether the lock transaction of ``ddgraph load --bulk`` (tagged with its app name) is open."""
    found = driver.execute_query(
        "SHOW TRANSACTIONS YIELD metaData WHERE metaData.app = $app RETURN count(*) AS n",
        app="ddgraph load --bulk",
    ).records[0]["n"]
    return bool(found)


def bulk_marked(driver: Any) -> bool:
    """Whether ``ddgraph load --bulk`` has committed its mark (it stops the server next)."""
    try:
        rows = driver.execute_query("MATCH (m:DdgraphLoad {id: 'load'}) RETURN m.bulk_import AS b").records
    except (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError):
        return False
    return bool(rows and rows[0]["b"])


@pytest.mark.neo4j
@pytest.mark.slow
def test_a_bulk_load_waits_for_a_writer_holding_the_lock_then_refuses(own_server: dict[str, str]) -> None:
    """A writer holding the load lock makes --bulk wait; once it commits, --bulk refuses and stops nothing."""
    db = own_server
    pid = server_pid(db)
    driver = neo4j_store.connect(db["NEO4J_URI"], "neo4j", db["NEO4J_PASSWORD"])
    try:
        neo4j_store.apply_schema(driver)
        # 1. another writer holds the lock (as every ddgraph write does) in an open transaction:
        #    --bulk waits for it, then finds the database no longer empty and stops nothing
        with driver.session() as session:
            tx = session.begin_transaction()
            tx.run("MERGE (m:DdgraphLoad {id: 'load'}) SET m.writer = 'a test' CREATE (:Country {id: 'x'})")
            waiting = started(db, "load", "--bulk", "graph")
            deadline = time.monotonic() + 120
            while not bulk_holds_the_lock(driver) and time.monotonic() < deadline:
                time.sleep(0.1)  # the bulk's lock statement is open (blocked behind ours)
            assert waiting.poll() is None
            tx.commit()
        out, err = waiting.communicate(timeout=300)
        assert waiting.returncode == 1, out + err
        assert err == (
            "Error: --bulk loads only into an empty database; 'neo4j' holds 2 nodes (use `ddgraph load`)\n"
        )
        assert server_pid(db) == pid  # never stopped
    finally:
        driver.close()


@pytest.mark.neo4j
@pytest.mark.slow
def test_writers_started_once_a_bulk_load_has_marked_the_database_never_commit(
    own_server: dict[str, str], tiny_dir: Path
) -> None:
    """Writers that start once --bulk has committed its mark refuse (or find the server stopping): the
    lock statement of every ddgraph write (run here) and a whole `ddgraph load`. The database ends
    with exactly the bulk's files."""
    db = own_server
    driver = neo4j_store.connect(db["NEO4J_URI"], "neo4j", db["NEO4J_PASSWORD"])
    try:
        neo4j_store.apply_schema(driver)
        bulk = started(db, "load", "--bulk", "graph")
        deadline = time.monotonic() + 300
        while not bulk_marked(driver):
            assert time.monotonic() < deadline and bulk.poll() is None, "the bulk load never marked"
            time.sleep(0.02)
        other = started(db, "load", str(tiny_dir))
        t0 = time.monotonic()
        try:
            with driver.session() as session, session.begin_transaction() as tx:
                take_lock(tx, writer="a test")  # the lock statement of every ddgraph write
                tx.run("CREATE (:Country {id: 'x'})").consume()
                tx.commit()
            ended: Exception | None = None
        except (StoreBusy, neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError) as e:
            ended = e
        assert ended is not None, (
            f"a writer queued behind --bulk committed after {time.monotonic() - t0:.1f} s "
            f"(bulk still running: {bulk.poll() is None})"
        )
    finally:
        driver.close()
    other_out, other_err = other.communicate(timeout=600)
    assert other.returncode == 1, other_out
    assert other_err.startswith("Error: ") and other_err.count("\n") == 1, other_err
    out, err = bulk.communicate(timeout=600)
    assert bulk.returncode == 0, out + err
    exported = ddgraph("export", "--from-neo4j", "--format", "jsonl", env=db)
    assert exported.stdout == to_jsonl(to_property_graph(load_dataset(ROOT / "graph")))
    again = ddgraph("load", "graph", env=db)
    assert again.stdout.startswith("loaded graph/: 0 changes"), again.stdout + again.stderr
