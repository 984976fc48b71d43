"""Big loads against a real Neo4j: staged in committed batches, atomic for readers, and the hash diff.

* the diff from the (id, content hash) pairs the database holds equals the diff of the graph read back,
  on graph/ and on a synthetic dataset;
* a reader polling during a staged load sees the old graph or the new one, never a mix;
* a staged load killed half way leaves the old graph; the next load deletes the staging and succeeds;
* a load started during a staged load waits for its lock, then stops (the concurrency rule holds);
* a load bigger than a small ``db.memory.transaction.max`` (32 MiB) goes through in batches, and back
  (slow: own server);
* the size of a one-transaction load follows the server's transaction memory.
"""

from __future__ import annotations

import copy
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from ddgraph import load_dataset, neo4j_store
from ddgraph.export import to_jsonl
from ddgraph.graph import Node, PropertyGraph, Relationship, to_property_graph
from ddgraph.neo4j_store.diff import diff_graphs, diff_hashes, graph_digest
from ddgraph.neo4j_store.read import _read, _read_hashes
from ddgraph.synth import SynthConfig, write_synthetic
from servers import own_server_env
from test_neo4j_diff import _ids
from test_neo4j_store import ddgraph, write_big_copy

pytestmark = pytest.mark.neo4j

ROOT = Path(__file__).parent.parent


def graph_of(path: Path) -> PropertyGraph:
    return to_property_graph(load_dataset(path))


def staged_count(driver: Any) -> int:
    with driver.session() as s:
        return int(s.run("MATCH (n:DdgraphStaged) RETURN count(n) AS c").single()["c"])


def both_diffs(driver: Any, new: PropertyGraph) -> tuple[Any, Any]:
    """(the diff from the database's hashes, the diff from its graph read back) against ``new``."""
    with driver.session() as s:
        stored, _, _ = s.execute_read(_read_hashes, {})
        old = s.execute_read(_read)
    return diff_hashes(stored, new), diff_graphs(old, new)


def edits_of(g: PropertyGraph) -> PropertyGraph:
    """``g`` with a property and a kind label changed, a node removed, a relationship's ends swapped."""
    new = copy.deepcopy(g)
    nodes = sorted(new.nodes)
    a = new.nodes[nodes[0]]
    new.nodes[a.id] = Node(a.id, a.labels, {**a.props, "note": "edited"})
    mech = next(n for n in new.sorted_nodes() if n.label == "Mechanism" and len(n.labels) > 1)
    new.nodes[mech.id] = Node(mech.id, (mech.label,), mech.props)
    gone = nodes[len(nodes) // 2]
    del new.nodes[gone]
    for rid in [rid for rid, r in new.relationships.items() if gone in (r.start, r.end)]:
        del new.relationships[rid]
    rid, r = next((k, r) for k, r in sorted(new.relationships.items()) if r.type == "PARTICIPATES_IN")
    new.relationships[rid] = Relationship(rid, r.type, r.end, r.start, r.props)
    return new


@pytest.mark.parametrize("which", ["graph", "synth"])
def test_the_hash_diff_equals_the_full_read_back_diff_on_real_data(neo4j_driver, tmp_path, which):
    if which == "graph":
        g = graph_of(ROOT / "graph")
    else:
        write_synthetic(tmp_path / "synth", SynthConfig(seed=3, scale=0.002))
        g = graph_of(tmp_path / "synth")
    neo4j_store.load(neo4j_driver, g)
    for new in (g, edits_of(g), PropertyGraph()):
        by_hash, by_read = both_diffs(neo4j_driver, new)
        assert _ids(by_hash) == _ids(by_read)
    assert _ids(both_diffs(neo4j_driver, edits_of(g))[0]) != _ids(both_diffs(neo4j_driver, g)[0])


def test_nodes_stored_without_a_hash_are_compared_by_what_they_hold_and_get_one(neo4j_driver, tiny_dir):
    """What ``load --bulk`` or an older ddgraph wrote (no ddgraph_hash) is diffed exactly, then hashed."""
    g = graph_of(tiny_dir)
    neo4j_store.load(neo4j_driver, g)
    with neo4j_driver.session() as s:
        s.run("MATCH (n) REMOVE n.ddgraph_hash").consume()
        s.run("MATCH ()-[r]->() REMOVE r.ddgraph_hash").consume()
        s.run("MATCH (m:DdgraphLoad) SET m.sha256 = null").consume()
    assert neo4j_store.load(neo4j_driver, g).changes == 0
    with neo4j_driver.session() as s:
        missing = s.run(
            "RETURN COUNT { MATCH (n) WHERE NOT n:DdgraphLoad AND n.ddgraph_hash IS NULL } + "
            "COUNT { MATCH ()-[r]->() WHERE r.ddgraph_hash IS NULL } AS c"
        ).single()["c"]
    assert missing == 0
    assert neo4j_store.read_graph(neo4j_driver) == g


def test_a_reader_during_a_staged_load_sees_the_old_or_the_new_graph(neo4j_driver, tiny_dir, tmp_path):
    big = tmp_path / "big"
    write_big_copy(tiny_dir, big, persons=3000)
    old_g, new_g = graph_of(tiny_dir), graph_of(big)
    neo4j_store.load(neo4j_driver, old_g)
    old, new = graph_digest(old_g), graph_digest(new_g)
    seen: list[str] = []
    staged_seen: list[int] = []
    done = threading.Event()

    def reader() -> None:
        while not done.is_set():
            seen.append(graph_digest(neo4j_store.read_graph(neo4j_driver)))
            staged_seen.append(staged_count(neo4j_driver))

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        summary = neo4j_store.load(neo4j_driver, new_g, txn_rows=100, batch_size=300)
        time.sleep(0.5)
    finally:
        done.set()
        thread.join()
    assert summary.changes == 9000
    assert set(seen) <= {old, new}, "a reader saw half a load"
    assert seen[0] == old and seen[-1] == new
    assert max(staged_seen) > 0, "the reader ran while the load was staging"
    assert staged_count(neo4j_driver) == 0
    # and back to the small graph, staged as well: deletes are made visible at once too
    assert neo4j_store.load(neo4j_driver, old_g, txn_rows=100, batch_size=300).nodes.deleted == 3000
    assert neo4j_store.read_graph(neo4j_driver) == old_g


def test_a_staged_load_killed_half_way_leaves_the_old_graph_and_the_next_load_cleans_up(
    neo4j_driver, neo4j_env, tiny_dir, tmp_path
):
    big = tmp_path / "big"
    write_big_copy(tiny_dir, big, persons=6000)
    old_g = graph_of(tiny_dir)
    neo4j_store.load(neo4j_driver, old_g)
    cmd = [sys.executable, "-m", "ddgraph", "load", "--txn-rows", "100", str(big)]
    with subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) as proc:
        deadline = time.monotonic() + 300
        while staged_count(neo4j_driver) < 1000 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert proc.poll() is None, "the load ended before it was killed"
        proc.send_signal(signal.SIGKILL)
    deadline = time.monotonic() + 120  # the server rolls the killed load's lock transaction back
    while time.monotonic() < deadline:
        with neo4j_driver.session() as s:
            rows = s.run("SHOW TRANSACTIONS YIELD metaData RETURN metaData").data()
        if not any((r["metaData"] or {}).get("app") == "ddgraph load" for r in rows):
            break
        time.sleep(0.1)
    assert staged_count(neo4j_driver) >= 1000  # the staging is there, and invisible:
    assert neo4j_store.read_graph(neo4j_driver) == old_g
    done = ddgraph("load", "--txn-rows", "100", str(big))
    assert done.returncode == 0, done.stderr
    assert staged_count(neo4j_driver) == 0
    assert neo4j_store.read_graph(neo4j_driver) == graph_of(big)


@pytest.mark.slow
def test_a_load_bigger_than_a_small_transaction_memory_goes_through_in_batches(tiny_dir, tmp_path):
    """A load one 32 MiB transaction cannot hold, and back (the deletes hidden, then removed in batches)."""
    env = own_server_env(tmp_path / "n4j", NEO4J_TX_MEMORY_MAX="32m")
    script = str(ROOT / "scripts" / "neo4j-local")
    full_env = {**os.environ, **env}
    assert subprocess.run([script, "start"], env=full_env).returncode == 0
    try:
        big = tmp_path / "big"
        write_big_copy(tiny_dir, big, persons=6000)
        with neo4j_store.connect(env["NEO4J_URI"], "neo4j", env["NEO4J_PASSWORD"]) as driver:
            assert neo4j_store.txn_rows_of(driver) == neo4j_store.TXN_ROWS  # 32 MiB: the floor
        proc = ddgraph("load", str(big), env=env, timeout=900)  # default --txn-rows: the memory decides
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout.endswith(
            "18058 changes (nodes: 6025 created, 0 updated, 0 deleted; "
            "relationships: 12033 created, 0 updated, 0 deleted)\n"
        ), proc.stdout
        exported = ddgraph("export", "--from-neo4j", "--format", "jsonl", env=env)
        assert exported.stdout == to_jsonl(graph_of(big)), exported.stderr
        again = ddgraph("load", str(tiny_dir), env=env, timeout=900)  # 18000 deletes: hidden, then removed
        assert again.returncode == 0, again.stderr
        exported = ddgraph("export", "--from-neo4j", "--format", "jsonl", env=env)
        assert exported.stdout == to_jsonl(graph_of(tiny_dir)), exported.stderr
    finally:
        subprocess.run([script, "stop"], env=full_env)


def test_a_load_during_a_staged_load_waits_for_it_and_then_stops(neo4j_driver, tiny_dir, tmp_path):
    """The concurrency rule on the staged path: the staged load holds the load lock from its start."""
    big = tmp_path / "big"
    write_big_copy(tiny_dir, big, persons=3000)
    old_g, new_g = graph_of(tiny_dir), graph_of(big)
    neo4j_store.load(neo4j_driver, old_g)
    results: list[Any] = []
    staged = threading.Thread(
        target=lambda: results.append(neo4j_store.load(neo4j_driver, new_g, txn_rows=100, batch_size=300))
    )
    staged.start()
    try:
        deadline = time.monotonic() + 120
        while staged_count(neo4j_driver) == 0 and time.monotonic() < deadline:
            time.sleep(0.02)
        other = copy.deepcopy(old_g)
        usa = other.nodes["usa"]
        other.nodes["usa"] = Node("usa", usa.labels, {**usa.props, "name_en": "Other"})
        waited = "another ddgraph load .* committed while this load waited"
        with pytest.raises(neo4j_store.StoreBusy, match=waited):
            neo4j_store.load(neo4j_driver, other, lock_timeout=120)
    finally:
        staged.join()
    assert results and results[0].changes == 9000
    assert neo4j_store.read_graph(neo4j_driver) == new_g


def test_the_size_of_a_one_transaction_load_follows_the_servers_transaction_memory(neo4j_driver):
    """A quarter of the least bound on a transaction's memory (one transaction's, all transactions',
    the heap), at ROW_BYTES a row, never below TXN_ROWS: a big server takes a big load at once."""
    from ddgraph.neo4j_store.write import MEMORY_SHARE, ROW_BYTES, _bytes_of, _staged_size

    names = [
        "db.memory.transaction.max",
        "db.memory.transaction.total.max",
        "dbms.memory.transaction.total.max",
        "server.memory.heap.max_size",
    ]
    records = neo4j_driver.execute_query(
        "SHOW SETTINGS YIELD name, value WHERE name IN $names RETURN name, value", names=names
    ).records
    bounds = {r["name"]: _bytes_of(r["value"]) for r in records}
    assert bounds["server.memory.heap.max_size"], bounds  # the heap is always known
    least = min(v for v in bounds.values() if v)
    rows = neo4j_store.txn_rows_of(neo4j_driver)
    planned = least * MEMORY_SHARE  # the memory one load plans to hold in one transaction
    if rows > neo4j_store.TXN_ROWS:  # the most rows that fit the plan: one more does not
        assert rows * ROW_BYTES <= planned < (rows + 1) * ROW_BYTES, (rows, bounds)
    else:  # a server with little memory: the floor, and the plan holds no more than it
        assert rows == neo4j_store.TXN_ROWS and planned < (rows + 1) * ROW_BYTES, (rows, bounds)
    # a load asks the server only for a change above TXN_ROWS (no driver: no question asked)
    assert not _staged_size(neo4j_store.TXN_ROWS, None, None, "neo4j")  # type: ignore[arg-type]
    assert _staged_size(rows + 1, None, neo4j_driver, "neo4j")
    assert not _staged_size(rows, None, neo4j_driver, "neo4j")
    assert _staged_size(101, 100, None, "neo4j")  # type: ignore[arg-type]  # --txn-rows N decides alone
