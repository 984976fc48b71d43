"""Read the ddgraph property graph back from Neo4j, and the bookkeeping node of the last load."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import neo4j
import neo4j.time

from ..graph import NODE_LABELS, REL_TYPES, Node, PropertyGraph, Relationship
from .connect import DEFAULT_DATABASE
from .diff import _ordered_labels

#: Label of the bookkeeping node that records the digest of the last loaded graph (not in NODE_LABELS).
LOAD_LABEL = "DdgraphLoad"


def _from_db(props: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in props.items():
        if isinstance(v, neo4j.time.Date):
            v = v.iso_format()
        elif isinstance(v, tuple):
            v = list(v)
        out[k] = v
    return out


_READ_NODES = """
MATCH (n)
WHERE any(label IN labels(n) WHERE label IN $labels)
RETURN n.id AS id, labels(n) AS labels, properties(n) AS props
"""

_READ_RELS = """
MATCH (a)-[r]->(b)
WHERE type(r) IN $types
RETURN r.id AS id, type(r) AS type, a.id AS start, b.id AS end, properties(r) AS props
"""


def _read(tx: neo4j.ManagedTransaction | neo4j.Transaction) -> PropertyGraph:
    g = PropertyGraph()
    for row in tx.run(_READ_NODES, labels=list(NODE_LABELS)):
        g.add_node(Node(row["id"], _ordered_labels(row["labels"]), _from_db(row["props"])))
    for row in tx.run(_READ_RELS, types=list(REL_TYPES)):
        props = _from_db(row["props"])
        props.pop("id", None)
        g.relationships[row["id"]] = Relationship(row["id"], row["type"], row["start"], row["end"], props)
    return g


def read_graph(driver: neo4j.Driver, database: str = DEFAULT_DATABASE) -> PropertyGraph:
    """Read the ddgraph property graph back from Neo4j (the inverse of :func:`load`)."""
    with driver.session(database=database, default_access_mode=neo4j.READ_ACCESS) as session:
        return session.execute_read(_read)


# The bookkeeping node's label is LOAD_LABEL, spelled out: no Cypher text is ever formatted.
_READ_DIGEST = "MATCH (m:DdgraphLoad) RETURN m.sha256 AS sha256"

_COUNT_GRAPH = """
RETURN COUNT { MATCH (n) WHERE any(label IN labels(n) WHERE label IN $labels) } AS nodes,
       COUNT { MATCH ()-[r]->() WHERE type(r) IN $types } AS relationships
"""


def _holds(tx: neo4j.Transaction, graph: PropertyGraph, digest: str) -> bool:
    """Whether the database records a load of exactly ``graph`` and still has its node/relationship counts."""
    stored = [row["sha256"] for row in tx.run(_READ_DIGEST)]
    if stored != [digest]:  # none, another graph's, or two (concurrent loads): diff for real
        return False
    row = tx.run(_COUNT_GRAPH, labels=list(NODE_LABELS), types=list(REL_TYPES)).single(strict=True)
    return (row["nodes"], row["relationships"]) == (len(graph.nodes), len(graph.relationships))
