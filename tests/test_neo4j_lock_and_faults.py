"""Concurrent loads, held locks, unreadable databases, bad URIs and kept scores, against a real Neo4j.

* two loads at once end in exactly one load's input, and the one that waited says so in one line;
* a load behind another session's open transaction stops after ``--lock-timeout`` with one line;
* a hand-made node without an id: ``export --from-neo4j`` and ``--neo4j`` refuse in one line, the next
  load repairs it;
* an ``http://`` URI and a URI holding a password: one line, the password never printed;
* a load keeps the centrality scores of a write-back, stored with ``centrality_as_of`` as a DATE
  (a load bigger than the server's transaction memory: tests/test_neo4j_staged.py).
"""

from __future__ import annotations

import copy
import datetime as dt
import random
import secrets
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from ddgraph import load_dataset, neo4j_store
from ddgraph.export import to_jsonl
from ddgraph.graph import Node, to_property_graph
from test_neo4j_store import ddgraph, write_big_copy

ROOT = Path(__file__).parent.parent


def files_export(path: Path) -> str:
    return to_jsonl(to_property_graph(load_dataset(path)))


def one_error_line(err: str) -> str:
    assert "Traceback" not in err and err.startswith("Error: ") and len(err.strip().splitlines()) == 1, err
    return err.strip()


# ------------------------------------------------------------------------------ concurrent loads
@pytest.mark.neo4j
@pytest.mark.slow
def test_random_pairs_of_concurrent_loads_end_in_exactly_one_input(
    neo4j_driver, neo4j_env, tiny_dir, tmp_path
):
    """Property: whatever the sizes and the delay between them, the database equals one load's files,
    a load that exits 0 is the one whose files the database holds or one that committed before the other
    began, and a load that stops says so in one line."""
    rng = random.Random(13)
    assert ddgraph("load", str(tiny_dir)).returncode == 0
    for trial in range(4):
        dirs = []
        for side in ("a", "b"):
            d = tmp_path / f"{trial}{side}"
            write_big_copy(tiny_dir, d, persons=rng.randint(20, 800))
            dirs.append(d)
        exports = {files_export(d): d for d in dirs}
        assert len(exports) == 2  # distinct inputs
        delay = rng.uniform(0, 1.5)
        first = subprocess.Popen(
            [sys.executable, "-m", "ddgraph", "load", str(dirs[0])],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        time.sleep(delay)
        second = subprocess.Popen(
            [sys.executable, "-m", "ddgraph", "load", str(dirs[1])],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        results = {}
        for d, proc in zip(dirs, (first, second), strict=True):
            out, err = proc.communicate(timeout=300)
            results[d] = (proc.returncode, out, err)
        final = to_jsonl(neo4j_store.read_graph(neo4j_driver))
        assert final in exports, f"trial {trial}: the database equals neither input"
        winner = exports[final]
        assert results[winner][0] == 0, results[winner]
        for code, _out, err in results.values():
            if code != 0:
                assert "another ddgraph load" in one_error_line(err)
        assert any(code == 0 for code, _, _ in results.values())


@pytest.mark.neo4j
def test_a_load_that_waited_behind_another_load_stops_and_says_so(neo4j_driver, tiny_dir):
    g = to_property_graph(load_dataset(tiny_dir))
    neo4j_store.load(neo4j_driver, g)
    other = neo4j_driver.session()
    tx = other.begin_transaction()  # another load in flight: it holds the bookkeeping node
    tx.run("MATCH (m:DdgraphLoad {id: 'load'}) SET m.generation = m.generation + 1").consume()
    changed = copy.deepcopy(g)
    usa = changed.nodes["usa"]
    changed.nodes["usa"] = Node("usa", usa.labels, {**usa.props, "name_en": "Changed"})
    outcome: list[BaseException | neo4j_store.LoadSummary] = []

    def run() -> None:
        try:
            outcome.append(neo4j_store.load(neo4j_driver, changed, lock_timeout=60))
        except BaseException as e:  # noqa: BLE001 - the test inspects it
            outcome.append(e)

    thread = threading.Thread(target=run)
    thread.start()
    time.sleep(2)
    assert thread.is_alive() and not outcome  # it waits for the other load
    tx.commit()
    other.close()
    thread.join(60)
    assert isinstance(outcome[0], neo4j_store.StoreBusy), outcome
    assert str(outcome[0]).startswith("another ddgraph load (or write) committed while this load waited")
    assert neo4j_store.read_graph(neo4j_driver) == g  # the other load's state, nothing of this one


@pytest.mark.neo4j
def test_a_load_behind_another_sessions_lock_stops_after_the_lock_timeout(neo4j_driver, neo4j_env, tiny_dir):
    assert ddgraph("load", str(tiny_dir)).returncode == 0
    before = to_jsonl(neo4j_store.read_graph(neo4j_driver))
    data = tiny_dir / "data.yaml"
    data.write_text(
        data.read_text(encoding="utf-8").replace("name: {en: United States", "name: {en: USA"), "utf-8"
    )
    with neo4j_driver.session() as session:
        tx = session.begin_transaction()  # someone editing in the Browser, never committing
        tx.run("MATCH (c:Country {id: 'usa'}) SET c.note = 'editing'").consume()
        start = time.monotonic()
        proc = ddgraph("load", "--lock-timeout", "2", str(tiny_dir), timeout=120)
        took = time.monotonic() - start
        tx.rollback()
    line = one_error_line(proc.stderr)
    assert proc.returncode == 1 and took < 60
    assert line.startswith("Error: waited 2 s for a lock held by transaction neo4j-transaction-")
    assert line.endswith(
        "of user 'neo4j'; nothing was written (run the load again once that transaction has ended)"
    )
    assert to_jsonl(neo4j_store.read_graph(neo4j_driver)) == before
    assert ddgraph("load", str(tiny_dir)).returncode == 0  # once the lock is gone the load goes through


# ------------------------------------------------------------------------ unreadable databases
@pytest.mark.neo4j
def test_a_country_without_an_id_is_refused_by_readers_and_repaired_by_the_next_load(
    neo4j_driver, neo4j_env, tiny_dir
):
    assert ddgraph("load", str(tiny_dir)).returncode == 0
    with neo4j_driver.session() as s:
        s.run("CREATE (:Country {name_en: 'Hand-made'})").consume()
    expected = (
        "Error: the database holds 1 Country node without an id (not written by `ddgraph load`), so "
        "ddgraph cannot read it fully; `ddgraph load DIR` replaces them with the files' graph"
    )
    for args in (
        ["export", "--from-neo4j"],
        ["channels", "USA", "CHN", "--as-of", "2024-03-31", "--neo4j"],
        ["timeline", "usa", "chn", "--from", "2020", "--neo4j"],
    ):
        proc = ddgraph(*args)
        assert (proc.returncode, proc.stdout, one_error_line(proc.stderr)) == (1, "", expected), args
    repaired = ddgraph("load", str(tiny_dir))
    assert repaired.returncode == 0 and "1 deleted" in repaired.stdout, repaired.stdout
    assert ddgraph("export", "--from-neo4j", "--format", "jsonl").stdout == files_export(tiny_dir)


@pytest.mark.neo4j
def test_relationships_without_ids_from_another_import_are_refused_not_read_in_part(
    neo4j_driver, neo4j_env, tiny_dir
):
    assert ddgraph("load", str(tiny_dir)).returncode == 0
    with neo4j_driver.session() as s:  # as an apoc.import of data without relationship ids leaves them
        s.run("MATCH ()-[r:PARTICIPATES_IN]->() REMOVE r.id").consume()
    proc = ddgraph("channels", "USA", "CHN", "--neo4j", "--as-of", "2024-03-31")
    line = one_error_line(proc.stderr)
    assert proc.returncode == 1 and "PARTICIPATES_IN relationships without an id" in line


@pytest.mark.neo4j
def test_an_empty_database_is_refused_instead_of_answering_empty(neo4j_driver, neo4j_env):
    proc = ddgraph("channels", "USA", "CHN", "--as-of", "2024-03-31", "--neo4j")
    assert (proc.returncode, proc.stdout) == (1, "")
    assert one_error_line(proc.stderr) == (
        "Error: the database holds no ddgraph graph: load one first with `ddgraph load DIR`"
    )


# ----------------------------------------------------------------------------------- bad URIs
@pytest.mark.parametrize(
    "command",
    [["load", "tests/data/neo4j_tiny"], ["export", "--from-neo4j"], ["query", "officials_met", "--example"]],
)
def test_an_http_uri_is_one_line(command):
    proc = ddgraph(
        *command, env={"NEO4J_URI": "http://127.0.0.1:7474", "NEO4J_PASSWORD": "some-password"}, cwd=ROOT
    )
    assert (proc.returncode, proc.stdout) == (1, "")
    assert one_error_line(proc.stderr) == (
        "Error: invalid Neo4j URI 'http://127.0.0.1:7474': ddgraph speaks Bolt, give bolt://HOST:7687 or "
        "neo4j://HOST:7687 (http:// is the Browser's address)"
    )


@pytest.mark.parametrize(
    "command", [["load", "tests/data/neo4j_tiny"], ["export", "--from-neo4j"], ["run", "--out", "OUT"]]
)
def test_a_password_inside_the_uri_is_never_printed(command, tmp_path):
    secret = "SECRET-" + secrets.token_hex(4)
    args = [str(tmp_path / "out") if a == "OUT" else a for a in command]
    env = {"NEO4J_URI": f"bolt://neo4j:{secret}@127.0.0.1:1", "NEO4J_PASSWORD": "other-password"}
    proc = ddgraph(*args, env=env, cwd=ROOT)
    assert proc.returncode == 1 and secret not in proc.stdout + proc.stderr
    assert one_error_line(proc.stderr) == (
        "Error: the Neo4j URI 'bolt://***@127.0.0.1:1' holds credentials: give them with "
        "NEO4J_USER / NEO4J_PASSWORD"
    )


# -------------------------------------------------------------------------------- kept scores
@pytest.mark.neo4j
def test_a_load_keeps_the_written_back_scores_and_stores_the_day_as_a_date(neo4j_driver, neo4j_env, tiny_dir):
    assert ddgraph("load", str(tiny_dir)).returncode == 0
    day = dt.date(2024, 3, 31)
    written = neo4j_store.write_node_properties(
        neo4j_driver, "Country", {"usa": {"centrality_betweenness": 0.25, "centrality_as_of": day}}
    )
    assert written == 1
    again = ddgraph("load", str(tiny_dir))  # the same files: nothing to change, the scores stay
    assert again.returncode == 0 and "0 changes" in again.stdout
    data = tiny_dir / "data.yaml"
    data.write_text(
        data.read_text(encoding="utf-8").replace("name: {en: United States", "name: {en: USA"), "utf-8"
    )
    changed = ddgraph("load", str(tiny_dir))  # usa itself is updated: its scores stay too
    assert changed.returncode == 0 and "1 updated" in changed.stdout, changed.stdout
    with neo4j_driver.session() as s:
        row = s.run(
            "MATCH (c:Country {id: 'usa'}) RETURN c.name_en AS name, c.centrality_betweenness AS b, "
            "c.centrality_as_of AS day, valueType(c.centrality_as_of) AS type"
        ).single()
    assert (row["name"], row["b"], row["day"].to_native(), row["type"]) == ("USA", 0.25, day, "DATE NOT NULL")
    # the scores are annotations: the export from Neo4j is still the export of the files
    assert ddgraph("export", "--from-neo4j", "--format", "jsonl").stdout == files_export(tiny_dir)
