"""ddgraph.neo4j_store and `ddgraph load` / `export --from-neo4j`, against a real Neo4j server."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from ddgraph import load_dataset, neo4j_store
from ddgraph.cli import main
from ddgraph.dataset import files_digest
from ddgraph.export import to_jsonl
from ddgraph.graph import PropertyGraph, to_property_graph

pytestmark = pytest.mark.neo4j

ZERO = "0 changes (nodes: 0 created, 0 updated, 0 deleted; relationships: 0 created, 0 updated, 0 deleted)"


def graph_of(path: Path) -> PropertyGraph:
    return to_property_graph(load_dataset(path))


def cli(*args: str) -> Any:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def ddgraph(*args: str, env: dict[str, str] | None = None, **kw: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ddgraph", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        **kw,
    )


def db_export(driver: Any) -> str:
    return to_jsonl(neo4j_store.read_graph(driver))


def checksum(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def db_counts(driver: Any) -> tuple[int, int]:
    """Every node and relationship in the database, but the one bookkeeping node of the last load."""
    with driver.session() as s:
        assert s.run("MATCH (m:DdgraphLoad) RETURN count(m) AS c").single()["c"] <= 1
        nodes = s.run("MATCH (n) WHERE NOT n:DdgraphLoad RETURN count(n) AS c").single()["c"]
        rels = s.run("MATCH ()-[r]->() RETURN count(r) AS c").single()["c"]
    return nodes, rels


# ----------------------------------------------------------------------------------- idempotence
def test_first_load_creates_everything_and_the_second_load_changes_nothing(neo4j_driver, neo4j_env, tiny_dir):
    first = cli("load", str(tiny_dir))
    assert first.exit_code == 0, first.output
    assert first.output == (
        f"loaded {tiny_dir}/: 58 changes (nodes: 25 created, 0 updated, 0 deleted; "
        "relationships: 33 created, 0 updated, 0 deleted)\n"
    )
    second = cli("load", str(tiny_dir))
    assert second.exit_code == 0, second.output
    assert second.output == f"loaded {tiny_dir}/: {ZERO}\n"


class Parses:
    """Counts how often `ddgraph load` parses the files (an unchanged reload should not)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        from ddgraph.cli import neo4j_cmds

        self.count = 0
        for name in ("load_dataset_digest", "load_dataset"):  # either way of reading the files
            monkeypatch.setattr(neo4j_cmds, name, self._counted(getattr(neo4j_cmds, name)))

    def _counted(self, real: Any) -> Any:
        def counted(*args: Any, **kw: Any) -> Any:
            self.count += 1
            return real(*args, **kw)

        return counted

    def __call__(self, *args: str) -> tuple[str, int]:
        """The output of `ddgraph load ARGS` and whether it parsed the files (1) or not (0)."""
        before = self.count
        result = cli("load", *args)
        assert result.exit_code == 0, result.output
        return result.output, self.count - before


def test_a_reload_of_the_same_files_is_answered_without_parsing_them(
    neo4j_driver, neo4j_env, tiny_dir, monkeypatch
):
    load = Parses(monkeypatch)
    first, parsed = load(str(tiny_dir))
    assert parsed == 1 and not first.endswith(f"{ZERO}\n")
    assert load(str(tiny_dir)) == (f"loaded {tiny_dir}/: {ZERO}\n", 0)
    assert load("--full", str(tiny_dir)) == (f"loaded {tiny_dir}/: {ZERO}\n", 1)  # --full always reads
    with neo4j_driver.session() as s:
        files = s.run("MATCH (m:DdgraphLoad) RETURN m.files AS f").single()["f"]
    assert files[0] == f"sha256={neo4j_store.graph_digest(graph_of(tiny_dir))}"
    assert files[2:] == ["nodes=25", "relationships=33"]


def test_the_files_answer_only_while_the_database_holds_their_graph_untouched(
    neo4j_driver, neo4j_env, tiny_dir, tmp_path, monkeypatch
):
    load = Parses(monkeypatch)
    load(str(tiny_dir))
    with neo4j_driver.session() as s:  # a node deleted by hand: the counts differ, the files are read
        s.run("MATCH (p:Person) WITH p LIMIT 1 DETACH DELETE p").consume()
    repaired, parsed = load(str(tiny_dir))
    assert parsed == 1 and "1 created" in repaired
    assert load(str(tiny_dir))[1] == 0
    neo4j_store.write_node_properties(neo4j_driver, "Country", {"usa": {"score": 1.0}})  # a write-back
    assert load(str(tiny_dir)) == (
        f"loaded {tiny_dir}/: 1 changes (nodes: 0 created, 1 updated, 0 deleted; "
        "relationships: 0 created, 0 updated, 0 deleted)\n",
        1,
    )
    other = tmp_path / "other"  # a load of other files in between: the first files are read again
    shutil.copytree(tiny_dir, other)
    data = other / "data.yaml"
    data.write_text(data.read_text(encoding="utf-8").replace("Singapore", "Singapura", 1), encoding="utf-8")
    assert load(str(other))[0].startswith(f"loaded {other}/: 1 changes")
    back, parsed = load(str(tiny_dir))
    assert parsed == 1 and back.startswith(f"loaded {tiny_dir}/: 1 changes")
    assert db_export(neo4j_driver) == to_jsonl(graph_of(tiny_dir))
    neo4j_store.load(neo4j_driver, graph_of(other))  # a library load records no files: nothing to trust
    assert not neo4j_store.holds_files(neo4j_driver, files_digest(other) or "")
    assert load(str(tiny_dir))[1] == 1


def test_an_edit_that_leaves_the_graph_alone_records_the_new_files(
    neo4j_driver, neo4j_env, tiny_dir, monkeypatch
):
    load = Parses(monkeypatch)
    load(str(tiny_dir))
    data = tiny_dir / "data.yaml"
    data.write_text(data.read_text(encoding="utf-8") + "# a curator's comment\n", encoding="utf-8")
    assert load(str(tiny_dir)) == (f"loaded {tiny_dir}/: {ZERO}\n", 1)  # the graph digest says unchanged
    assert load(str(tiny_dir)) == (f"loaded {tiny_dir}/: {ZERO}\n", 0)  # and these files are now known


def test_the_schema_is_applied_once_and_a_missing_index_is_put_back(neo4j_driver):
    from ddgraph.cypher_library import schema_statements

    def names() -> set[str]:
        with neo4j_driver.session() as s:
            return {r["name"] for r in s.run("SHOW INDEXES YIELD name")}

    before = names()
    assert {"ddgraph_names", "mechanism_id"} <= before
    assert neo4j_store.apply_schema(neo4j_driver) == 0  # every constraint and index there, online
    with neo4j_driver.session() as s:
        s.run("DROP INDEX ddgraph_names").consume()
    assert "ddgraph_names" not in names()
    assert neo4j_store.apply_schema(neo4j_driver) == len(schema_statements())
    assert names() == before


def test_database_holds_as_many_nodes_and_relationships_as_the_export(neo4j_driver, tiny_dir):
    g = graph_of(tiny_dir)
    neo4j_store.load(neo4j_driver, g)
    lines = to_jsonl(g).splitlines()
    assert (
        db_counts(neo4j_driver)
        == (
            sum('"type": "node"' in line for line in lines),
            sum('"type": "relationship"' in line for line in lines),
        )
        == (25, 33)
    )


def test_read_graph_after_load_is_the_loaded_graph_exactly(neo4j_driver, tiny_dir):
    g = graph_of(tiny_dir)
    neo4j_store.load(neo4j_driver, g)
    back = neo4j_store.read_graph(neo4j_driver)
    assert back == g
    hotline = back.nodes["hotline"]
    assert hotline.labels == ("Mechanism", "Hotline")
    assert hotline.props["topics"] == ["crisis communication"]
    status = back.nodes["hotline--suspended--2022-08-05"].props
    assert (status["seq"], status["from"], status["to"], status["from_precision"]) == (
        2,
        "2022-08-05",
        "2023-11-15",
        "day",
    )


def test_dates_are_native_neo4j_dates_that_cypher_can_compare(neo4j_driver, tiny_dir):
    neo4j_store.load(neo4j_driver, graph_of(tiny_dir))
    with neo4j_driver.session() as s:
        row = s.run(
            "MATCH (s:StatusChange {mechanism: 'hotline'}) "
            "WHERE s.from <= date($asOf) AND (s.to IS NULL OR date($asOf) < s.to) "
            "RETURN s.status AS status, valueType(s.from) AS type",
            asOf="2022-09-01",
        ).single()
    assert (row["status"], row["type"]) == ("suspended", "DATE NOT NULL")


def test_every_node_and_relationship_keeps_its_sources(neo4j_driver, tiny_dir):
    neo4j_store.load(neo4j_driver, graph_of(tiny_dir))
    with neo4j_driver.session() as s:
        missing = s.run(
            "MATCH (n) WHERE NOT n:DdgraphLoad AND size(coalesce(n.sources, [])) = 0 RETURN count(n) AS c"
        ).single()["c"]
        missing += s.run(
            "MATCH ()-[r]->() WHERE size(coalesce(r.sources, [])) = 0 RETURN count(r) AS c"
        ).single()["c"]
    assert missing == 0


# ------------------------------------------------------------------------------ export equality
def test_export_from_neo4j_equals_export_from_files_byte_for_byte(neo4j_driver, neo4j_env, tiny_dir):
    assert cli("load", str(tiny_dir)).exit_code == 0
    from_files = cli("export", str(tiny_dir), "--format", "jsonl")
    from_neo4j = cli("export", "--from-neo4j", "--format", "jsonl")
    assert from_files.exit_code == from_neo4j.exit_code == 0
    assert from_neo4j.stdout_bytes == from_files.stdout_bytes
    # and through real processes and stdout pipes
    files = ddgraph("export", str(tiny_dir), "--format", "jsonl")
    neo = ddgraph("export", "--from-neo4j", "--format", "jsonl")
    assert (files.returncode, neo.returncode, neo.stderr) == (0, 0, "")
    assert neo.stdout == files.stdout == from_files.output


# ------------------------------------------------------------------------------------ the diff
def test_a_fact_removed_from_the_files_is_removed_from_the_database(neo4j_driver, tiny_dir):
    neo4j_store.load(neo4j_driver, graph_of(tiny_dir))
    data = tiny_dir / "data.yaml"
    text = data.read_text(encoding="utf-8")
    # drop Singapore from the forum and the meeting in Beijing
    text = text.replace("      - {party: sgp, role: host, sources: [src-b]}\n", "")
    start = text.index("  - id: meeting-2024")
    data.write_text(text[:start], encoding="utf-8")
    summary = neo4j_store.load(neo4j_driver, graph_of(tiny_dir))
    assert str(summary) == (
        "5 changes (nodes: 0 created, 0 updated, 1 deleted; relationships: 0 created, 0 updated, 4 deleted)"
    )
    assert db_export(neo4j_driver) == to_jsonl(graph_of(tiny_dir))
    with neo4j_driver.session() as s:
        assert (
            s.run(
                "MATCH (:Country {id: 'sgp'})-[r:PARTICIPATES_IN]->(:Mechanism {id: 'forum'}) "
                "RETURN count(r) AS c"
            ).single()["c"]
            == 0
        )
        assert s.run("MATCH (e:Event {id: 'meeting-2024'}) RETURN count(e) AS c").single()["c"] == 0


def test_a_changed_fact_is_updated_in_place_labels_included(neo4j_driver, tiny_dir):
    neo4j_store.load(neo4j_driver, graph_of(tiny_dir))
    data = tiny_dir / "data.yaml"
    text = data.read_text(encoding="utf-8")
    text = text.replace(
        "name: {en: Defense Telephone Link}\n    kind: hotline",
        "name: {en: Defense Policy Talks}\n    kind: military_talks",
    )
    text = text.replace("title: Secretary of Defense,", "title: Secretary of War,")
    data.write_text(text, encoding="utf-8")
    summary = neo4j_store.load(neo4j_driver, graph_of(tiny_dir))
    # the mechanism, its 4 status nodes (their names quote it) and the office term
    assert str(summary) == (
        "6 changes (nodes: 0 created, 5 updated, 0 deleted; relationships: 0 created, 1 updated, 0 deleted)"
    )
    back = neo4j_store.read_graph(neo4j_driver)
    assert back == graph_of(tiny_dir)
    assert back.nodes["hotline"].labels == ("Mechanism", "MilitaryTalks")


def test_a_reload_of_the_same_graph_trusts_the_digest_only_while_the_counts_match(neo4j_driver, tiny_dir):
    g = graph_of(tiny_dir)
    neo4j_store.load(neo4j_driver, g)
    with neo4j_driver.session() as s:
        digests = [r["d"] for r in s.run("MATCH (m:DdgraphLoad) RETURN m.sha256 AS d")]
        assert digests == [neo4j_store.graph_digest(g)]
        s.run("MATCH (p:Person) WITH p LIMIT 1 DETACH DELETE p").consume()  # a hand edit: counts differ
    summary = neo4j_store.load(neo4j_driver, g)
    assert summary.changes > 0 and db_export(neo4j_driver) == to_jsonl(g)
    assert str(neo4j_store.load(neo4j_driver, g)) == ZERO


def test_an_edit_reads_back_the_changed_buckets_only_and_ends_in_the_files_graph(neo4j_driver, tiny_dir):
    """A reload diffs the (id, hash) pairs of the buckets whose digest changed; what happened to the
    others behind ddgraph's back (a node deleted by hand: the counts differ) makes it read them all."""
    g = graph_of(tiny_dir)
    neo4j_store.load(neo4j_driver, g)
    with neo4j_driver.session() as s:
        buckets = s.run("MATCH (m:DdgraphLoad) RETURN m.buckets AS b").single()["b"]
    assert buckets[0] == f"sha256={neo4j_store.graph_digest(g)}" and "n:Country=" in " ".join(buckets)
    edit = graph_of(tiny_dir)
    hotline = edit.nodes["hotline"]
    edit.nodes["hotline"] = type(hotline)(hotline.id, hotline.labels, {**hotline.props, "name": "Renamed"})
    assert neo4j_store.load(neo4j_driver, edit).changes == 1
    assert db_export(neo4j_driver) == to_jsonl(edit)
    with neo4j_driver.session() as s:  # a hand edit in a bucket the next change leaves alone
        s.run("MATCH (p:Person) WITH p LIMIT 1 DETACH DELETE p").consume()
    summary = neo4j_store.load(neo4j_driver, g)  # the hotline back, and the person with its relationships
    assert summary.nodes.created == 1 and summary.nodes.updated == 1
    assert db_export(neo4j_driver) == to_jsonl(g)
    relabelled = graph_of(tiny_dir)  # a node of another primary label replaces its relationships
    usa = relabelled.nodes["usa"]
    relabelled.nodes["usa"] = type(usa)("usa", ("Organization",), usa.props)
    neo4j_store.load(neo4j_driver, relabelled)
    assert db_export(neo4j_driver) == to_jsonl(relabelled)
    assert str(neo4j_store.load(neo4j_driver, relabelled)) == ZERO


def test_an_edit_reads_back_the_shards_it_touched_by_id(neo4j_driver, tiny_dir, monkeypatch):
    """Buckets split into shards (here of one element each): a rename, and a node and relationship
    added, are diffed from the (id, hash) pairs read by the ids of the shards that changed, without
    reading any bucket whole; a deletion (the counts then say the database holds more) reads the
    buckets of the changed shards whole; each load ends in the files' graph."""
    from ddgraph.neo4j_store import diff as store_diff
    from ddgraph.neo4j_store import write as store_write

    monkeypatch.setattr(store_diff, "SHARD_SIZE", 1)
    g = graph_of(tiny_dir)
    neo4j_store.load(neo4j_driver, g)
    with neo4j_driver.session() as s:
        keys = [t.split("=")[0] for t in s.run("MATCH (m:DdgraphLoad) RETURN m.buckets AS b").single()["b"]]
    assert any(k.startswith("n:Country#") for k in keys)
    whole: list[str] = []
    by_bucket, by_label = store_write._q_bucket_nodes, store_write._q_bucket_rels
    monkeypatch.setattr(store_write, "_q_bucket_nodes", lambda label: whole.append(label) or by_bucket(label))
    monkeypatch.setattr(store_write, "_q_bucket_rels", lambda rtype: whole.append(rtype) or by_label(rtype))
    edit = graph_of(tiny_dir)
    usa = edit.nodes["usa"]
    edit.nodes["usa"] = type(usa)("usa", usa.labels, {**usa.props, "name": "Renamed"})
    edit.nodes["zzz"] = type(usa)("zzz", ("Country",), {**usa.props, "id": "zzz", "iso3": "ZZZ"})
    # (3 countries and 9 participations, one shard each, become 4 and 10: still 4 and 16 shards)
    part = next(r for r in edit.relationships.values() if r.type == "PARTICIPATES_IN")
    edit.add_relationship("PARTICIPATES_IN", "zzz", part.end, dict(part.props))
    summary = neo4j_store.load(neo4j_driver, edit)
    assert str(summary) == (
        "3 changes (nodes: 1 created, 1 updated, 0 deleted; relationships: 1 created, 0 updated, 0 deleted)"
    )
    assert whole == [] and db_export(neo4j_driver) == to_jsonl(edit)
    summary = neo4j_store.load(neo4j_driver, g)  # zzz and its relationship deleted, usa renamed back
    assert str(summary) == (
        "3 changes (nodes: 0 created, 1 updated, 1 deleted; relationships: 0 created, 0 updated, 1 deleted)"
    )
    # (a shard left empty is read whole at once, the others once the counts disagree)
    assert set(whole) == {"Country", "PARTICIPATES_IN"} and db_export(neo4j_driver) == to_jsonl(g)
    assert str(neo4j_store.load(neo4j_driver, g)) == ZERO


def test_a_hand_edit_that_keeps_the_counts_is_undone_by_a_full_load(neo4j_driver, neo4j_env, tiny_dir):
    assert cli("load", str(tiny_dir)).exit_code == 0
    with neo4j_driver.session() as s:
        s.run("MATCH (c:Country {id: 'usa'}) SET c.name = 'Edited'").consume()
    assert cli("load", str(tiny_dir)).output == f"loaded {tiny_dir}/: {ZERO}\n"  # trusted: same files
    full = cli("load", "--full", str(tiny_dir))
    assert full.output == (
        f"loaded {tiny_dir}/: 1 changes (nodes: 0 created, 1 updated, 0 deleted; "
        "relationships: 0 created, 0 updated, 0 deleted)\n"
    )
    assert db_export(neo4j_driver) == to_jsonl(graph_of(tiny_dir))


def test_a_write_query_makes_the_next_load_diff(neo4j_driver, tiny_dir):
    g = graph_of(tiny_dir)
    neo4j_store.load(neo4j_driver, g)
    neo4j_store.write_node_properties(neo4j_driver, "Country", {"usa": {"score": 1.0}})
    with neo4j_driver.session() as s:
        assert s.run("MATCH (m:DdgraphLoad) RETURN m.sha256 AS d").single()["d"] is None  # digest forgotten
    summary = neo4j_store.load(neo4j_driver, g)
    assert str(summary) == (
        "1 changes (nodes: 0 created, 1 updated, 0 deleted; relationships: 0 created, 0 updated, 0 deleted)"
    )
    assert db_export(neo4j_driver) == to_jsonl(g)


def test_an_invalid_dataset_writes_nothing(neo4j_driver, neo4j_env, tiny_dir):
    assert cli("load", str(tiny_dir)).exit_code == 0
    before = db_export(neo4j_driver)
    data = tiny_dir / "data.yaml"
    text = data.read_text(encoding="utf-8")
    text = text.replace(
        "mechanism: hotline\n    outcome: answered", "mechanism: no-such-hotline\n    outcome: answered"
    )
    text = text.replace("  - {id: sgp, iso3: SGP", "  - {id: sgp-x, iso3: SGP")  # and delete a country
    data.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["load", str(tiny_dir)])
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == "Error: 5 problem(s) found; nothing was written."
    assert db_export(neo4j_driver) == before


def test_a_value_that_cannot_be_stored_late_in_a_load_leaves_the_graph_before_it(neo4j_driver, tiny_dir):
    """The values are checked as the rows are made, while the batches before are already on the server
    (the load is pipelined): a bad one in the last statement rolls the whole transaction back."""
    g = graph_of(tiny_dir)
    neo4j_store.load(neo4j_driver, g)
    before = db_export(neo4j_driver)
    new = graph_of(tiny_dir)
    for nid, n in list(new.nodes.items()):  # every node is updated, one row a batch, before the relationships
        new.nodes[nid] = type(n)(n.id, n.labels, {**n.props, "name": f"{n.props.get('name')} (edited)"})
    r = new.sorted_relationships()[-1]  # and the last relationship holds a value Neo4j cannot store
    new.relationships[r.id] = type(r)(r.id, r.type, r.start, r.end, {**r.props, "note": {"nested": 1}})
    message = f"relationship '{r.id}': property 'note' has unsupported type dict"
    with pytest.raises(neo4j_store.StoreError, match=re.escape(message)):
        neo4j_store.load(neo4j_driver, new, batch_size=1)
    assert db_export(neo4j_driver) == before
    assert neo4j_store.load(neo4j_driver, g).changes == 0  # and the database still records its load


def test_a_graph_that_cannot_be_stored_is_refused_before_writing(neo4j_driver, tiny_dir):
    g = graph_of(tiny_dir)
    node = g.nodes["usa"]
    g.nodes["usa"] = type(node)(node.id, ("Country", "Robot"), node.props)
    with pytest.raises(neo4j_store.StoreError, match=r"node 'usa': unknown label\(s\) Robot"):
        neo4j_store.load(neo4j_driver, g)
    assert db_counts(neo4j_driver) == (0, 0)


# ------------------------------------------------------------------------------------ atomicity
def write_big_copy(src: Path, dest: Path, persons: int) -> None:
    """The tiny dataset plus ``persons`` synthetic officials, each with an office term (valid data)."""
    import shutil

    shutil.copytree(src, dest)
    lines = ["persons:"]
    for i in range(persons):
        lines += [
            f"  - id: synthetic-official-{i}",
            f"    name: {{en: Synthetic Official {i}}}",
            "    nationality: usa",
            "    sources: [src-a]",
            "    offices:",
            f"      - {{org: us-dod, title: Deputy Assistant {i}, from: '2020-01-{1 + i % 28:02d}',"
            " sources: [src-a]}",
        ]
    (dest / "synthetic.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def load_in_flight(driver: Any) -> bool:
    """Whether the server is running a transaction of `ddgraph load` that has started writing."""
    with driver.session() as s:
        rows = s.run("SHOW TRANSACTIONS YIELD currentQuery RETURN currentQuery").data()
    return any("UNWIND $rows" in (row["currentQuery"] or "") for row in rows)


def load_running(driver: Any) -> bool:
    """Whether the server still runs a transaction of `ddgraph load` (its metadata says so)."""
    with driver.session() as s:
        rows = s.run("SHOW TRANSACTIONS YIELD metaData RETURN metaData").data()
    return any((row["metaData"] or {}).get("app") == "ddgraph load" for row in rows)


def kill_trials(driver: Any, tiny_dir: Path, big: Path, extra_delays: list[float]) -> list[str]:
    """Start ``ddgraph load big``, wait until its write transaction is in flight, wait ``extra``
    more seconds, SIGKILL it; after each kill the database must hold the old or the new state whole."""
    old = checksum(db_export(driver))
    new = checksum(to_jsonl(graph_of(big)))
    outcomes = []
    for extra in extra_delays:
        with subprocess.Popen(
            [sys.executable, "-m", "ddgraph", "load", str(big)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        ) as proc:
            deadline = time.monotonic() + 300
            while not load_in_flight(driver) and proc.poll() is None and time.monotonic() < deadline:
                time.sleep(0.05)
            time.sleep(extra)
            proc.send_signal(signal.SIGKILL)
        # The server ends the killed client's transaction (rolls it back, or commits it when COMMIT
        # was already sent) on its own time; Neo4j reads are read-committed, not snapshots, so a
        # commit being applied can be seen in part. The claim is about the state once it has ended.
        deadline = time.monotonic() + 120
        while load_running(driver) and time.monotonic() < deadline:
            time.sleep(0.1)
        state = checksum(db_export(driver))
        assert state in (old, new), (
            f"killed {extra}s into the write: the database holds a half-loaded dataset"
        )
        outcomes.append("new" if state == new else "old")
        if state == new:  # start again from the old state so that later kills hit a load too
            neo4j_store.load(driver, graph_of(tiny_dir))
    return outcomes


def test_a_load_killed_half_way_leaves_the_previous_complete_state(
    neo4j_driver, neo4j_env, tiny_dir, tmp_path
):
    big = tmp_path / "big"
    write_big_copy(tiny_dir, big, persons=6000)
    neo4j_store.load(neo4j_driver, graph_of(tiny_dir))
    assert kill_trials(neo4j_driver, tiny_dir, big, [0.0, 0.3]).count("old") >= 1
    done = ddgraph("load", str(big))
    assert done.returncode == 0, done.stderr
    assert checksum(db_export(neo4j_driver)) == checksum(to_jsonl(graph_of(big)))


@pytest.mark.slow
def test_twenty_kills_at_random_points_never_leave_a_mix(neo4j_driver, neo4j_env, tiny_dir, tmp_path):
    import random

    big = tmp_path / "big"
    write_big_copy(tiny_dir, big, persons=6000)
    neo4j_store.load(neo4j_driver, graph_of(tiny_dir))
    # the points are drawn over the write as long as it lasts on this machine (from its first UNWIND
    # to the end of the process), measured once
    with subprocess.Popen(
        [sys.executable, "-m", "ddgraph", "load", str(big)], stdout=subprocess.DEVNULL
    ) as proc:
        while not load_in_flight(neo4j_driver) and proc.poll() is None:
            time.sleep(0.02)
        t0 = time.monotonic()
        assert proc.wait(timeout=300) == 0
        write = time.monotonic() - t0
    neo4j_store.load(neo4j_driver, graph_of(tiny_dir))
    rng = random.Random(20)
    outcomes = kill_trials(neo4j_driver, tiny_dir, big, [rng.uniform(0, write) for _ in range(20)])
    assert len(outcomes) == 20 and "old" in outcomes, (write, outcomes)


# ---------------------------------------------------------------------------- connection errors
@pytest.mark.parametrize(
    ("override", "message"),
    [
        (
            {"NEO4J_URI": "bolt://127.0.0.1:1"},
            "Error: cannot reach Neo4j at bolt://127.0.0.1:1 (is the server running?)",
        ),
        (
            {"NEO4J_PASSWORD": "not-the-password-x9"},
            "Error: Neo4j at {uri} refused the credentials of user 'neo4j' "
            "(check NEO4J_USER / NEO4J_PASSWORD)",
        ),
        ({"NEO4J_DATABASE": "nosuchdb"}, "Error: Neo4j at {uri} has no database 'nosuchdb'"),
        ({"NEO4J_PASSWORD": ""}, "Error: no Neo4j password: set NEO4J_PASSWORD (or pass --password)"),
    ],
    ids=["unreachable", "wrong-password", "unknown-database", "no-password"],
)
@pytest.mark.parametrize(
    "command", [["load"], ["query", "officials_met", "--example"], ["export", "--from-neo4j"]]
)
def test_connection_problems_are_one_line_without_traceback_or_password(
    neo4j_env, override, message, command, tiny_dir
):
    env = {**neo4j_env, **override}
    args = [*command, str(tiny_dir)] if command == ["load"] else command
    proc = ddgraph(*args, env=env, timeout=60)
    expected = message.format(uri=neo4j_env["NEO4J_URI"])
    assert (proc.returncode, proc.stdout, proc.stderr) == (1, "", expected + "\n")
    for secret in {neo4j_env["NEO4J_PASSWORD"], env["NEO4J_PASSWORD"]} - {""}:
        assert secret not in proc.stderr
