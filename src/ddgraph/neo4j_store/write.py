"""Write to Neo4j: :func:`load` (the diff applied in one transaction), scores, clearing the database.

Every write here takes the load lock first (:mod:`.lock`) and runs as a managed transaction, so the
driver retries transient errors (a deadlock, a leader switch); the errors a user can act on (a lock held
too long, a server that went away, a load bigger than the server's transaction memory) end in one line.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import secrets
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

import neo4j
import neo4j.exceptions as nex

from ..cypher_library import load_write, store_statement
from ..dataset import gc_paused
from ..errors import StoreBusy, StoreError
from ..graph import DATE_KEYS, NODE_LABELS, REL_TYPES, Node, PropertyGraph, Relationship
from ..neo4j_defaults import LOCK_TIMEOUT, TXN_ROWS
from .connect import DEFAULT_DATABASE, read_retried, server_gone, unavailable
from .diff import (
    ALLOWED_LABELS,
    HASH_KEY,
    Diff,
    Hashes,
    LoadSummary,
    Shards,
    _check_props,
    _check_value,
    bucket_of,
    diff_graphs,
    diff_hashes,
    digest_of_buckets,
    graph_hashes_on_demand,
    node_bucket,
    rel_bucket,
    relabels,
    shard_digests,
    validate_graph,
    validate_shape,
    validate_written,
)
from .lock import (
    _DROP_OLD_BOOKKEEPING,
    _FORGET_DIGEST,
    _FORGET_HASHES,
    _NEXT_GENERATION,
    _READ_FILES,
    _READ_GENERATION,
    _WRITE_FILES,
    _WRITE_LOAD_DIGEST,
    LockWatch,
    take_lock,
)
from .read import SCORE_PREFIX, STAGING_LABEL, _hash_rows, _held_counts, _holds, _read, _read_hashes

#: Rows per ``UNWIND $rows`` statement (and per committed batch of a staged load).
BATCH_SIZE = 10_000


#: Server memory a one-transaction load holds per node or relationship it writes, rounded up: a load of
#: 93k rows held 704 MB (SHOW TRANSACTIONS, Neo4j 5.26), 7.6 kB a row.
ROW_BYTES = 8_000

#: The share of a server's transaction memory that one load plans to use in one transaction (the rest
#: for the other transactions and the collector); a load that still does not fit is staged.
MEMORY_SHARE = 0.25

#: The settings that bound a transaction's memory (0B: no bound of its own), and the heap.
_MEMORY_LIMITS = store_statement("memory_limits")
_SIZE = re.compile(r"(\d+(?:\.\d+)?)\s*([KMGT]i?B|[KMGT]|B)?", re.IGNORECASE)
_UNITS = {"": 1, "b": 1, "k": 1024, "m": 1024**2, "g": 1024**3, "t": 1024**4}


def _bytes_of(value: Any) -> int | None:
    """A size as SHOW SETTINGS gives it (``'5.88GiB'``, ``'0B'``, ``'512m'``), in bytes; None when not one.

    >>> _bytes_of("5.88GiB"), _bytes_of("0B"), _bytes_of("512m"), _bytes_of(None)
    (6313601925, 0, 536870912, None)
    """
    match = _SIZE.fullmatch(str(value).strip()) if value is not None else None
    if match is None:
        return None
    return int(float(match.group(1)) * _UNITS[(match.group(2) or "")[:1].lower()])


def txn_rows_of(driver: neo4j.Driver, database: str = DEFAULT_DATABASE) -> int:
    """The biggest change (nodes + relationships) :func:`load` writes in one transaction on this server.

    :data:`MEMORY_SHARE` of the least of its bounds on a transaction's memory (one transaction's, all
    transactions', the heap), at :data:`ROW_BYTES` a row, and never less than :data:`TXN_ROWS` (a load
    the memory refuses is staged anyway). :data:`TXN_ROWS` when the server does not tell its settings.
    """
    try:
        with driver.session(database=database) as session:
            values = [_bytes_of(r["value"]) for r in session.run(_MEMORY_LIMITS)]
    except nex.Neo4jError:  # SHOW SETTINGS refused (a role without the privilege): the default
        return TXN_ROWS
    limits = [v for v in values if v]  # 0: no bound of its own
    if not limits:
        return TXN_ROWS
    return max(TXN_ROWS, int(min(limits) * MEMORY_SHARE) // ROW_BYTES)


#: The nodes a killed staged load left, deleted in committed batches by the next load (which holds the lock).
_DROP_STAGING = store_statement("drop_staging")
_ANY_STAGED = store_statement("any_staged")

#: ``progress(done, total)``: called after each batch with the number of changes applied so far.
Progress = Callable[[int, int], None]


#: Nodes and relationships of ddgraph labels/types without an id (made by hand or by another import):
#: the database is owned by ddgraph, so a load deletes them like any node absent from the files.
_DELETE_UNREADABLE_RELS = store_statement("delete_unreadable_relationships")
_DELETE_UNREADABLE_NODES = store_statement("delete_unreadable_nodes")

#: Server settings to raise when a load does not fit in the server's transaction memory.
MEMORY_SETTINGS = "db.memory.transaction.max, db.memory.transaction.total.max or server.memory.heap.max_size"


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


#: ISO day text -> the date sent for it (a load's dates repeat: one object each).
_day = functools.cache(dt.date.fromisoformat)


def _db_props(props: Mapping[str, Any]) -> dict[str, Any]:
    """``props`` as a statement sends them: the date keys as dates, which Neo4j stores as DATE.

    Sent as Bolt dates, not as ISO text for the statement's ``date()``: the statement then sets the
    map as it comes (``SET n = row``), and the conversion is done by the client, while the server
    writes the batch before (:func:`_run_statements`). The values were checked as ISO days first.
    """
    out = dict(props)
    for key in _DATE_KEY_NAMES:
        v = out.get(key)
        if v is not None:
            out[key] = _day(v)
    return out


def _q_upsert_nodes(label: str) -> str:
    # SET n = props replaces every property; kind labels are added/removed with dynamic labels.
    label = _ident(label, NODE_LABELS)
    return (
        f"UNWIND $rows AS row MATCH (n:{label} {{id: row.id}}) "
        "SET n = row.props SET n += row.keep, n.ddgraph_hash = row.h "
        "WITH n, row REMOVE n:$(row.remove) SET n:$(row.add)"
    )


def _labels_text(labels: Sequence[str]) -> str:
    """``Mechanism:Hotline``: a primary label (or the staging label), then kind labels, all whitelisted."""
    kinds = sorted(ALLOWED_LABELS)
    return ":".join([_ident(labels[0], _ENDS), *(_ident(k, kinds) for k in labels[1:])])


#: The labels a written node or a relationship's end may have: a ddgraph label, or the staging label.
_ENDS = (*NODE_LABELS, STAGING_LABEL)


def _q_promote_nodes(labels: Sequence[str]) -> str:
    # The commit of a staged load: a staged node takes its ddgraph labels (a label change, no property).
    staged = _ident(STAGING_LABEL, _ENDS)
    text = _labels_text(labels)
    return f"UNWIND $rows AS row MATCH (n:{staged} {{id: row.id}}) REMOVE n:{staged} SET n:{text}"


#: The end of a node creation whose element ids the relationships created next use (:func:`_statements`).
_RETURN_IDS = " RETURN collect([row.id, elementId(n)]) AS ids"


def _q_create_nodes(labels: Sequence[str], ids: bool = False) -> str:
    # Only for ids the diff did not find in the database (read in this transaction): no MERGE look-up.
    # One text per label combination, so the kind labels are static (no dynamic label per row). A row is
    # the node's properties with its hash (:func:`_node_row`); ``ids``: return each node's element id.
    text = _labels_text(labels)
    if ids:  # ends with _RETURN_IDS
        return (
            f"UNWIND $rows AS row CREATE (n:{text}) SET n = row RETURN collect([row.id, elementId(n)]) AS ids"
        )
    return f"UNWIND $rows AS row CREATE (n:{text}) SET n = row"


def _q_create_rels(rtype: str, start: str, end: str) -> str:
    # A row is [start id, end id, properties with the id and hash] (:func:`_rel_row`).
    rtype = _ident(rtype, REL_TYPES)
    start = _ident(start, _ENDS)
    end = _ident(end, _ENDS)
    return (
        f"UNWIND $rows AS row MATCH (a:{start} {{id: row[0]}}) MATCH (b:{end} {{id: row[1]}}) "
        f"CREATE (a)-[r:{rtype}]->(b) SET r = row[2]"
    )


def _q_create_rels_between(rtype: str) -> str:
    # Between nodes created earlier in the same transaction: a row is [start element id, end element id,
    # properties], so each end is found by its element id (a seek, no index look-up in the transaction's
    # own uncommitted index changes).
    rtype = _ident(rtype, REL_TYPES)
    return (
        "UNWIND $rows AS row MATCH (a) WHERE elementId(a) = row[0] MATCH (b) WHERE elementId(b) = row[1] "
        f"CREATE (a)-[r:{rtype}]->(b) SET r = row[2]"
    )


def _q_update_rels(rtype: str) -> str:
    rtype = _ident(rtype, REL_TYPES)
    return (
        f"UNWIND $rows AS row MATCH ()-[r:{rtype} {{id: row.id}}]->() "
        "SET r = row.props, r.ddgraph_hash = row.h"
    )


def _q_hash_nodes(label: str) -> str:
    label = _ident(label, NODE_LABELS)
    return f"UNWIND $rows AS row MATCH (n:{label} {{id: row.id}}) SET n.ddgraph_hash = row.h"


def _q_hash_rels(rtype: str) -> str:
    rtype = _ident(rtype, REL_TYPES)
    return f"UNWIND $rows AS row MATCH ()-[r:{rtype} {{id: row.id}}]->() SET r.ddgraph_hash = row.h"


def _batches(rows: list[Any], size: int) -> Iterator[list[Any]]:
    for i in range(0, len(rows), size):
        yield rows[i : i + size]


def _group(items: Sequence[Any], key: Callable[[Any], Any]) -> list[tuple[Any, list[Any]]]:
    groups: dict[Any, list[Any]] = {}
    for item in items:
        groups.setdefault(key(item), []).append(item)
    return sorted(groups.items())


def _rel_props(r: Relationship) -> dict[str, Any]:
    props = _db_props(r.props)
    props["id"] = r.id
    return props


def _node_row(n: Node, h: str) -> dict[str, Any]:
    """What a node creation sets: the node's properties and its content hash, in one map."""
    row = _db_props(n.props)
    row[HASH_KEY] = h
    return row


def _rel_row(start: str, end: str, r: Relationship, h: str) -> list[Any]:
    """A relationship creation's row: its two ends (ids or element ids) and what it sets."""
    props = _rel_props(r)
    props[HASH_KEY] = h
    return [start, end, props]


class _Each:
    """A statement's rows made batch by batch from its items (``row(item)``), as the batches are sent.

    A pipelined load (:func:`_run_statements`) builds the next batch while the server runs the one
    before, so the client's work (the rows, the check of their values) overlaps the server's.
    """

    __slots__ = ("items", "row")

    def __init__(self, items: Sequence[Any], row: Callable[[Any], Any]) -> None:
        self.items, self.row = items, row

    def batches(self, size: int) -> Iterator[list[Any]]:
        row = self.row
        for i in range(0, len(self.items), size):
            yield [row(x) for x in self.items[i : i + size]]


#: What a write statement is given: its rows, rows made from items as they are sent (:class:`_Each`), or a
#: function that makes them once the statements before it have run (the relationships between new nodes,
#: which use the element ids their creation returned).
Rows = list[Any] | _Each | Callable[[], list[Any]]


def _row_batches(rows: Rows, size: int) -> Iterator[list[Any]]:
    """The rows of a statement, ``size`` at a time, whichever form :data:`Rows` they take."""
    if isinstance(rows, _Each):
        return rows.batches(size)
    return _batches(rows() if callable(rows) else rows, size)


def _statements(
    d: Diff,
    new: PropertyGraph,
    hashes: Hashes,
    scores: Mapping[str, Mapping[str, Any]] | None = None,
    bare: tuple[set[str], set[str]] = (set(), set()),
    eids: dict[str, str] | None = None,
    check: bool = False,
) -> list[tuple[str, Rows]]:
    """The write statements of a diff, in an order that never leaves a dangling relationship.

    Every node and relationship written gets its content hash (``hashes``). ``scores`` (node id ->
    score properties as the database holds them) are kept on updated nodes. ``bare`` are the node and
    relationship ids the database holds without a hash: those the diff leaves alone get theirs.

    With ``eids`` (an empty dict, filled as the statements run: :func:`_run_statements`), the node
    creations return the new nodes' element ids, and a relationship between two new nodes finds its ends
    by them; its rows are then a function, called once the node creations have run.

    ``check``: the property values of what is written are checked as its rows are made (what
    :func:`~ddgraph.neo4j_store.diff.validate_written` checks, raised from inside the one transaction
    that the rows are sent in, which then rolls back); the rows of creations and updates are made batch
    by batch (:class:`_Each`).
    """
    scores = scores or {}
    hn, hr = hashes.nodes, hashes.relationships

    def checked(item: Node | Relationship) -> None:
        if check:
            _check_props(item, item.props)

    def node_row(n: Node) -> dict[str, Any]:
        checked(n)
        return _node_row(n, hn[n.id][1])

    def rel_row(r: Relationship, start: str | None = None, end: str | None = None) -> list[Any]:
        checked(r)
        return _rel_row(start or r.start, end or r.end, r, hr[r.id][1])

    out: list[tuple[str, Rows]] = []
    for rtype, rels in _group(d.delete_rels, lambda r: r.type):
        out.append((_q_delete_rels(rtype), [{"id": r.id} for r in rels]))
    for label, nodes in _group(d.delete_nodes, lambda n: n.label):
        out.append((_q_delete_nodes(label), [{"id": n.id} for n in nodes]))
    ids = eids is not None
    for labels, nodes in _group(d.create_nodes, lambda n: (n.labels[0], *sorted(set(n.labels[1:])))):
        out.append((_q_create_nodes(labels, ids), _Each(nodes, node_row)))

    def upsert_row(pair: tuple[Node, Node]) -> dict[str, Any]:
        old, n = pair
        checked(n)
        return {
            "id": n.id,
            "props": _db_props(n.props),
            "h": hn[n.id][1],
            "add": sorted(set(n.labels[1:])),
            "remove": sorted(set(old.labels[1:]) - set(n.labels[1:])),
            "keep": dict(scores.get(n.id, {})),
        }

    for label, pairs in _group(d.update_nodes, lambda p: p[1].label):
        out.append((_q_upsert_nodes(label), _Each(pairs, upsert_row)))
    new_nodes = new.nodes
    created = {n.id for n in d.create_nodes} if eids is not None else set()
    between: list[Relationship] = []
    others: list[Relationship] = []
    for r in d.create_rels:
        (between if r.start in created and r.end in created else others).append(r)
    if eids is not None:
        for rtype, rels in _group(between, lambda r: r.type):

            def rows_between(rels: list[Relationship] = rels, e: dict[str, str] = eids) -> list[Any]:
                return [rel_row(r, e[r.start], e[r.end]) for r in rels]

            out.append((_q_create_rels_between(rtype), rows_between))
    for (rtype, start, end), rels in _group(
        others, lambda r: (r.type, new_nodes[r.start].label, new_nodes[r.end].label)
    ):
        out.append((_q_create_rels(rtype, start, end), _Each(rels, rel_row)))

    def update_row(r: Relationship) -> dict[str, Any]:
        checked(r)
        return {"id": r.id, "props": _rel_props(r), "h": hr[r.id][1]}

    for rtype, rels in _group(d.update_rels, lambda r: r.type):
        out.append((_q_update_rels(rtype), _Each(rels, update_row)))
    # Stored without a hash (bulk import, an older ddgraph) but unchanged: record the hash, not a change.
    written = {n.id for n in d.create_nodes} | {n.id for _, n in d.update_nodes}
    bare_nodes = [i for i in bare[0] if i in new_nodes and i not in written]
    for label, ids_ in _group(bare_nodes, lambda i: new_nodes[i].label):
        out.append((_q_hash_nodes(label), [{"id": i, "h": hn[i][1]} for i in sorted(ids_)]))
    rels_written = {r.id for r in d.create_rels} | {r.id for r in d.update_rels}
    rels_new = new.relationships
    bare_rels = [i for i in bare[1] if i in rels_new and i not in rels_written]
    for rtype, ids_ in _group(bare_rels, lambda i: rels_new[i].type):
        out.append((_q_hash_rels(rtype), [{"id": i, "h": hr[i][1]} for i in sorted(ids_)]))
    return out


def _run_statements(
    tx: neo4j.ManagedTransaction | neo4j.Transaction,
    statements: Sequence[tuple[str, Rows]],
    batch_size: int,
    eids: dict[str, str] | None = None,
    step: Callable[[int], None] | None = None,
    then: Callable[[], Any] | None = None,
) -> None:
    """Run :func:`_statements` in ``tx``, ``batch_size`` rows at a time; ``step(rows)`` after each batch,
    ``then()`` once the last is sent, before the results are read.

    Pipelined: a batch is sent without waiting for the one before to finish (Bolt runs them in order in
    the transaction), so the next batch's rows are made and packed while the server writes; the results
    are read when element ids are needed (before relationships between new nodes) and at the end. A
    failed statement raises there, and the transaction, never committed, is rolled back.
    """
    pending: list[tuple[neo4j.Result, bool]] = []

    def drain() -> None:
        for result, returns_ids in pending:
            if returns_ids and eids is not None:
                eids.update(result.single(strict=True)["ids"])
            else:
                result.consume()
        pending.clear()

    for query, rows in statements:
        if callable(rows):  # uses the element ids of the node creations sent before it
            drain()
        returns_ids = query.endswith(_RETURN_IDS)
        for batch in _row_batches(rows, batch_size):
            pending.append((tx.run(query, rows=batch), returns_ids))
            if step:
                step(len(batch))
    if then:
        then()
    drain()


def _staged_statements(
    d: Diff, new: PropertyGraph, hashes: Hashes
) -> tuple[list[tuple[str, list[Any]]], Diff]:
    """The statements a staged load commits batch by batch, and the rest of the diff (for the last one).

    Staged: the nodes to create, labelled :data:`STAGING_LABEL` only, and the relationships to create
    that touch one of them, except ``PART_OF`` (the queries follow ``PART_OF*`` chains through nodes of
    any label, so a staged one never joins a chain) and replacements of an existing relationship (whose
    id is still taken). No labelled pattern matches a staged node, so readers see none of this until
    the last transaction gives the nodes their labels.
    """
    created = {n.id for n in d.create_nodes}
    replaced = {r.id for r in d.delete_rels}
    staged_rels: list[Relationship] = []
    rest: list[Relationship] = []
    for r in d.create_rels:
        touches = r.start in created or r.end in created
        (staged_rels if touches and r.type != "PART_OF" and r.id not in replaced else rest).append(r)
    hn, hr = hashes.nodes, hashes.relationships
    out: list[tuple[str, list[Any]]] = []
    if d.create_nodes:
        rows = [_node_row(n, hn[n.id][1]) for n in d.create_nodes]
        out.append((_q_create_nodes((STAGING_LABEL,)), rows))

    def end(nid: str) -> str:
        return STAGING_LABEL if nid in created else new.nodes[nid].label

    for (rtype, start, stop), rels in _group(staged_rels, lambda r: (r.type, end(r.start), end(r.end))):
        rel_rows = [_rel_row(r.start, r.end, r, hr[r.id][1]) for r in rels]
        out.append((_q_create_rels(rtype, start, stop), rel_rows))
    last = Diff(d.create_nodes, d.update_nodes, d.delete_nodes, rest, d.update_rels, d.delete_rels)
    return out, last


def _q_hide_nodes(label: str) -> str:
    # A node the staged load deletes loses its labels in the last transaction (it is then invisible, as a
    # staged node is) and is deleted, with its relationships, in batches once that has committed.
    label = _ident(label, NODE_LABELS)
    staged = _ident(STAGING_LABEL, _ENDS)
    return (
        f"UNWIND $rows AS row MATCH (n:{label} {{id: row.id}}) "
        f"WITH n, labels(n) AS old REMOVE n:$(old) SET n:{staged}"
    )


def _q_delete_visible_rels(rtype: str) -> str:
    # A relationship of a hidden node goes with it after the commit: only the others are deleted here.
    rtype = _ident(rtype, REL_TYPES)
    staged = _ident(STAGING_LABEL, _ENDS)
    return (
        f"UNWIND $rows AS row MATCH (a)-[r:{rtype} {{id: row.id}}]->(b) "
        f"WHERE NOT a:{staged} AND NOT b:{staged} DELETE r"
    )


def _swap_statements(
    d: Diff,
    new: PropertyGraph,
    hashes: Hashes,
    scores: Mapping[str, Mapping[str, Any]],
    bare: tuple[set[str], set[str]],
) -> list[tuple[str, Rows, bool]]:
    """The last transaction of a staged load: ``(query, rows, whether its rows are counted changes)``.

    The staged nodes get their labels, the nodes to delete are hidden (labels off: their deletion is
    done in batches after the commit), the relationships that do not go with a hidden node are deleted
    (a replaced one always, as its id is taken again), then the rest of the diff is written.
    """
    out: list[tuple[str, Rows, bool]] = []
    for labels, nodes in _group(d.create_nodes, lambda n: (n.labels[0], *sorted(set(n.labels[1:])))):
        out.append((_q_promote_nodes(labels), [{"id": n.id} for n in nodes], False))
    for label, nodes in _group(d.delete_nodes, lambda n: n.label):
        out.append((_q_hide_nodes(label), [{"id": n.id} for n in nodes], True))
    for (rtype, replaced), rels in _group(d.delete_rels, lambda r: (r.type, r.id in new.relationships)):
        query = _q_delete_rels(rtype) if replaced else _q_delete_visible_rels(rtype)
        out.append((query, [{"id": r.id} for r in rels], True))
    rest = Diff(update_nodes=d.update_nodes, create_rels=d.create_rels, update_rels=d.update_rels)
    out += [(q, rows, True) for q, rows in _statements(rest, new, hashes, scores, bare)]
    return out


# The rows these four read are those of _READ_NODE_HASHES and _READ_REL_HASHES (read.py): node (id,
# labels, hash, its properties when it has no hash, its scores), relationship (id, type, hash, its
# ends and properties when it has no hash).
def _q_bucket_nodes(label: str) -> str:
    """The rows of every node of one label."""
    label = _ident(label, NODE_LABELS)
    return (
        f"MATCH (n:{label}) WHERE n.id IS NOT NULL "
        "RETURN collect([n.id, labels(n), n.ddgraph_hash, "
        "CASE WHEN n.ddgraph_hash IS NULL THEN properties(n) END, "
        "[k IN keys(n) WHERE k STARTS WITH 'centrality_' | [k, n[k]]]]) AS rows"
    )


def _q_nodes_by_id(label: str) -> str:
    """The rows of the nodes of one label whose id is in ``$ids`` (an index seek per id)."""
    label = _ident(label, NODE_LABELS)
    return (
        f"MATCH (n:{label}) WHERE n.id IN $ids "
        "RETURN collect([n.id, labels(n), n.ddgraph_hash, "
        "CASE WHEN n.ddgraph_hash IS NULL THEN properties(n) END, "
        "[k IN keys(n) WHERE k STARTS WITH 'centrality_' | [k, n[k]]]]) AS rows"
    )


def _q_bucket_rels(rtype: str) -> str:
    """The rows of every relationship of one type."""
    rtype = _ident(rtype, REL_TYPES)
    return (
        f"MATCH ()-[r:{rtype}]->() WHERE r.id IS NOT NULL "
        "RETURN collect([r.id, type(r), r.ddgraph_hash, "
        "CASE WHEN r.ddgraph_hash IS NULL THEN [startNode(r).id, endNode(r).id, properties(r)] END]) AS rows"
    )


def _q_rels_by_id(rtype: str) -> str:
    """The rows of the relationships of one type whose id is in ``$ids`` (an index seek per id)."""
    rtype = _ident(rtype, REL_TYPES)
    return (
        f"MATCH ()-[r:{rtype}]->() WHERE r.id IN $ids "
        "RETURN collect([r.id, type(r), r.ddgraph_hash, "
        "CASE WHEN r.ddgraph_hash IS NULL THEN [startNode(r).id, endNode(r).id, properties(r)] END]) AS rows"
    )


def _changed_buckets(
    stored: Sequence[str] | None, sha256: str | None, local: Mapping[str, str]
) -> set[str] | None:
    """The shards (:func:`~.diff.shard_digests`) whose digest the database records (``key=digest``
    texts) differ from ``local``'s, by key.

    ``None`` when it records none that it can vouch for: the shard digests count only while the
    bookkeeping node still holds the digest recorded with them (their first text), i.e. no write
    (an older ddgraph, a bulk import, a write-back, a hand edit of the digest) came after that load.
    """
    if not stored or sha256 is None or stored[0] != f"{_SHA256}={sha256}":
        return None
    recorded = dict(item.split("=", 1) for item in stored[1:])
    return {k for k in recorded.keys() | local.keys() if recorded.get(k) != local.get(k)}


def _read_diff(
    tx: neo4j.ManagedTransaction | neo4j.Transaction,
    graph: PropertyGraph,
    hashes: Hashes,
    shards: Shards,
    scores: dict[str, dict[str, Any]],
    changed: set[str] | None,
    before_full_read: Callable[[], None],
) -> tuple[Diff, tuple[set[str], set[str]]]:
    """The diff of the database's hashes and ``graph``'s, and the ids stored without a hash.

    With ``changed`` (:func:`_changed_buckets`: shard keys), the hashes of the nodes and relationships
    of those shards only are read, by the ids ``graph`` has there (an index seek each): the other shards
    hold what ``graph`` holds. That is checked by the counts of the database's nodes and relationships:
    when they say it holds more (a node deleted from the files, whose id the files no longer give, or
    one made by hand), the buckets of the changed shards are read whole; when they still disagree, or
    a diff replaces a node by one of another label (its relationships, of any bucket, go with it), every
    bucket is read, after ``before_full_read()`` (the caller's repair of what it could not read).
    """
    if changed is not None:
        # a bucket with a recorded shard the graph no longer has (its elements all gone, or the bucket
        # split anew) is read whole from the start
        gone = {bucket_of(k) for k in changed if k not in shards.digests}
        touched = {bucket_of(k) for k in changed}
        for whole in [gone, touched] if touched != gone else [touched]:
            scores.clear()
            stored, bare, region = _read_shards(tx, shards, changed, whole, scores)
            diff = diff_hashes(stored, graph, hashes, region)
            # What the database should hold: the nodes and relationships outside the region as in graph,
            # and those read here.
            expected = (
                len(graph.nodes) - len(region[0]) + len(stored.nodes),
                len(graph.relationships) - len(region[1]) + len(stored.relationships),
            )
            if relabels(diff, graph):
                break
            if _held_counts(tx) == expected:
                return diff, bare
        scores.clear()
        before_full_read()
    stored, bare_nodes, bare_rels = _read_hashes(tx, scores)
    return diff_hashes(stored, graph, hashes), (bare_nodes, bare_rels)


def _shard_ids(
    members: Mapping[str, list[str]], bucket: str, changed: set[str], whole: set[str]
) -> list[str]:
    """The ids of ``bucket`` in the graph's shards (``members``: shard key -> ids) that are read: all of
    them when the bucket is read ``whole``, else those of its ``changed`` shards."""
    every = bucket in whole
    read = [ids for k, ids in members.items() if bucket_of(k) == bucket and (every or k in changed)]
    return [i for ids in read for i in ids]


def _read_shards(
    tx: neo4j.ManagedTransaction | neo4j.Transaction,
    shards: Shards,
    changed: set[str],
    whole: set[str],
    scores: dict[str, dict[str, Any]],
) -> tuple[Hashes, tuple[set[str], set[str]], tuple[list[str], list[str]]]:
    """The database's hashes of the ``changed`` shards (read by the ids ``shards`` gives them) and of
    the ``whole`` buckets; the ids stored without a hash; the ids of the graph they cover."""
    stored = Hashes()
    bare_nodes: set[str] = set()
    rel_rows: list[Any] = []
    region: tuple[list[str], list[str]] = ([], [])
    for label in NODE_LABELS:
        bucket = node_bucket(label)
        ids = _shard_ids(shards.nodes, bucket, changed, whole)
        if bucket in whole:
            rows = tx.run(_q_bucket_nodes(label)).single(strict=True)["rows"]
        elif ids:
            rows = tx.run(_q_nodes_by_id(label), ids=ids).single(strict=True)["rows"]
        else:
            continue
        region[0].extend(ids)
        part, bare_part, _ = _hash_rows(rows, [], scores, primary=label)
        stored.nodes.update(part.nodes)
        bare_nodes |= bare_part
    for rtype in REL_TYPES:
        bucket = rel_bucket(rtype)
        ids = _shard_ids(shards.relationships, bucket, changed, whole)
        if bucket in whole:
            rel_rows += tx.run(_q_bucket_rels(rtype)).single(strict=True)["rows"]
        elif ids:
            rel_rows += tx.run(_q_rels_by_id(rtype), ids=ids).single(strict=True)["rows"]
        else:
            continue
        region[1].extend(ids)
    rel_part, _, bare_rels = _hash_rows([], rel_rows, scores)
    stored.relationships = rel_part.relationships
    return stored, (bare_nodes, bare_rels), region


def _staged_size(changes: int, txn_rows: int | None, driver: neo4j.Driver, database: str) -> bool:
    """Whether a change of ``changes`` nodes and relationships is staged: above ``txn_rows``, or (None)
    above what the server's transaction memory holds. The server's settings are asked (in a session of
    their own, beside the load's transaction) only for a change above :data:`TXN_ROWS`, the least that
    can be."""
    if txn_rows is not None:
        return changes > txn_rows
    return changes > TXN_ROWS and changes > txn_rows_of(driver, database)


class _Staged(Exception):
    """The change is too big for one transaction: load it staged (:func:`_load_staged`)."""


class _MemoryFull(Exception):
    """A transaction hit the server's transaction memory (raised inside it, so the driver does not retry)."""

    def __init__(self, error: nex.Neo4jError) -> None:
        super().__init__(str(error))
        self.error = error


# The collector is paused for the whole load: the hashes, rows and read-back pairs all stay alive
# until it ends, and each automatic collection would walk them (and the caller's dataset) again.
@gc_paused()
@server_gone("the load")
def load(
    driver: neo4j.Driver,
    graph: PropertyGraph,
    database: str = DEFAULT_DATABASE,
    progress: Progress | None = None,
    batch_size: int = BATCH_SIZE,
    full: bool = False,
    lock_timeout: float = LOCK_TIMEOUT,
    txn_rows: int | None = None,
    files: str | None = None,
) -> LoadSummary:
    """Make the database hold exactly ``graph``, atomically for its readers; return what changed.

    A change of at most ``txn_rows`` nodes and relationships (None: what the server's transaction memory
    holds, :func:`txn_rows_of`) is written in one transaction. A bigger
    one, or one the server's transaction memory refuses, is staged: the new nodes (and the
    relationships that touch them) are written in committed batches of ``batch_size`` rows (halved
    whenever a batch does not fit) under a label no query matches, and one last transaction, which
    held the load lock from the start, deletes, updates and gives the staged nodes their labels. A
    staged load that is killed leaves the previous graph, and the next load deletes what it staged.

    The graph is checked (:func:`validate_graph`: the property values only of what the diff writes, as
    the rest holds what the database holds): its labels, types and ends before anything is sent, the
    values of each row as it is made (a one-transaction load is pipelined, its batches sent while the
    next are made); nothing is committed when it fails. The database's current graph is read inside
    the same transaction, so the diff is applied to exactly what it was computed from. When the
    database records a load of this very graph (:func:`graph_digest`) and still holds as many ddgraph
    nodes and relationships, nothing has changed and the graph is not read back (``full=True`` reads
    and diffs it anyway).

    The centrality scores of a write-back (properties named ``centrality_*``) stay on the nodes that
    stay. Nodes and relationships of ddgraph labels without an id (not written by ddgraph) are deleted.

    The database's hashes are read, not its graph (:func:`~ddgraph.neo4j_store.diff.diff_hashes`);
    ``full=True``, or a ``query --write`` since the last load, reads the graph back and diffs it.

    ``files``: the digest of the files ``graph`` was made from (:func:`ddgraph.dataset.files_digest`),
    recorded with the graph's digest so that a reload of the same files can be answered before they
    are parsed (:func:`holds_files`).

    Raises :class:`~ddgraph.errors.StoreBusy` when another load committed while this one waited for
    the load lock (the database then holds that load's graph), or when a lock was held for more than
    ``lock_timeout`` seconds; :class:`~ddgraph.errors.StoreError` when the server went away or refused
    the transaction's memory (the message names the settings to raise). Nothing is written then.
    """
    # The content hashes are computed as they are asked for: a first load into an empty database asks
    # for them as it makes the rows (while the server writes), the graph's digest once the last batch
    # is sent; a reload asks for the digest first, to compare it with the one the database records.
    hashes = graph_hashes_on_demand(graph)

    @functools.cache
    def digests() -> tuple[Shards, str]:
        """The graph's shards (their digests and ids) and its digest."""
        try:
            shards = shard_digests(graph)
        except (TypeError, ValueError):  # a value JSON cannot encode: validate_graph names it
            validate_graph(graph)
            raise
        return shards, digest_of_buckets(shards.digests)

    def digest() -> str:
        return digests()[1]

    def sources() -> list[str] | None:
        return _files_texts(files, digest(), graph) if files else None

    token = secrets.token_hex(8)

    def look(tx: neo4j.ManagedTransaction) -> tuple[neo4j.Record | None, bool]:
        row = tx.run(_READ_GENERATION).single()
        fresh = row is None or full or row["full"] or row["bulk"] is not None
        return row, not fresh and _holds(tx, graph, digest)

    with driver.session(database=database) as session:
        seen, unchanged = read_retried(session, look)
    if unchanged:
        # The database records a load of this very graph (and holds as many nodes and relationships):
        # nothing to write, not even the lock. As if this load had run just before any that follows.
        texts = sources()
        if texts and seen is not None and seen["files"] != texts:
            _record_files(driver, database, texts)
        if progress:
            progress(0, 0)
        return LoadSummary()
    expected = (seen["generation"] if seen else None) or 0

    @neo4j.unit_of_work(metadata={"app": "ddgraph load", "ddgraph_token": token})
    def work(tx: neo4j.ManagedTransaction) -> LoadSummary:
        try:
            return attempt(tx)
        except nex.TransientError as e:
            if _is_memory_error(e):  # the same transaction would fail again: no retry, staged instead
                raise _Staged() from e
            raise

    def attempt(tx: neo4j.ManagedTransaction) -> LoadSummary:
        take_lock(tx, writer="ddgraph load")  # waits here while another load runs
        row = tx.run(_NEXT_GENERATION).single(strict=True)
        before, forced = row["before"], full or row["full"]
        if before != expected:
            raise StoreBusy(
                "another ddgraph load (or write) committed while this load waited for it; nothing was "
                "written: the database holds that load's graph (run this load again to replace it)"
            )
        # A graph whose digest the database records was validated by the load that wrote it.
        if not forced and _holds(tx, graph, digest):
            if files:
                tx.run(_WRITE_FILES, files=sources()).consume()
            if progress:
                progress(0, 0)
            return LoadSummary()
        validate_shape(graph)  # the property values of what the diff writes are checked below
        if tx.run(_ANY_STAGED).single(strict=True)["staged"]:
            raise _Staged()  # what a killed staged load left: the staged path deletes it in batches
        tx.run(_DROP_OLD_BOOKKEEPING).consume()
        repaired = [0, 0]  # relationships, nodes

        def repair() -> None:
            """Delete what ddgraph cannot read (no id): before any read of the whole graph."""
            repaired[0] = tx.run(_DELETE_UNREADABLE_RELS, types=list(REL_TYPES)).single(strict=True)["c"]
            repaired[1] = tx.run(_DELETE_UNREADABLE_NODES, labels=list(NODE_LABELS)).single(strict=True)["c"]

        scores: dict[str, dict[str, Any]] = {}
        bare: tuple[set[str], set[str]] = (set(), set())
        # (none recorded, as in an empty database: the digests are not needed yet)
        changed = (
            None
            if forced or not row["buckets"]
            else _changed_buckets(row["buckets"], row["sha256"], digests()[0].digests)
        )
        if changed is None:
            repair()
        if forced:  # edited by hand or by `query --write`: compare what it holds, not its hashes
            diff = diff_graphs(_read(tx, scores), graph)
        else:
            # the changed buckets only, when the counts say nothing else changed (an unreadable node or
            # relationship, made by hand, changes them: then it is deleted and every bucket is read)
            diff, bare = _read_diff(tx, graph, hashes, digests()[0], scores, changed, repair)
        repaired_rels, repaired_nodes = repaired
        summary = diff.summary()
        if _staged_size(summary.changes, txn_rows, driver, database):
            raise _Staged()
        eids: dict[str, str] = {}
        # the values of what is written are checked as the rows are made (validate_written), while the
        # server writes the batches sent before: a bad one rolls the transaction back
        statements = _statements(diff, graph, hashes, scores, bare, eids, check=True)
        total, done = summary.changes, 0
        if progress:
            progress(0, total)

        def step(n: int) -> None:
            nonlocal done
            done += n
            if progress:
                progress(done, total)

        # the digests are computed while the server writes the last batches
        _run_statements(tx, statements, batch_size, eids, step, then=digests)
        shards, sha256 = digests()
        tx.run(
            _WRITE_LOAD_DIGEST, sha256=sha256, buckets=_bucket_texts(sha256, shards.digests), files=sources()
        ).consume()
        summary.nodes.deleted += repaired_nodes
        summary.relationships.deleted += repaired_rels
        return summary

    with LockWatch(driver, database, token, lock_timeout) as watch:
        try:
            try:
                with driver.session(database=database) as session:
                    return session.execute_write(work)
            except (_Staged, nex.TransientError) as e:
                if isinstance(e, nex.TransientError) and not _is_memory_error(e):
                    raise
                meta = {"app": "ddgraph load", "ddgraph_token": token}
                shards, sha256 = digests()
                return _load_staged(
                    driver,
                    graph,
                    hashes,
                    (sha256, shards.digests, sources()),
                    database,
                    meta,
                    expected,
                    progress,
                    batch_size,
                    full,
                )
        except _MemoryFull as e:
            raise _store_error("the load", e.error) from e
        except nex.Neo4jError as e:
            if watch.message:
                raise StoreBusy(watch.message) from e
            raise _store_error("the load", e) from e


def _load_staged(
    driver: neo4j.Driver,
    graph: PropertyGraph,
    hashes: Hashes,
    digests: tuple[str, dict[str, str], list[str] | None],
    database: str,
    meta: dict[str, str],
    expected: int,
    progress: Progress | None,
    batch_size: int,
    full: bool,
) -> LoadSummary:
    """:func:`load` of a big change: staged in committed batches, made visible by one last transaction.

    That transaction takes the load lock first and holds it to the end, so concurrent loads queue
    and :class:`LockWatch` bounds their wait as for a one-transaction load. The batches never touch
    the lock node. Anything left labelled :data:`STAGING_LABEL` (a killed staged load) is deleted first.
    """
    digest, buckets, sources = digests
    with driver.session(database=database) as lock_session, driver.session(database=database) as session:
        tx0 = lock_session.begin_transaction(metadata=meta)
        try:
            take_lock(tx0, writer="ddgraph load")
            row = tx0.run(_NEXT_GENERATION).single(strict=True)
            if row["before"] != expected:
                raise StoreBusy(
                    "another ddgraph load (or write) committed while this load waited for it; nothing was "
                    "written: the database holds that load's graph (run this load again to replace it)"
                )
            validate_shape(graph)
            session.run(neo4j.Query(_DROP_STAGING, metadata=meta)).consume()
            scores: dict[str, dict[str, Any]] = {}
            bare: tuple[set[str], set[str]] = (set(), set())
            if full or row["full"]:
                diff = diff_graphs(read_retried(session, _read, scores), graph)
            else:
                stored, bare_nodes, bare_rels = read_retried(session, _read_hashes, scores)
                bare = (bare_nodes, bare_rels)
                diff = diff_hashes(stored, graph, hashes)
            validate_written(diff)
            summary = diff.summary()
            staged, last = _staged_statements(diff, graph, hashes)
            total, done = summary.changes, 0
            if progress:
                progress(0, total)
            for query, rows in staged:
                for n in _commit_batches(session, query, rows, batch_size, meta):
                    done += n
                    if progress:
                        progress(done, total)
            tx0.run(_DROP_OLD_BOOKKEEPING).consume()
            types, labels = list(REL_TYPES), list(NODE_LABELS)
            repaired_rels = tx0.run(_DELETE_UNREADABLE_RELS, types=types).single(strict=True)["c"]
            repaired_nodes = tx0.run(_DELETE_UNREADABLE_NODES, labels=labels).single(strict=True)["c"]
            for query, swap_rows, counted in _swap_statements(last, graph, hashes, scores, bare):
                for batch in _row_batches(swap_rows, batch_size):
                    tx0.run(query, rows=batch).consume()
                    done += len(batch) if counted else 0
                    if progress:
                        progress(min(done, total), total)
            tx0.run(
                _WRITE_LOAD_DIGEST, sha256=digest, buckets=_bucket_texts(digest, buckets), files=sources
            ).consume()
            tx0.commit()
        except nex.TransientError as e:
            if _is_memory_error(e):
                raise _MemoryFull(e) from e
            raise
        finally:
            if not tx0.closed():
                tx0.close()  # rolled back: the staged nodes stay invisible, the next load deletes them
        # The deleted nodes, hidden by the commit, are removed in batches under the lock again: whatever
        # is staged while one holds it is garbage, never the staging of a load that began meanwhile.
        # A failure here is harmless (the load has committed; the next load removes them).
        try:
            with lock_session.begin_transaction(metadata=meta) as cleanup:
                take_lock(cleanup, writer="ddgraph load")
                session.run(neo4j.Query(_DROP_STAGING, metadata=meta)).consume()
                cleanup.rollback()
        except nex.Neo4jError:
            pass
    summary.nodes.deleted += repaired_nodes
    summary.relationships.deleted += repaired_rels
    return summary


#: The key of the first text of the recorded buckets: the digest of the load that recorded them.
_SHA256 = "sha256"


def _bucket_texts(digest: str, buckets: Mapping[str, str]) -> list[str]:
    """The bucket digests as the bookkeeping node holds them: the graph's digest, then ``key=digest``
    texts, sorted (:func:`_changed_buckets`)."""
    return [f"{_SHA256}={digest}", *(f"{k}={v}" for k, v in sorted(buckets.items()))]


def _files_texts(files: str, digest: str, graph: PropertyGraph) -> list[str]:
    """What the bookkeeping node records of the files a graph was made from: the graph's digest (the
    texts count only while the node still records it), the files' digest, the graph's counts."""
    return [
        f"{_SHA256}={digest}",
        f"files={files}",
        f"nodes={len(graph.nodes)}",
        f"relationships={len(graph.relationships)}",
    ]


def _record_files(driver: neo4j.Driver, database: str, sources: list[str]) -> None:
    """Record which files make the graph the database holds, after a load that changed nothing.

    Best effort and bounded: the texts name the graph's digest, so a load that commits meanwhile makes
    them void rather than wrong; when a lock is held or the server refuses, the next reload parses the
    files again, as it would have without them.
    """

    @neo4j.unit_of_work(timeout=5.0, metadata={"app": "ddgraph load"})
    def work(tx: neo4j.ManagedTransaction) -> None:
        tx.run(_WRITE_FILES, files=sources).consume()

    try:
        with driver.session(database=database) as session:
            session.execute_write(work)
    except (nex.Neo4jError, nex.DriverError):
        pass


def holds_files(driver: neo4j.Driver, files: str, database: str = DEFAULT_DATABASE) -> bool:
    """Whether the database holds, untouched, the graph that a load of files with this digest wrote
    (:func:`ddgraph.dataset.files_digest`): a load of the same files would then change nothing.

    True only when the bookkeeping node records these files with the graph digest it still records
    (no load of other files, write-back, ``query --write`` or bulk import came after), no ``--full``
    is pending, and the database still holds as many ddgraph nodes and relationships. Read-only.
    """

    def look(tx: neo4j.ManagedTransaction) -> bool:
        rows = list(tx.run(_READ_FILES))
        if len(rows) != 1 or rows[0]["id"] != "load" or rows[0]["full"] or rows[0]["bulk"] is not None:
            return False
        texts = rows[0]["files"]
        if not isinstance(texts, list) or not all(isinstance(t, str) and "=" in t for t in texts):
            return False
        recorded = dict(t.split("=", 1) for t in texts)
        if recorded.get(_SHA256) != rows[0]["sha256"] or recorded.get("files") != files:
            return False
        try:
            counts = int(recorded["nodes"]), int(recorded["relationships"])
        except (KeyError, ValueError):
            return False
        return _held_counts(tx) == counts

    with driver.session(database=database) as session:
        return read_retried(session, look)


def _commit_batches(
    session: neo4j.Session, query: str, rows: list[Any], size: int, meta: dict[str, str]
) -> Iterator[int]:
    """Run ``query`` over ``rows`` in committed transactions of ``size`` rows (halved if one won't fit)."""

    # Explicit transactions: the server may refuse the memory at the commit, and the driver's retry of
    # a managed transaction would send the same batch again; a smaller one is sent instead.
    i = 0
    while i < len(rows):
        batch = rows[i : i + size]
        try:
            with session.begin_transaction(metadata=meta) as tx:
                tx.run(query, rows=batch).consume()
                tx.commit()
        except nex.TransientError as e:
            if not _is_memory_error(e):
                raise
            if size == 1:
                raise _MemoryFull(e) from e
            size = max(1, size // 2)
            continue
        i += len(batch)
        yield len(batch)


def _is_memory_error(e: nex.Neo4jError) -> bool:
    code = e.code or ""
    return "MemoryPoolOutOfMemoryError" in code or "MemoryLimit" in code or "OutOfMemory" in code


def _store_error(what: str, e: nex.Neo4jError) -> StoreError:
    """One line for a server error of a write; the memory errors name the settings to raise."""
    code = e.code or ""
    if _is_memory_error(e):
        return StoreError(
            f"Neo4j refused {what}: it needs more transaction memory than the server allows "
            f"({e.message or code}); nothing was written. Raise {MEMORY_SETTINGS} "
            "(scripts/neo4j-local: NEO4J_HEAP)"
        )
    if "DatabaseUnavailable" in code:
        return StoreError(unavailable(what))
    return StoreError(f"{what} failed in Neo4j: {e.message or code}")


def _score_value(owner: str, key: str, value: Any) -> None:
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):  # a day is stored as a DATE
        _check_value(owner, key, value)


@server_gone("the write-back")
def write_node_properties(
    driver: neo4j.Driver,
    label: str,
    props: Mapping[str, Mapping[str, Any]],
    database: str = DEFAULT_DATABASE,
) -> int:
    """Set ``props[id]`` on the existing ``label`` nodes, in one write transaction; return how many.

    Used to store centrality scores where the Browser can style by them (a :class:`datetime.date` value
    is stored as a DATE). A later ``ddgraph load`` keeps the properties named ``centrality_*`` and
    removes any other, so the files stay the source of truth (the load digest is forgotten in the same
    transaction, so that load diffs for real; a property other than a score also makes it read the
    whole graph back, since the content hashes do not know of it).
    """
    if label not in NODE_LABELS:
        raise StoreError(f"unknown node label {label!r}")
    rows = [{"id": node_id, "props": dict(values)} for node_id, values in sorted(props.items())]
    for node_id, values in props.items():
        for key, value in values.items():
            _score_value(f"{label} {node_id}", key, value)
    text = load_write("set_node_properties").text
    # Scores are not in the content hashes; any other property is a fact the next load must compare.
    scores_only = all(k.startswith(SCORE_PREFIX) for values in props.values() for k in values)
    forget = _FORGET_DIGEST if scores_only else _FORGET_HASHES

    def work(tx: neo4j.ManagedTransaction) -> int:
        take_lock(tx, forget, writer="ddgraph write-back")  # the lock, first
        return int(tx.run(text, label=label, rows=rows).single(strict=True)["updated"])

    try:
        with driver.session(database=database) as session:
            return session.execute_write(work)
    except nex.Neo4jError as e:
        raise _store_error(f"writing {label} properties", e) from e


@server_gone("the clearing of the database")
def clear(driver: neo4j.Driver, database: str = DEFAULT_DATABASE) -> None:
    """Delete every node and relationship of ``database`` (the schema stays)."""
    with driver.session(database=database) as session:
        session.run(store_statement("clear_database")).consume()
