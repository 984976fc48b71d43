"""Write to Neo4j: :func:`load` (the diff applied in one transaction), scores, clearing the database."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

import neo4j
import neo4j.exceptions as nex

from ..cypher_library import load_write
from ..errors import StoreError
from ..graph import DATE_KEYS, NODE_LABELS, REL_TYPES, Node, PropertyGraph, Relationship
from .connect import DEFAULT_DATABASE
from .diff import Diff, LoadSummary, _check_value, diff_graphs, graph_digest, validate_graph
from .read import _holds, _read

#: Rows per ``UNWIND $rows`` statement.
BATCH_SIZE = 10_000

#: ``progress(done, total)``: called after each batch with the number of changes applied so far.
Progress = Callable[[int, int], None]

_WRITE_DIGEST = "CREATE (:DdgraphLoad {sha256: $sha256})"

_FORGET_DIGEST = "MATCH (m:DdgraphLoad) DETACH DELETE m"


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
