"""The one bridge between the property graph and a real Neo4j: connect, schema, diff-load, read back, query.

:func:`load` is idempotent and atomic. It reads what the database holds, computes the difference with
the graph built from the files, and applies only the creates/updates/deletes, all in ONE write
transaction: a reader never sees a half-loaded dataset, and a load that is killed leaves the previous
complete state (the server rolls back a transaction whose client went away). Loading the same files
twice reports 0 changes; a fact removed from the files is removed from the database.

:func:`read_graph` is the inverse of :func:`load`: ``read_graph(load(g)) == g`` exactly (dates back to
ISO strings for :data:`~ddgraph.graph.DATE_KEYS`, the same property types, lists and label order), so an
export written from Neo4j is byte-equal to one written from the files.

Storage conventions:

* a node keeps its labels (primary label from :data:`~ddgraph.graph.NODE_LABELS` first, then the kind
  label such as ``Hotline``) and its properties, ``id`` included; no extra label is added;
* a relationship keeps its type and properties and stores its graph id in the ``id`` property (a
  property of that name is therefore reserved on relationships);
* every :data:`~ddgraph.graph.DATE_KEYS` value is a native ``date``, so Cypher can filter with
  ``WHERE r.from <= date($asOf)``;
* the database is owned by ddgraph: every node carrying one of the ``NODE_LABELS`` and every
  relationship of one of the ``REL_TYPES`` is managed (and deleted when absent from the files);
* one bookkeeping node labelled :data:`LOAD_LABEL` (not a ddgraph label, so :func:`read_graph` and the
  exports never see it) holds the SHA-256 of the graph the last load wrote (:func:`graph_digest`).
  A load of the same graph then checks that digest and the node and relationship counts instead of
  reading the whole graph back. The ddgraph writes outside :func:`load`
  (:func:`write_node_properties`, :func:`run_query` with ``write=True``) delete it in their own
  transaction, so the next load diffs for real; so does ``load(..., full=True)`` (``ddgraph load
  --full``), for a database edited by hand.

Cypher text never contains a value: labels and types come from the fixed whitelist in
:mod:`ddgraph.graph` (one query text per label/type), every value travels as a ``$parameter``.

The library never prints: :func:`load` reports per-batch progress through a callback.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import neo4j
import neo4j.exceptions as nex
import neo4j.graph
import neo4j.spatial
import neo4j.time
import orjson

from .countries import resolve_country
from .cypher_library import Query, load_query, load_write, schema_statements
from .errors import QueryError, StoreError, UnableToConnect
from .graph import DATE_KEYS, NODE_LABELS, REL_TYPES, Node, PropertyGraph, Relationship
from .readonly import check_plan
from .vocabulary import KIND_LABELS

DEFAULT_URI = "bolt://127.0.0.1:7687"
DEFAULT_USER = "neo4j"
DEFAULT_DATABASE = "neo4j"
#: Rows per ``UNWIND $rows`` statement.
BATCH_SIZE = 10_000

#: Secondary (kind) labels a node may carry besides its primary label.
ALLOWED_LABELS = frozenset(NODE_LABELS) | KIND_LABELS

#: Label of the bookkeeping node that records the digest of the last loaded graph (not in NODE_LABELS).
LOAD_LABEL = "DdgraphLoad"
#: Bumped whenever the way a graph is stored changes, so that older digests no longer match.
STORAGE_VERSION = "ddgraph-neo4j-1"

#: ``progress(done, total)``: called after each batch with the number of changes applied so far.
Progress = Callable[[int, int], None]


# ------------------------------------------------------------------------------------------ connect
def connect(
    uri: str = DEFAULT_URI, user: str = DEFAULT_USER, password: str = "", database: str = DEFAULT_DATABASE
) -> neo4j.Driver:
    """Open a driver and check, once, that ``database`` answers with these credentials.

    Raises :class:`~ddgraph.errors.UnableToConnect` with a one-line message (never the password) when
    the server is unreachable, refuses the credentials, or has no such database.
    """
    if not password:
        raise UnableToConnect("no Neo4j password: set NEO4J_PASSWORD (or pass --password)")
    try:
        # Server notifications (a property not in the schema yet...) would be logged to stderr.
        driver = neo4j.GraphDatabase.driver(
            uri,
            auth=(user, password),
            connection_timeout=10,
            notifications_min_severity=neo4j.NotificationMinimumSeverity.OFF,
        )
    except (ValueError, nex.ConfigurationError) as e:
        raise UnableToConnect(f"invalid Neo4j URI {uri!r}: {e}") from e
    try:
        driver.verify_connectivity()
        with driver.session(database=database) as session:
            session.run("RETURN 1").consume()
    except nex.AuthError as e:
        driver.close()
        raise UnableToConnect(
            f"Neo4j at {uri} refused the credentials of user {user!r} (check NEO4J_USER / NEO4J_PASSWORD)"
        ) from e
    except nex.ClientError as e:
        driver.close()
        if e.code and "DatabaseNotFound" in e.code:
            raise UnableToConnect(f"Neo4j at {uri} has no database {database!r}") from e
        raise UnableToConnect(f"Neo4j at {uri} refused the connection: {e.message or e.code}") from e
    except (nex.ServiceUnavailable, nex.SessionExpired, OSError) as e:
        driver.close()
        raise UnableToConnect(f"cannot reach Neo4j at {uri} (is the server running?)") from e
    except nex.Neo4jError as e:
        driver.close()
        raise UnableToConnect(f"Neo4j at {uri} failed: {e.message or e.code}") from e
    return driver


def apply_schema(driver: neo4j.Driver, database: str = DEFAULT_DATABASE) -> int:
    """Run every statement of ``cypher/schema.cypher`` (all ``IF NOT EXISTS``) and wait for the indexes.

    Returns the number of statements run.
    """
    statements = schema_statements()
    with driver.session(database=database) as session:
        for statement in statements:
            session.run(statement).consume()
        session.run("CALL db.awaitIndexes(300)").consume()
    return len(statements)


# ---------------------------------------------------------------------------------------- summary
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


# ----------------------------------------------------------------------------- value conversion
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


def _from_db(props: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in props.items():
        if isinstance(v, neo4j.time.Date):
            v = v.iso_format()
        elif isinstance(v, tuple):
            v = list(v)
        out[k] = v
    return out


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


# ------------------------------------------------------------------------------------ read back
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


# The bookkeeping node's label is LOAD_LABEL, spelled out: no Cypher text is ever formatted.
_READ_COUNTRIES = "MATCH (c:Country) RETURN c.id AS id, properties(c) AS props"
_READ_DIGEST = "MATCH (m:DdgraphLoad) RETURN m.sha256 AS sha256"

_COUNT_GRAPH = """
RETURN COUNT { MATCH (n) WHERE any(label IN labels(n) WHERE label IN $labels) } AS nodes,
       COUNT { MATCH ()-[r]->() WHERE type(r) IN $types } AS relationships
"""

_WRITE_DIGEST = "CREATE (:DdgraphLoad {sha256: $sha256})"

_FORGET_DIGEST = "MATCH (m:DdgraphLoad) DETACH DELETE m"


def _holds(tx: neo4j.Transaction, graph: PropertyGraph, digest: str) -> bool:
    """Whether the database records a load of exactly ``graph`` and still has its node/relationship counts."""
    stored = [row["sha256"] for row in tx.run(_READ_DIGEST)]
    if stored != [digest]:  # none, another graph's, or two (concurrent loads): diff for real
        return False
    row = tx.run(_COUNT_GRAPH, labels=list(NODE_LABELS), types=list(REL_TYPES)).single(strict=True)
    return (row["nodes"], row["relationships"]) == (len(graph.nodes), len(graph.relationships))


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


# ----------------------------------------------------------------------------------------- writes
# One fixed text per label/type: the identifiers come from the whitelist in graph.py (checked by
# validate_graph before any of these is formatted), every value is a $parameter.
def _ident(name: str, allowed: Sequence[str]) -> str:
    """``name`` when it is one of the ``allowed`` labels/types; the only text ever put into Cypher."""
    if name not in allowed:
        raise StoreError(f"{name!r} is not a ddgraph label or relationship type")
    return name


def _q_delete_rels(rtype: str) -> str:
    rtype = _ident(rtype, REL_TYPES)
    return f"UNWIND $rows AS row MATCH ()-[r:{rtype} {{id: row.id}}]->() DELETE r"


def _q_delete_nodes(label: str) -> str:
    label = _ident(label, NODE_LABELS)
    return f"UNWIND $rows AS row MATCH (n:{label} {{id: row.id}}) DETACH DELETE n"


_DATE_KEY_NAMES = tuple(sorted(DATE_KEYS))


def _set_dates(var: str, src: str, keys: Sequence[str]) -> str:
    """`` SET var.k = date(src.k)`` for the date keys: rows carry ISO text, Neo4j stores a DATE.

    Packing a date in the Python driver costs more than the server's ``date()``. Every name put
    into the text is checked against a fixed whitelist.
    """
    v = _ident(var, ("n", "r"))
    s = _ident(src, ("props", "row.props"))
    parts = []
    for key in keys:
        k = _ident(key, _DATE_KEY_NAMES)
        parts.append(f" SET {v}.`{k}` = date({s}.`{k}`)")
    return "".join(parts)


def _q_upsert_nodes(label: str, dates: Sequence[str] = ()) -> str:
    # SET n = props replaces every property; kind labels are added/removed with dynamic labels.
    label = _ident(label, NODE_LABELS)
    set_dates = _set_dates("n", "row.props", dates)
    return (
        f"UNWIND $rows AS row MERGE (n:{label} {{id: row.id}}) "
        f"SET n = row.props{set_dates} "
        "WITH n, row REMOVE n:$(row.remove) SET n:$(row.add)"
    )


def _q_create_nodes(label: str, dates: Sequence[str] = ()) -> str:
    # Only for ids the diff did not find in the database (read in this transaction): no MERGE look-up.
    label = _ident(label, NODE_LABELS)
    set_dates = _set_dates("n", "props", dates)
    return f"UNWIND $rows AS props CREATE (n:{label}) SET n = props{set_dates}"


def _q_create_kind_nodes(label: str, dates: Sequence[str] = ()) -> str:
    label = _ident(label, NODE_LABELS)
    set_dates = _set_dates("n", "row.props", dates)
    return f"UNWIND $rows AS row CREATE (n:{label}) SET n = row.props{set_dates} SET n:$(row.add)"


def _q_create_rels(rtype: str, start: str, end: str, dates: Sequence[str] = ()) -> str:
    rtype = _ident(rtype, REL_TYPES)
    start = _ident(start, NODE_LABELS)
    end = _ident(end, NODE_LABELS)
    set_dates = _set_dates("r", "row.props", dates)
    return (
        f"UNWIND $rows AS row MATCH (a:{start} {{id: row.start}}) MATCH (b:{end} {{id: row.end}}) "
        f"CREATE (a)-[r:{rtype}]->(b) SET r = row.props{set_dates}"
    )


def _q_update_rels(rtype: str, dates: Sequence[str] = ()) -> str:
    rtype = _ident(rtype, REL_TYPES)
    set_dates = _set_dates("r", "row.props", dates)
    return f"UNWIND $rows AS row MATCH ()-[r:{rtype} {{id: row.id}}]->() SET r = row.props{set_dates}"


def _batches(rows: list[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    for i in range(0, len(rows), size):
        yield rows[i : i + size]


def _group(items: Sequence[Any], key: Callable[[Any], Any]) -> list[tuple[Any, list[Any]]]:
    groups: dict[Any, list[Any]] = {}
    for item in items:
        groups.setdefault(key(item), []).append(item)
    return sorted(groups.items())


def _rel_props(r: Relationship) -> dict[str, Any]:
    return {"id": r.id, **r.props}


def _dates(items: Iterable[Node | Relationship]) -> list[str]:
    """The date keys that the properties of ``items`` use, sorted."""
    keys: set[str] = set()
    for item in items:
        keys.update(DATE_KEYS.intersection(item.props))
    return sorted(keys)


def _statements(d: Diff, new: PropertyGraph) -> list[tuple[str, list[dict[str, Any]]]]:
    """The write statements of a diff, in an order that never leaves a dangling relationship."""
    out: list[tuple[str, list[dict[str, Any]]]] = []
    for rtype, rels in _group(d.delete_rels, lambda r: r.type):
        out.append((_q_delete_rels(rtype), [{"id": r.id} for r in rels]))
    for label, nodes in _group(d.delete_nodes, lambda n: n.label):
        out.append((_q_delete_nodes(label), [{"id": n.id} for n in nodes]))
    for label, nodes in _group(d.create_nodes, lambda n: n.label):
        dates = _dates(nodes)
        plain = [n.props for n in nodes if len(n.labels) == 1]
        kinds = [{"props": n.props, "add": sorted(set(n.labels[1:]))} for n in nodes if len(n.labels) > 1]
        out += [(_q_create_nodes(label, dates), plain)] if plain else []
        out += [(_q_create_kind_nodes(label, dates), kinds)] if kinds else []
    for label, pairs in _group(d.update_nodes, lambda p: p[1].label):
        rows = []
        for old, n in pairs:
            old_extra = set(old.labels[1:])
            rows.append(
                {
                    "id": n.id,
                    "props": n.props,
                    "add": sorted(set(n.labels[1:])),
                    "remove": sorted(old_extra - set(n.labels[1:])),
                }
            )
        out.append((_q_upsert_nodes(label, _dates(n for _, n in pairs)), rows))
    for (rtype, start, end), rels in _group(
        d.create_rels, lambda r: (r.type, new.nodes[r.start].label, new.nodes[r.end].label)
    ):
        out.append(
            (
                _q_create_rels(rtype, start, end, _dates(rels)),
                [{"start": r.start, "end": r.end, "props": _rel_props(r)} for r in rels],
            )
        )
    for rtype, rels in _group(d.update_rels, lambda r: r.type):
        rows = [{"id": r.id, "props": _rel_props(r)} for r in rels]
        out.append((_q_update_rels(rtype, _dates(rels)), rows))
    return out


def load(
    driver: neo4j.Driver,
    graph: PropertyGraph,
    database: str = DEFAULT_DATABASE,
    progress: Progress | None = None,
    batch_size: int = BATCH_SIZE,
    full: bool = False,
) -> LoadSummary:
    """Make the database hold exactly ``graph``, in one write transaction; return what changed.

    The graph is checked (:func:`validate_graph`) before anything is written; nothing is written
    when it fails. The database's current graph is read inside the same transaction, so the diff
    is applied to exactly what it was computed from. When the database records a load of this very graph
    (:func:`graph_digest`) and still holds as many ddgraph nodes and relationships, nothing has
    changed and the graph is not read back (``full=True`` reads and diffs it anyway).
    """
    try:
        digest = graph_digest(graph)
    except (TypeError, ValueError):  # a value JSON cannot encode: validate_graph names it
        validate_graph(graph)
        raise
    with driver.session(database=database) as session:
        tx = session.begin_transaction()
        try:
            # A graph whose digest the database records was validated by the load that wrote it.
            if not full and _holds(tx, graph, digest):
                if progress:
                    progress(0, 0)
                tx.commit()
                return LoadSummary()
            validate_graph(graph)
            diff = diff_graphs(_read(tx), graph)
            summary = diff.summary()
            statements = _statements(diff, graph)
            total, done = summary.changes, 0
            if progress:
                progress(0, total)
            for query, rows in statements:
                for batch in _batches(rows, batch_size):
                    tx.run(query, rows=batch).consume()
                    done += len(batch)
                    if progress:
                        progress(done, total)
            tx.run(_FORGET_DIGEST).consume()
            tx.run(_WRITE_DIGEST, sha256=digest).consume()
            tx.commit()
        except BaseException:
            if not tx.closed():
                tx.rollback()
            raise
    return summary


def write_node_properties(
    driver: neo4j.Driver,
    label: str,
    props: Mapping[str, Mapping[str, Any]],
    database: str = DEFAULT_DATABASE,
) -> int:
    """Set ``props[id]`` on the existing ``label`` nodes, in one write transaction; return how many.

    Used to store centrality scores where the Browser can style by them. A later ``ddgraph load``
    sees these properties as changes and removes them, so the files stay the source of truth (the
    load digest is deleted in the same transaction, so that load diffs for real).
    """
    if label not in NODE_LABELS:
        raise StoreError(f"unknown node label {label!r}")
    rows = [{"id": node_id, "props": dict(values)} for node_id, values in sorted(props.items())]
    for node_id, values in props.items():
        for key, value in values.items():
            _check_value(f"{label} {node_id}", key, value)
    text = load_write("set_node_properties").text

    def work(tx: neo4j.ManagedTransaction) -> int:
        updated = int(tx.run(text, label=label, rows=rows).single(strict=True)["updated"])
        tx.run(_FORGET_DIGEST).consume()
        return updated

    try:
        with driver.session(database=database) as session:
            return session.execute_write(work)
    except nex.ClientError as e:
        raise StoreError(f"writing {label} properties failed: {e.message or e.code}") from e


def clear(driver: neo4j.Driver, database: str = DEFAULT_DATABASE) -> None:
    """Delete every node and relationship of ``database`` (the schema stays)."""
    with driver.session(database=database) as session:
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()


# ------------------------------------------------------------------------------------------ query
def _plain(value: Any) -> Any:
    """A query result value as plain JSON-able Python (dates as ISO strings, nodes as property maps)."""
    if isinstance(value, neo4j.time.Date | neo4j.time.DateTime | neo4j.time.Time):
        return value.iso_format()
    if isinstance(value, neo4j.time.Duration):
        return str(value)
    if isinstance(value, neo4j.graph.Node):
        return {
            "labels": _ordered_labels(list(value.labels))
            if set(value.labels) & set(NODE_LABELS)
            else sorted(value.labels),
            **_plain(dict(value)),
        }
    if isinstance(value, neo4j.graph.Relationship):
        return {"type": value.type, **_plain(dict(value))}
    if isinstance(value, neo4j.graph.Path):
        return [_plain(n) for n in value.nodes]
    if isinstance(value, neo4j.spatial.Point):
        return list(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


@dataclass
class QueryResult:
    columns: list[str]
    rows: list[dict[str, Any]]


def run_query(
    driver: neo4j.Driver,
    name: str | Query,
    params: Mapping[str, Any] | None = None,
    database: str = DEFAULT_DATABASE,
    write: bool = False,
) -> QueryResult:
    """Run the query file ``cypher/queries/NAME.cypher`` with ``params``; rows as plain Python values.

    The query is planned first (``EXPLAIN``): one that writes is refused unless ``write`` is true, and
    a read runs in a read transaction. Missing or unknown parameters raise :class:`QueryError`. A
    country parameter (:attr:`Query.country_params`) takes an id, an ISO code or a name, resolved as the
    analyses resolve it (:func:`ddgraph.countries.resolve_country`; a typo raises ``UnknownCountry``).
    ``name`` may be an ad-hoc :class:`Query`; every plan is checked by :func:`ddgraph.readonly.check_plan`
    (administration commands and side effects outside the graph are refused).
    """
    query = name if isinstance(name, Query) else load_query(name)
    name = query.name
    params = dict(params or {})
    countries: dict[str, dict[str, Any]] | None = None
    missing = [p for p in query.params if p not in params]
    unknown = [p for p in params if p not in query.params]
    if missing or unknown:
        parts = ([f"missing parameter(s) {', '.join(missing)}"] if missing else []) + (
            [f"unknown parameter(s) {', '.join(unknown)}"] if unknown else []
        )
        expected = ", ".join(query.params) or "none"
        raise QueryError(f"query {name!r}: {'; '.join(parts)} (expected: {expected})")

    def work(tx: neo4j.ManagedTransaction) -> QueryResult:
        result = tx.run(query.text, params)
        columns = list(result.keys())
        rows = [{c: _plain(record[c]) for c in columns} for record in result]
        if write:  # it may have changed the graph: the next load must diff for real
            tx.run(_FORGET_DIGEST).consume()
        return QueryResult(columns, rows)

    try:
        with driver.session(database=database) as session:
            for key in query.country_params:  # "USA", "usa", "China", "Trung Quốc": one country id
                if isinstance(params[key], str):
                    if countries is None:
                        countries = {r["id"]: dict(r["props"]) for r in session.run(_READ_COUNTRIES)}
                    params[key] = resolve_country(countries, params[key])
            plan = session.run("EXPLAIN " + query.text, params).consume()
            check_plan(query.name, plan.query_type, plan.plan, write)  # admin, side effects, writes
            return session.execute_write(work) if write else session.execute_read(work)
    except nex.ClientError as e:
        first = (e.message or e.code or "").splitlines()[0]  # not the server's echo of the text and caret
        raise QueryError(f"query {name!r} failed: {first}") from e
