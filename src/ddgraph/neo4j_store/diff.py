"""What a load must change, computed without a server: storability checks, the digest, the diff.

Pure functions over :class:`~ddgraph.graph.PropertyGraph` values (no driver, no session), so they are
tested without Neo4j (``tests/test_neo4j_diff.py``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import orjson

from ..errors import StoreError
from ..graph import DATE_KEYS, NODE_LABELS, REL_TYPES, Node, PropertyGraph, Relationship
from ..vocabulary import KIND_LABELS

#: Secondary (kind) labels a node may carry besides its primary label.
ALLOWED_LABELS = frozenset(NODE_LABELS) | KIND_LABELS
_PRIMARY_LABELS = frozenset(NODE_LABELS)
_REL_TYPE_SET = frozenset(REL_TYPES)
#: Bumped whenever the way a graph is stored changes, so that older digests no longer match.
STORAGE_VERSION = "ddgraph-neo4j-4"
#: The property that holds the content hash of every node and relationship a load writes
#: (:func:`node_hash`, :func:`rel_hash`): the diff reads these back, not the graph.
HASH_KEY = "ddgraph_hash"


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
    validate_shape(g)
    for n in g.nodes.values():
        _check_props(n, n.props)
    for r in g.relationships.values():
        _check_props(r, r.props)


def validate_shape(g: PropertyGraph) -> None:
    """:func:`validate_graph` without the property values: labels, types, ids and ends (cheap checks)."""
    primary, allowed, types, nodes = _PRIMARY_LABELS, ALLOWED_LABELS, _REL_TYPE_SET, g.nodes
    for n in nodes.values():
        labels = n.labels
        if not labels or labels[0] not in primary:
            raise StoreError(f"node {n.id!r}: primary label must be one of {', '.join(NODE_LABELS)}")
        if len(labels) > 1 and not allowed.issuperset(labels[1:]):
            bad = [label for label in labels[1:] if label not in allowed]
            raise StoreError(f"node {n.id!r}: unknown label(s) {', '.join(bad)}")
        if n.props.get("id") != n.id:
            raise StoreError(f"node {n.id!r}: property 'id' must equal the node id")
    for r in g.relationships.values():
        if r.type not in types:
            raise StoreError(f"relationship {r.id!r}: type must be one of {', '.join(REL_TYPES)}")
        if r.start not in nodes or r.end not in nodes:
            raise StoreError(f"relationship {r.id!r}: start and end must be nodes of the graph")
        if "id" in r.props:
            raise StoreError(f"relationship {r.id!r}: property 'id' is reserved for the relationship id")


def validate_written(d: Diff) -> None:
    """The property values of what ``d`` writes (created and updated nodes and relationships) are storable.

    With :func:`validate_shape` of the new graph, what a load checks before it writes: a node or
    relationship the diff leaves alone holds what the database holds (same content hash), which the load
    that wrote it checked.
    """
    for n in d.create_nodes:
        _check_props(n, n.props)
    for _, n in d.update_nodes:
        _check_props(n, n.props)
    for r in d.create_rels:
        _check_props(r, r.props)
    for r in d.update_rels:
        _check_props(r, r.props)


def _ordered_labels(labels: Sequence[str]) -> tuple[str, ...]:
    # Neo4j returns labels in no particular order: primary label first, then the others sorted.
    primary = next(label for label in NODE_LABELS if label in labels)
    return (primary, *sorted(label for label in labels if label != primary))


# ---------------------------------------------------------------------------------- load digest
def _h(value: Any, size: int = 8) -> str:
    """Hex digest (``size`` bytes) of the canonical orjson text of ``value`` (keys sorted)."""
    return hashlib.blake2b(orjson.dumps(value, option=orjson.OPT_SORT_KEYS), digest_size=size).hexdigest()


def node_hash(n: Node) -> str:
    """The content hash stored on a node: its properties (``id`` included); labels are read as such.

    >>> a, b = Node("sgp", ("Country",), {"id": "sgp", "a": 1}), Node("sgp", (), {"a": 1, "id": "sgp"})
    >>> node_hash(a) == node_hash(b)
    True
    """
    return _h(n.props)


def rel_hash(r: Relationship) -> str:
    """The content hash stored on a relationship: 16 hex digits of (type, start, end), then of its properties.

    The two halves let the diff tell a relationship whose ends changed (replaced) from one whose
    properties changed (updated in place), as :func:`diff_graphs` does.
    """
    return _h([r.type, r.start, r.end]) + _h(r.props)


@dataclass
class Hashes:
    """What the diff needs of a graph: node id -> (labels, hash), relationship id -> (type, hash)."""

    nodes: dict[str, tuple[tuple[str, ...], str]] = field(default_factory=dict)
    relationships: dict[str, tuple[str, str]] = field(default_factory=dict)


def _node_entry(n: Node) -> tuple[tuple[str, ...], str]:
    return n.labels, node_hash(n)


def _rel_entry(r: Relationship) -> tuple[str, str]:
    return r.type, rel_hash(r)


def graph_hashes(g: PropertyGraph) -> Hashes:
    """The :class:`Hashes` of a graph built from the files (what a load stores)."""
    return Hashes(
        {nid: _node_entry(n) for nid, n in g.nodes.items()},
        {rid: _rel_entry(r) for rid, r in g.relationships.items()},
    )


class _OnDemand(dict[str, Any]):
    """An id -> hash entry map whose entries are computed when first looked up (``[id]``), then kept.

    Only ``[id]`` computes: ``in``, ``get`` and iteration see the entries computed so far.
    """

    def __init__(self, source: Mapping[str, Any], entry: Callable[[Any], Any]) -> None:
        super().__init__()
        self._source, self._entry = source, entry

    def __missing__(self, key: str) -> Any:
        value = self[key] = self._entry(self._source[key])
        return value


def graph_hashes_on_demand(g: PropertyGraph) -> Hashes:
    """:func:`graph_hashes`, each hash computed when first looked up by id (the rows of a load ask for
    them as they are made, while the server writes, and the diff as it compares)."""
    return Hashes(_OnDemand(g.nodes, _node_entry), _OnDemand(g.relationships, _rel_entry))


def node_bucket(label: str) -> str:
    """The bucket of the nodes of primary label ``label`` (:func:`shard_digests`)."""
    return f"n:{label}"


def rel_bucket(rtype: str) -> str:
    """The bucket of the relationships of type ``rtype`` (:func:`shard_digests`)."""
    return f"r:{rtype}"


#: A bucket is split into shards of about this many elements at most (a power of two of them): an
#: edit makes the next load read back the (id, hash) pairs of the shards it touched, not its bucket's.
SHARD_SIZE = 256


def shard_count(n: int) -> int:
    """The number of shards of a bucket of ``n`` elements: the least power of two that keeps them at
    :data:`SHARD_SIZE` or fewer each, on average (1 up to :data:`SHARD_SIZE`). It changes only when the
    bucket crosses a power of two: then every shard of it differs from the recorded ones once.

    >>> [shard_count(n) for n in (1, 256, 257, 2_000, 37_000)]
    [1, 1, 2, 8, 256]
    """
    return 1 << ((n - 1) // SHARD_SIZE).bit_length() if n > 0 else 1


def shard_key(bucket: str, shard: int, count: int) -> str:
    """The key of shard ``shard`` of ``count`` of a bucket: the bucket itself when it is one shard."""
    return bucket if count == 1 else f"{bucket}#{shard}/{count}"


def bucket_of(key: str) -> str:
    """The bucket of a :func:`shard_key`."""
    return key.partition("#")[0]


@dataclass
class Shards:
    """A graph's shards: each one's digest, and the ids of its nodes or relationships (in id order)."""

    digests: dict[str, str] = field(default_factory=dict)
    nodes: dict[str, list[str]] = field(default_factory=dict)  # shard key -> node ids
    relationships: dict[str, list[str]] = field(default_factory=dict)  # shard key -> relationship ids


def _split(bucket: str, ids: list[str]) -> Iterator[tuple[str, list[str]]]:
    """The non-empty shards of a bucket's ids: key and ids, sorted. An id's shard is a CRC-32 of it
    (stable across processes and versions, as the recorded keys must be)."""
    count = shard_count(len(ids))
    if count == 1:
        yield bucket, sorted(ids)
        return
    groups: list[list[str]] = [[] for _ in range(count)]
    mask = count - 1
    for key in ids:
        groups[zlib.crc32(key.encode()) & mask].append(key)
    for shard, members in enumerate(groups):
        if members:
            members.sort()
            yield shard_key(bucket, shard, count), members


def shard_digests(g: PropertyGraph) -> Shards:
    """The digest of every shard of a graph (nodes per primary label, relationships per type, each
    bucket split by :func:`shard_count`), computed from what a load stores, not from the per-element
    hashes: one canonical orjson text (keys sorted) of the shard's node ``[id, labels, properties]``
    (relationship ``[id, type, start, end, properties]``) rows in id order. A load records them on the
    bookkeeping node, so the next one reads back the (id, hash) pairs of the shards whose digest
    differs only, by id. Empty shards have none.
    """
    out = Shards()
    nodes: dict[str, list[str]] = {}
    for nid, n in g.nodes.items():
        nodes.setdefault(n.labels[0], []).append(nid)
    rels: dict[str, list[str]] = {}
    for rid, r in g.relationships.items():
        rels.setdefault(r.type, []).append(rid)
    by_id_n, by_id_r = g.nodes, g.relationships
    for label, ids in nodes.items():
        for key, members in _split(node_bucket(label), ids):
            out.nodes[key] = members
            out.digests[key] = _h([[k, (n := by_id_n[k]).labels, n.props] for k in members], 16)
    for rtype, ids in rels.items():
        for key, members in _split(rel_bucket(rtype), ids):
            out.relationships[key] = members
            rows = [[k, rtype, (r := by_id_r[k]).start, r.end, r.props] for k in members]
            out.digests[key] = _h(rows, 16)
    return out


def digest_of_buckets(buckets: Mapping[str, str]) -> str:
    """:func:`graph_digest` from a graph's shard digests (:func:`shard_digests`)."""
    h = hashlib.sha256(STORAGE_VERSION.encode())
    h.update(orjson.dumps(sorted(buckets.items())))
    return h.hexdigest()


def graph_digest(g: PropertyGraph) -> str:
    """SHA-256 of the graph: of its :func:`shard_digests`, which cover everything a load stores (node
    ids, labels and properties; relationship ids, types, ends and properties), in a canonical orjson
    text (keys sorted).

    >>> graph_digest(PropertyGraph()) == graph_digest(PropertyGraph())
    True
    """
    return digest_of_buckets(shard_digests(g).digests)


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


def diff_hashes(
    old: Hashes,
    new: PropertyGraph,
    hashes: Hashes | None = None,
    region: tuple[Iterable[str], Iterable[str]] | None = None,
) -> Diff:
    """:func:`diff_graphs` from what the database holds as :class:`Hashes` (no properties read back).

    Equal to ``diff_graphs(old_graph, new)`` when ``old`` holds the hashes of ``old_graph``; the old
    side of an update or delete is a :class:`~ddgraph.graph.Node` / :class:`~ddgraph.graph.Relationship`
    with its labels or type only (what the write statements use).

    ``region``: the ids of the nodes and relationships of ``new`` that ``old`` covers (the shards a load
    read back, :func:`shard_digests`), the others being equal in both graphs; only those are compared,
    and what ``old`` holds beyond ``new`` is deleted. (A node that changed its primary label replaces
    its relationships, which need all shards: :func:`relabels` tells.)
    """
    hs = hashes or graph_hashes(new)
    d = Diff()
    relabelled: set[str] = set()
    old_nodes, old_rels = old.nodes, old.relationships
    new_nodes = new.nodes
    if region is None:
        node_ids, rel_ids = sorted(new_nodes), sorted(new.relationships)
    else:
        node_ids, rel_ids = sorted(region[0]), sorted(region[1])
    for nid in node_ids:
        n = new_nodes[nid]
        before = old_nodes.get(nid)
        if before is None:
            d.create_nodes.append(n)
            continue
        labels, h = before
        if labels[0] != n.label:
            relabelled.add(nid)
            d.delete_nodes.append(Node(nid, labels, {}))
            d.create_nodes.append(n)
        elif labels != n.labels or h != hs.nodes[nid][1]:
            d.update_nodes.append((Node(nid, labels, {}), n))
    d.delete_nodes += [Node(nid, old_nodes[nid][0], {}) for nid in sorted(old_nodes) if nid not in new.nodes]
    for rid in rel_ids:
        r = new.relationships[rid]
        before_r = old_rels.get(rid)
        if before_r is None:
            d.create_rels.append(r)
            continue
        rtype, h = before_r
        new_h = hs.relationships[rid][1]
        if rtype != r.type or h[:16] != new_h[:16] or ({r.start, r.end} & relabelled):
            d.delete_rels.append(Relationship(rid, rtype, "", "", {}))
            d.create_rels.append(r)
        elif h != new_h:
            d.update_rels.append(r)
    d.delete_rels += [
        Relationship(rid, old_rels[rid][0], "", "", {})
        for rid in sorted(old_rels)
        if rid not in new.relationships
    ]
    return d


def relabels(d: Diff, new: PropertyGraph) -> bool:
    """Whether ``d`` replaces a node by one of another primary label (same id)."""
    return any(n.id in new.nodes for n in d.delete_nodes)
