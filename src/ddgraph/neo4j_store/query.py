"""Run the named queries of ``cypher/queries/`` (read-only unless asked), rows as plain Python values."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import neo4j
import neo4j.exceptions as nex
import neo4j.graph
import neo4j.spatial
import neo4j.time

from ..countries import resolve_country
from ..cypher_library import Query, load_query, store_statement
from ..errors import QueryError
from ..graph import NODE_LABELS
from ..readonly import check_plan
from .connect import DEFAULT_DATABASE, read_retried
from .diff import _ordered_labels
from .lock import _FORGET_HASHES, take_lock

_READ_COUNTRIES = store_statement("read_countries")


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
        if write:  # it may change the graph: take the load lock, and the next load must diff for real
            take_lock(tx, _FORGET_HASHES, writer="ddgraph query --write")
        result = tx.run(query.text, params)
        columns = list(result.keys())
        rows = [{c: _plain(record[c]) for c in columns} for record in result]
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
            return session.execute_write(work) if write else read_retried(session, work)
    except nex.ClientError as e:
        first = (e.message or e.code or "").splitlines()[0]  # not the server's echo of the text and caret
        raise QueryError(f"query {name!r} failed: {first}") from e
