"""ddgraph.neo4j_store.diff: what a load must write, computed without a Neo4j server.

The diff, the digest and the storability checks are pure functions of two property graphs, so these tests
run on the tiny dataset of tests/data/neo4j_tiny with no server (no ``neo4j`` marker).
"""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from ddgraph import load_dataset
from ddgraph.graph import Node, PropertyGraph, Relationship, to_property_graph
from ddgraph.neo4j_store import StoreError, diff_graphs, graph_digest, validate_graph
from ddgraph.neo4j_store import diff as store_diff
from ddgraph.neo4j_store.diff import (
    bucket_of,
    diff_hashes,
    graph_hashes,
    graph_hashes_on_demand,
    shard_digests,
)
from ddgraph.neo4j_store.write import _statements

TINY = Path(__file__).parent / "data" / "neo4j_tiny"


@pytest.fixture()
def tiny() -> PropertyGraph:
    return to_property_graph(load_dataset(TINY))


def edited(g: PropertyGraph) -> PropertyGraph:
    return copy.deepcopy(g)


def test_a_diff_against_an_empty_database_creates_every_node_and_relationship(tiny):
    d = diff_graphs(PropertyGraph(), tiny)
    assert str(d.summary()) == (
        "58 changes (nodes: 25 created, 0 updated, 0 deleted; "
        "relationships: 33 created, 0 updated, 0 deleted)"
    )
    assert [n.id for n in d.create_nodes] == sorted(tiny.nodes)


def test_the_diff_of_a_graph_with_itself_is_empty(tiny):
    assert diff_graphs(tiny, edited(tiny)).summary().changes == 0


def test_a_removed_node_and_its_relationships_are_deleted(tiny):
    new = edited(tiny)
    del new.nodes["sgp"]
    gone = {rid for rid, r in new.relationships.items() if "sgp" in (r.start, r.end)}
    for rid in gone:
        del new.relationships[rid]
    d = diff_graphs(tiny, new)
    assert [n.id for n in d.delete_nodes] == ["sgp"]
    assert sorted(r.id for r in d.delete_rels) == sorted(gone) and gone
    assert d.summary().changes == 1 + len(gone)


def test_a_changed_property_or_kind_label_is_an_update_in_place(tiny):
    new = edited(tiny)
    hotline = new.nodes["hotline"]
    new.nodes["hotline"] = Node(hotline.id, ("Mechanism", "MilitaryTalks"), {**hotline.props, "kind": "x"})
    d = diff_graphs(tiny, new)
    assert [(old.labels, n.labels) for old, n in d.update_nodes] == [
        (("Mechanism", "Hotline"), ("Mechanism", "MilitaryTalks"))
    ]
    assert d.summary().changes == 1


def test_a_node_whose_primary_label_changes_is_replaced_with_its_relationships(tiny):
    new = edited(tiny)
    usa = new.nodes["usa"]
    new.nodes["usa"] = Node("usa", ("Organization",), usa.props)
    d = diff_graphs(tiny, new)
    touching = sorted(rid for rid, r in tiny.relationships.items() if "usa" in (r.start, r.end))
    assert ([n.id for n in d.delete_nodes], [n.id for n in d.create_nodes]) == (["usa"], ["usa"])
    assert sorted(r.id for r in d.delete_rels) == sorted(r.id for r in d.create_rels) == touching


def test_a_relationship_with_the_same_id_and_other_ends_is_replaced(tiny):
    new = edited(tiny)
    rid, r = next(iter(sorted(new.relationships.items())))
    new.relationships[rid] = Relationship(rid, r.type, r.end, r.start, r.props)
    d = diff_graphs(tiny, new)
    assert ([x.id for x in d.delete_rels], [x.id for x in d.create_rels], d.update_rels) == ([rid], [rid], [])


def test_the_write_statements_delete_before_they_create_and_create_nodes_before_relationships(tiny):
    new = edited(tiny)
    del new.nodes["meeting-2024"]
    for rid in [rid for rid, r in new.relationships.items() if "meeting-2024" in (r.start, r.end)]:
        del new.relationships[rid]
    new.nodes["zzz-source"] = Node("zzz-source", ("Source",), {"id": "zzz-source", "title": "t"})
    new.add_relationship("CITIZEN_OF", "alice-minister", "chn", {"sources": ["src-a"]})
    first = next(iter(sorted(new.relationships)))
    r = new.relationships[first]
    new.relationships[first] = Relationship(first, r.type, r.start, r.end, {**r.props, "note": "x"})
    texts = [t for t, _ in _statements(diff_graphs(tiny, new), new, graph_hashes(new))]
    updates = [i for i, t in enumerate(texts) if "SET r = row.props" in t and "CREATE" not in t]
    deletes = [i for i, t in enumerate(texts) if "DELETE" in t]
    creates_rel = [i for i, t in enumerate(texts) if "CREATE (a)-" in t]
    creates_node = [i for i, t in enumerate(texts) if "CREATE (n:" in t]
    assert all("$rows" in t for t in texts)  # every value travels as a parameter
    assert len(creates_node) == len(creates_rel) == len(updates) == 1
    assert max(deletes) < creates_node[0] < creates_rel[0] < updates[0]


def test_hashes_on_demand_are_the_hashes_of_the_graph(tiny):
    """What a load computes as it makes its rows equals graph_hashes, entry by entry, for every entry."""
    eager = graph_hashes(tiny)
    lazy = graph_hashes_on_demand(tiny)
    some = sorted(tiny.nodes)[0]
    assert lazy.nodes[some] == eager.nodes[some] and len(lazy.nodes) == 1  # only what was asked for
    assert {k: lazy.nodes[k] for k in tiny.nodes} == eager.nodes
    assert {k: lazy.relationships[k] for k in tiny.relationships} == eager.relationships


def test_the_digest_is_stable_and_changes_with_any_stored_value(tiny):
    assert graph_digest(tiny) == graph_digest(edited(tiny))
    new = edited(tiny)
    usa = new.nodes["usa"]
    new.nodes["usa"] = Node("usa", usa.labels, {**usa.props, "iso3": "USB"})
    assert graph_digest(new) != graph_digest(tiny)


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("note", {"nested": 1}, "node 'usa': property 'note' has unsupported type dict"),
        ("note", None, "node 'usa': property 'note' has unsupported type NoneType"),
        ("aliases", [], "node 'usa': property 'aliases' is an empty list"),
        ("aliases", ["a", 1], "node 'usa': property 'aliases' must be a list of values of one simple type"),
        ("aliases", ("a", "b"), "node 'usa': property 'aliases' has unsupported type tuple"),
        ("from", "2024-13-01", "node 'usa': property 'from' must be an ISO date YYYY-MM-DD"),
        ("from", "20240101", "node 'usa': property 'from' must be an ISO date YYYY-MM-DD"),
        ("from", "2024-W01-1", "node 'usa': property 'from' must be an ISO date YYYY-MM-DD"),
        ("date", ["2024-01-01"], "node 'usa': property 'date' must be an ISO date YYYY-MM-DD"),
        ("score", float("nan"), "node 'usa': property 'score' is not a finite number"),
    ],
)
def test_values_neo4j_cannot_store_are_named_before_writing(tiny, key, value, message):
    """validate_graph's fast path (no call per value) gives the same messages as the per-value check."""
    node = tiny.nodes["usa"]
    tiny.nodes["usa"] = Node(node.id, node.labels, {**node.props, key: value})
    with pytest.raises(StoreError) as err:
        validate_graph(tiny)
    assert str(err.value).startswith(message)
    tiny.nodes["usa"] = node
    validate_graph(tiny)


@pytest.mark.parametrize(
    ("labels", "props", "message"),
    [
        (("Robot",), None, "primary label must be one of"),
        (("Country", "Robot"), None, r"unknown label\(s\) Robot"),
        (("Country",), {"id": "x"}, "property 'id' must equal the node id"),
    ],
    ids=["primary-label", "kind-label", "id-property"],
)
def test_nodes_that_are_not_ddgraph_nodes_are_refused(tiny, labels, props, message):
    tiny.nodes["usa"] = Node("usa", labels, props or tiny.nodes["usa"].props)
    with pytest.raises(StoreError, match=f"node 'usa': {message}"):
        validate_graph(tiny)


def _ids(d) -> tuple[list[str], ...]:
    return (
        [n.id for n in d.create_nodes],
        [(o.id, o.labels, n.id) for o, n in d.update_nodes],
        [(n.id, n.labels) for n in d.delete_nodes],
        [r.id for r in d.create_rels],
        [r.id for r in d.update_rels],
        [(r.id, r.type) for r in d.delete_rels],
    )


def _every_kind_of_edit(g: PropertyGraph) -> PropertyGraph:
    new = edited(g)
    hotline = new.nodes["hotline"]  # a property and a kind label
    new.nodes["hotline"] = Node(hotline.id, ("Mechanism", "MilitaryTalks"), {**hotline.props, "kind": "x"})
    del new.nodes["meeting-2024"]  # a node and its relationships removed
    for rid in [rid for rid, r in new.relationships.items() if "meeting-2024" in (r.start, r.end)]:
        del new.relationships[rid]
    usa = new.nodes["usa"]  # same id, another primary label: replaced with its relationships
    new.nodes["usa"] = Node("usa", ("Organization",), {**usa.props})
    new.nodes["zzz-source"] = Node("zzz-source", ("Source",), {"id": "zzz-source", "title": "t"})
    untouched = [rid for rid, r in sorted(new.relationships.items()) if "usa" not in (r.start, r.end)]
    first, second = untouched[:2]
    r = new.relationships[first]  # ends swapped: replaced
    new.relationships[first] = Relationship(first, r.type, r.end, r.start, r.props)
    r = new.relationships[second]  # a property: updated in place
    new.relationships[second] = Relationship(second, r.type, r.start, r.end, {**r.props, "note": "x"})
    return new


def test_the_diff_from_stored_hashes_equals_the_diff_of_the_graphs_read_back(tiny):
    """What the load reads back (id, labels/type, content hash) is enough for the exact diff."""
    new = _every_kind_of_edit(tiny)
    d = diff_graphs(tiny, new)
    assert all(_ids(d)), "the edit touches every kind of change"
    assert _ids(diff_hashes(graph_hashes(tiny), new)) == _ids(d)
    assert _ids(diff_hashes(graph_hashes(tiny), tiny)) == ([], [], [], [], [], [])
    assert _ids(diff_hashes(graph_hashes(PropertyGraph()), new)) == _ids(diff_graphs(PropertyGraph(), new))


def _changed(old: PropertyGraph, new: PropertyGraph) -> set[str]:
    old_d, new_d = shard_digests(old).digests, shard_digests(new).digests
    return {k for k in old_d.keys() | new_d.keys() if old_d.get(k) != new_d.get(k)}


def _region_diff(old: PropertyGraph, new: PropertyGraph, changed: set[str]):
    """diff_hashes of what a load reads back by id: the old hashes of the ids the new graph has in the
    changed shards."""
    shards, old_hs = shard_digests(new), graph_hashes(old)
    region = (
        [i for k in changed for i in shards.nodes.get(k, [])],
        [i for k in changed for i in shards.relationships.get(k, [])],
    )
    part = type(old_hs)(
        {i: old_hs.nodes[i] for i in region[0] if i in old_hs.nodes},
        {i: old_hs.relationships[i] for i in region[1] if i in old_hs.relationships},
    )
    return diff_hashes(part, new, region=region)


def test_the_diff_of_the_changed_buckets_is_the_whole_diff(tiny):
    """Bucket digests differ exactly where the graphs do; the diff of those buckets is the full diff."""
    new = edited(tiny)
    hotline = new.nodes["hotline"]
    new.nodes["hotline"] = Node(hotline.id, hotline.labels, {**hotline.props, "name": "x"})
    rid = next(rid for rid, r in sorted(new.relationships.items()) if r.type == "LOCATED_IN")
    del new.relationships[rid]
    changed = _changed(tiny, new)
    assert changed == {"n:Mechanism", "r:LOCATED_IN"}  # a bucket of the tiny graph is one shard
    old_hs = graph_hashes(tiny)
    part = type(old_hs)(
        {k: v for k, v in old_hs.nodes.items() if f"n:{v[0][0]}" in changed},
        {k: v for k, v in old_hs.relationships.items() if f"r:{v[0]}" in changed},
    )
    region = (
        [k for k, n in new.nodes.items() if f"n:{n.label}" in changed],
        [k for k, r in new.relationships.items() if f"r:{r.type}" in changed],
    )
    whole = diff_hashes(old_hs, new)
    bucketed = diff_hashes(part, new, region=region)
    expected = "nodes: 0 created, 1 updated, 0 deleted; relationships: 0 created, 0 updated, 1 deleted"
    assert str(bucketed.summary()) == str(whole.summary()) == f"2 changes ({expected})"
    assert [n.id for _, n in bucketed.update_nodes] == ["hotline"]
    assert [r.id for r in bucketed.delete_rels] == [rid]


def test_shards_split_a_bucket_by_id_and_an_edit_changes_the_shards_it_touches_only(tiny, monkeypatch):
    """With shards of one element, every bucket of more than one is split: a rename changes the shard
    of the renamed node only, and the diff of what the new graph has in it (read back by id) is the
    update; a created node and relationship change their own shards, read the same way."""
    monkeypatch.setattr(store_diff, "SHARD_SIZE", 1)
    shards = shard_digests(tiny)
    countries = [k for k in shards.nodes if bucket_of(k) == "n:Country"]
    assert len(countries) > 1 and all(k.startswith("n:Country#") for k in countries)
    assert sorted(i for k in countries for i in shards.nodes[k]) == sorted(
        k for k, n in tiny.nodes.items() if n.label == "Country"
    )
    assert shard_digests(edited(tiny)).digests == shards.digests  # stable: same graph, same shards
    new = edited(tiny)
    usa = new.nodes["usa"]
    new.nodes["usa"] = Node("usa", usa.labels, {**usa.props, "name": "Renamed"})
    changed = _changed(tiny, new)
    assert len(changed) == 1 and shard_digests(new).nodes[next(iter(changed))] == ["usa"]
    d = _region_diff(tiny, new, changed)
    assert [n.id for _, n in d.update_nodes] == ["usa"] and d.summary().changes == 1
    grown = edited(tiny)
    grown.nodes["zzz"] = Node("zzz", ("Country",), {**usa.props, "id": "zzz", "iso3": "ZZZ"})
    place = next(k for k, n in tiny.nodes.items() if n.label == "Place")
    added = grown.add_relationship("LOCATED_IN", place, "zzz", {"sources": ["s"]})
    d = _region_diff(tiny, grown, _changed(tiny, grown))
    assert [n.id for n in d.create_nodes] == ["zzz"] and [r.id for r in d.create_rels] == [added.id]
    assert str(d.summary()) == str(diff_hashes(graph_hashes(tiny), grown).summary())


def test_a_digest_covers_what_a_load_stores_and_no_more(tiny):
    """The graph digest is that of its shards' contents: key order inside properties is not content."""
    new = edited(tiny)
    usa = new.nodes["usa"]
    new.nodes["usa"] = Node("usa", usa.labels, dict(reversed(list(usa.props.items()))))
    assert graph_digest(new) == graph_digest(tiny)
    r = next(iter(new.relationships.values()))
    new.relationships[r.id] = Relationship(r.id, r.type, r.end, r.start, r.props)  # ends swapped
    assert graph_digest(new) != graph_digest(tiny)
