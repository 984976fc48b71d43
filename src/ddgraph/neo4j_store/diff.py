"""What a load must change, computed without a server: storability checks, the digest, the diff.

Pure functions over :class:`~ddgraph.graph.PropertyGraph` values (no driver, no session), so they are
tested without Neo4j (``tests/test_neo4j_diff.py``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import orjson

from ..errors import StoreError
from ..graph import DATE_KEYS, NODE_LABELS, REL_TYPES, Node, PropertyGraph, Relationship
from ..vocabulary import KIND_LABELS

#: Secondary (kind) labels a node may carry besides its primary label.
ALLOWED_LABELS = frozenset(NODE_LABELS) | KIND_LABELS
#: Bumped whenever the way a graph is stored changes, so that older digests no longer match.
STORAGE_VERSION = "ddgraph-neo4j-1"


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    deleted: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.deleted

    def __str__(self) -> str:
        return f"{self.created} created, {self.updated} updated, {self.deleted} deleted"


@dataclass
class LoadSummary:
    """What a load changed (0 changes when the database already held the files' graph)."""

    nodes: Counts = field(default_factory=Counts)
    relationships: Counts = field(default_factory=Counts)

    @property
    def changes(self) -> int:
        return self.nodes.total + self.relationships.total

    def __str__(self) -> str:
        return f"{self.changes} changes (nodes: {self.nodes}; relationships: {self.relationships})"


_SCALAR_TYPES = frozenset((str, int, float, bool))


def _check_value(owner: str, key: str, value: Any) -> None:
    scalar = (str, int, float, bool)
    if isinstance(value, list):
        if not value:
            raise StoreError(f"{owner}: property {key!r} is an empty list (Neo4j cannot type it)")
        kinds = {type(v) for v in value}
        if len(kinds) != 1 or not issubclass(kinds.pop(), scalar):
            raise StoreError(f"{owner}: property {key!r} must be a list of values of one simple type")
    elif not isinstance(value, scalar):
        raise StoreError(f"{owner}: property {key!r} has unsupported type {type(value).__name__}")
    values = value if isinstance(value, list) else [value]
    if any(isinstance(v, float) and not math.isfinite(v) for v in values):
        raise StoreError(f"{owner}: property {key!r} is not a finite number")
    if key in DATE_KEYS and not (isinstance(value, str) and _is_iso_day(value)):
        raise StoreError(f"{owner}: property {key!r} must be an ISO date YYYY-MM-DD, got {value!r}")


def _is_iso_day(text: str) -> bool:
    """``YYYY-MM-DD`` naming a real day (Cypher's ``date()`` would also read other ISO forms)."""
    if not (len(text) == 10 and text[4] == text[7] == "-"):
        return False
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _props_ok(props: Mapping[str, Any]) -> bool:
    """The common case of :func:`_check_value` for every value, without a call per value."""
    for k, v in props.items():
        t = type(v)
        if t is str:
            if k in DATE_KEYS and not _is_iso_day(v):
                return False
        elif t is list:
            if not v or k in DATE_KEYS:
                return False
            first = type(v[0])
            if first not in _SCALAR_TYPES or any(type(x) is not first for x in v):
                return False
            if first is float and not all(map(math.isfinite, v)):
                return False
        elif t not in _SCALAR_TYPES or k in DATE_KEYS or (t is float and not math.isfinite(v)):
            return False
    return True


def _check_props(owner: Node | Relationship, props: Mapping[str, Any]) -> None:
    if not _props_ok(props):
        where = f"{'node' if isinstance(owner, Node) else 'relationship'} {owner.id!r}"
        for k, v in props.items():
            _check_value(where, k, v)


def validate_graph(g: PropertyGraph) -> None:
    """Check that ``g`` can be stored: whitelisted labels and types, resolvable ends, storable values."""
    for n in g.nodes.values():
        if not n.labels or n.labels[0] not in NODE_LABELS:
            raise StoreError(f"node {n.id!r}: primary label must be one of {', '.join(NODE_LABELS)}")
        bad = [label for label in n.labels[1:] if label not in ALLOWED_LABELS]
        if bad:
            raise StoreError(f"node {n.id!r}: unknown label(s) {', '.join(bad)}")
        if n.props.get("id") != n.id:
            raise StoreError(f"node {n.id!r}: property 'id' must equal the node id")
        _check_props(n, n.props)
    nodes = g.nodes
    for r in g.relationships.values():
        if r.type not in REL_TYPES:
            raise StoreError(f"relationship {r.id!r}: type must be one of {', '.join(REL_TYPES)}")
        if r.start not in nodes or r.end not in nodes:
            raise StoreError(f"relationship {r.id!r}: start and end must be nodes of the graph")
        if "id" in r.props:
            raise StoreError(f"relationship {r.id!r}: property 'id' is reserved for the relationship id")
        _check_props(r, r.props)


def _ordered_labels(labels: Sequence[str]) -> tuple[str, ...]:
    # Neo4j returns labels in no particular order: primary label first, then the others sorted.
    primary = next(label for label in NODE_LABELS if label in labels)
    return (primary, *sorted(label for label in labels if label != primary))


# ---------------------------------------------------------------------------------- load digest
def graph_digest(g: PropertyGraph) -> str:
    """SHA-256 of a canonical JSON text of the graph: everything a load stores, in id order.

    Nodes as ``[id, labels, properties]``, then relationships as ``[id, type, start, end,
    properties]``, keys sorted, encoded by orjson (a reload of unchanged files does little else).
    Distinct storable graphs give distinct texts: orjson writes NaN and infinities as null, and
    :func:`validate_graph` refuses those and None, so a graph that encodes like a loaded one holds
    the same values.

    >>> graph_digest(PropertyGraph()) == graph_digest(PropertyGraph())
    True
    """
    rows: list[list[Any]] = [[n.id, n.labels, n.props] for n in g.sorted_nodes()]
    rows += [[r.id, r.type, r.start, r.end, r.props] for r in g.sorted_relationships()]
    h = hashlib.sha256(STORAGE_VERSION.encode())
    h.update(orjson.dumps(rows, option=orjson.OPT_SORT_KEYS))
    return h.hexdigest()


# ------------------------------------------------------------------------------------------- diff
@dataclass
class Diff:
    """The changes that turn the database's graph into the files' graph."""

    create_nodes: list[Node] = field(default_factory=list)
    update_nodes: list[tuple[Node, Node]] = field(default_factory=list)  # (old, new)
    delete_nodes: list[Node] = field(default_factory=list)
    create_rels: list[Relationship] = field(default_factory=list)
    update_rels: list[Relationship] = field(default_factory=list)
    delete_rels: list[Relationship] = field(default_factory=list)

    def summary(self) -> LoadSummary:
        return LoadSummary(
            Counts(len(self.create_nodes), len(self.update_nodes), len(self.delete_nodes)),
            Counts(len(self.create_rels), len(self.update_rels), len(self.delete_rels)),
        )


def diff_graphs(old: PropertyGraph, new: PropertyGraph) -> Diff:
    """What to create, update and delete in ``old`` to obtain ``new`` (compared by id)."""
    d = Diff()
    relabelled: set[str] = set()  # same id, other primary label: delete and create (with its edges)
    for nid, n in sorted(new.nodes.items()):
        before = old.nodes.get(nid)
        if before is None:
            d.create_nodes.append(n)
        elif before.label != n.label:
            relabelled.add(nid)
            d.delete_nodes.append(before)
            d.create_nodes.append(n)
        elif before != n:
            d.update_nodes.append((before, n))
    d.delete_nodes += [n for nid, n in sorted(old.nodes.items()) if nid not in new.nodes]
    for rid, r in sorted(new.relationships.items()):
        before_r = old.relationships.get(rid)
        if before_r is None:
            d.create_rels.append(r)
        elif (before_r.type, before_r.start, before_r.end) != (r.type, r.start, r.end) or (
            {r.start, r.end} & relabelled
        ):
            d.delete_rels.append(before_r)  # same id, other ends: replace it
            d.create_rels.append(r)
        elif before_r.props != r.props:
            d.update_rels.append(r)
    d.delete_rels += [r for rid, r in sorted(old.relationships.items()) if rid not in new.relationships]
    return d
