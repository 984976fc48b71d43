"""Read the ddgraph property graph back from Neo4j, and the bookkeeping node of the last load.

A database that ddgraph cannot read fully (a node or relationship of a ddgraph label/type without an
``id``, e.g. made by hand or by an import of other data) is refused with one line naming what is
missing, rather than read in part: an analysis on half a graph would answer wrongly without saying so.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from typing import Any

import neo4j
import neo4j.time

from ..cypher_library import store_statement
from ..errors import StoreError
from ..graph import NODE_LABELS, REL_TYPES, Node, PropertyGraph, Relationship
from .connect import DEFAULT_DATABASE, read_retried
from .diff import HASH_KEY, Hashes, _ordered_labels, node_hash, rel_hash

#: Label of the bookkeeping node that records the digest of the last loaded graph (not in NODE_LABELS).
#: It is also the load lock: every ddgraph write takes it first (:mod:`.write`).
LOAD_LABEL = "DdgraphLoad"

#: Label of the nodes a staged load (:func:`~ddgraph.neo4j_store.load` of a big change) has created but
#: not committed yet: they carry no ddgraph label, so no labelled pattern sees them, and every
#: relationship staged with them touches one of them; the readers below leave those out.
STAGING_LABEL = "DdgraphStaged"

#: Node properties that are annotations of the database, not facts of the files: the centrality scores
#: of ``ddgraph report centrality --write-back``. A load keeps them, a read back leaves them out.
SCORE_PREFIX = "centrality_"


def _from_db(props: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in props.items():
        if isinstance(v, neo4j.time.Date):
            v = v.iso_format()
        elif isinstance(v, tuple):
            v = list(v)
        out[k] = v
    return out


_READ_NODES = store_statement("read_nodes")

# Staged relationships (of a load in progress) touch a DdgraphStaged node: not part of the graph yet.
_READ_RELS = store_statement("read_relationships")

#: Nodes and relationships of ddgraph labels/types that carry no id: not written by ``ddgraph load``.
_COUNT_UNREADABLE = store_statement("count_unreadable")


def _unreadable(tx: neo4j.ManagedTransaction | neo4j.Transaction) -> str:
    """``1 Country node, 3 PARTICIPATES_IN relationships`` without an id, or ``""``."""
    rows = tx.run(_COUNT_UNREADABLE, labels=list(NODE_LABELS), types=list(REL_TYPES)).data()
    counts: Counter[tuple[str, str]] = Counter()
    for row in rows:
        counts[(row["what"], row["name"])] += int(row["c"])
    return ", ".join(
        f"{c} {name} {what}{'s' if c > 1 else ''}" for (what, name), c in sorted(counts.items()) if c
    )


def _read(
    tx: neo4j.ManagedTransaction | neo4j.Transaction, scores: dict[str, dict[str, Any]] | None = None
) -> PropertyGraph:
    """The ddgraph graph of the database, score properties left out (into ``scores`` when given, as is)."""
    g = PropertyGraph()
    for row in tx.run(_READ_NODES, labels=list(NODE_LABELS)):
        raw = row["props"]
        kept = {k: v for k, v in raw.items() if k.startswith(SCORE_PREFIX)}
        if kept and scores is not None:
            scores[row["id"]] = kept
        props = _from_db({k: v for k, v in raw.items() if k not in kept and k != HASH_KEY})
        g.add_node(Node(row["id"], _ordered_labels(row["labels"]), props))
    for row in tx.run(_READ_RELS, types=list(REL_TYPES)):
        props = _from_db(row["props"])
        props.pop("id", None)
        props.pop(HASH_KEY, None)
        g.relationships[row["id"]] = Relationship(row["id"], row["type"], row["start"], row["end"], props)
    return g


#: (id, labels, hash) of every ddgraph node; the properties only of a node stored without a hash
#: (by ``load --bulk`` or an older ddgraph), and the score properties of the nodes that have some.
#: One record holding every row: a record per node would cost a Bolt message each.
_READ_NODE_HASHES = store_statement("read_node_hashes")

#: (id, type, hash) of every ddgraph relationship; its ends and properties only when stored without a hash.
_READ_REL_HASHES = store_statement("read_relationship_hashes")


def _read_hashes(
    tx: neo4j.ManagedTransaction | neo4j.Transaction, scores: dict[str, dict[str, Any]]
) -> tuple[Hashes, set[str], set[str]]:
    """What the diff needs of the database: :class:`Hashes`, and the ids of the nodes and relationships
    stored without a hash (their hash is computed here from what they hold, so the diff is still exact).

    The score properties of the nodes that carry some go into ``scores``.
    """
    node_rows = tx.run(_READ_NODE_HASHES, labels=list(NODE_LABELS)).single(strict=True)["rows"]
    rel_rows = tx.run(_READ_REL_HASHES, types=list(REL_TYPES)).single(strict=True)["rows"]
    return _hash_rows(node_rows, rel_rows, scores)


def _hash_rows(
    node_rows: list[Any], rel_rows: list[Any], scores: dict[str, dict[str, Any]], primary: str | None = None
) -> tuple[Hashes, set[str], set[str]]:
    """:func:`_read_hashes` of the rows its queries return (``primary``: keep the nodes of that primary
    label only)."""
    hs = Hashes()
    bare_nodes: set[str] = set()
    bare_rels: set[str] = set()
    for nid, raw_labels, h, raw, kept in node_rows:
        labels = _ordered_labels(raw_labels)
        if primary is not None and labels[0] != primary:
            continue
        if kept:
            scores[nid] = dict(kept)
        if h is None:
            props = _from_db({k: v for k, v in raw.items() if not k.startswith(SCORE_PREFIX)})
            h = node_hash(Node(nid, labels, props))
            bare_nodes.add(nid)
        hs.nodes[nid] = (labels, h)
    for rid, rtype, h, old in rel_rows:
        if h is None:
            start, end, raw = old
            props = _from_db(raw)
            props.pop("id", None)
            h = rel_hash(Relationship(rid, rtype, start, end, props))
            bare_rels.add(rid)
        hs.relationships[rid] = (rtype, h)
    return hs, bare_nodes, bare_rels


def _read_fully(tx: neo4j.ManagedTransaction) -> PropertyGraph:
    missing = _unreadable(tx)
    if missing:
        raise StoreError(
            f"the database holds {missing} without an id (not written by `ddgraph load`), so ddgraph "
            "cannot read it fully; `ddgraph load DIR` replaces them with the files' graph"
        )
    g = _read(tx)
    if not g.nodes:
        raise StoreError("the database holds no ddgraph graph: load one first with `ddgraph load DIR`")
    return g


#: How many times :func:`read_graph` reads again when a write committed while it read.
READ_ATTEMPTS = 5

_GENERATION = store_statement("generation")


def _read_between_generations(tx: neo4j.ManagedTransaction) -> tuple[PropertyGraph, Any, Any]:
    before = tx.run(_GENERATION).single(strict=True)["generation"]
    g = _read_fully(tx)
    return g, before, tx.run(_GENERATION).single(strict=True)["generation"]


def read_graph(driver: neo4j.Driver, database: str = DEFAULT_DATABASE) -> PropertyGraph:
    """Read the ddgraph property graph back from Neo4j (the inverse of :func:`load`).

    Neo4j reads are read-committed, not a snapshot: a load that commits while the graph is read could
    show part of the old graph and part of the new one. Every ddgraph write counts itself on the
    bookkeeping node (its ``generation``) in its own commit, so the graph is read between two reads of
    that count, and read again when they differ (up to :data:`READ_ATTEMPTS` times).

    Raises :class:`~ddgraph.errors.StoreError` when the database holds no ddgraph graph, or nodes or
    relationships of ddgraph labels/types without an id (it cannot be read fully), or when it kept
    changing while it was read.
    """
    with driver.session(database=database, default_access_mode=neo4j.READ_ACCESS) as session:
        for _ in range(READ_ATTEMPTS):
            g, before, after = read_retried(session, _read_between_generations)
            if before == after:
                return g
    raise StoreError(
        f"the database changed while it was read, {READ_ATTEMPTS} times (loads committing): read it again"
    )


# The bookkeeping node's label is LOAD_LABEL, spelled out: no Cypher text is ever formatted.
_READ_DIGEST = store_statement("read_digest")

_COUNT_GRAPH = store_statement("count_graph")


def _held_counts(tx: neo4j.ManagedTransaction | neo4j.Transaction) -> tuple[int, int]:
    """The ddgraph nodes and relationships the database holds (staged ones left out)."""
    row = tx.run(_COUNT_GRAPH, labels=list(NODE_LABELS), types=list(REL_TYPES)).single(strict=True)
    return row["nodes"], row["relationships"]


def _holds(
    tx: neo4j.ManagedTransaction | neo4j.Transaction, graph: PropertyGraph, digest: Callable[[], str]
) -> bool:
    """Whether the database records a load of exactly ``graph`` and still has its node/relationship counts.

    ``digest()`` computes the graph's digest; it is called only when the database records one."""
    stored = [row["sha256"] for row in tx.run(_READ_DIGEST)]
    if len(stored) != 1 or stored[0] != digest():
        return False  # none, another graph's, or two (an older ddgraph's node): diff for real
    return _held_counts(tx) == (len(graph.nodes), len(graph.relationships))
