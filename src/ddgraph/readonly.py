"""What a query may do: the check of its plan that makes ``ddgraph query`` (and ``ddgraph cypher``) read-only.

A read transaction alone does not make a query harmless. Neo4j plans ``TERMINATE TRANSACTIONS``,
``SHOW TRANSACTIONS`` and ``LOAD CSV`` as reads, and runs them in a read transaction; APOC declares
``apoc.export.json.all`` (a file on the server), ``apoc.load.json`` (any URL) and ``apoc.cypher.run``
(a query hidden in a string) as read procedures. So every query is planned first (``EXPLAIN``, which
runs nothing) and :func:`check_plan` reads the plan the server will execute:

* read-only mode (the default) accepts a plan only when its query type is ``r``, no operator is an
  administration command (``SHOW ...``, ``TERMINATE ...``, users, roles, databases), a file or URL
  read (``LOAD CSV``) or a batch of inner transactions, and every procedure and every namespaced
  function it calls is on an **allow-list** of reads (:data:`READ_PROCEDURES`,
  :data:`READ_FUNCTIONS`: the schema look-ups, APOC's path, meta and collection helpers, the temporal
  and spatial functions); anything else is refused, however the server declares it;
* write mode (``--write``) lets the query write to the graph, and still refuses administration
  commands, file and URL access and the **deny-list** of procedures and functions with effects outside
  the graph (:data:`SIDE_EFFECTS`: exports, imports, triggers, background jobs, dynamic Cypher,
  configuration).

The names come from the plan, not the text, so backticks, comments, line breaks or a call inside a
subquery change nothing: the plan names the procedure canonically (``apoc.export.json.all(...) ::
(...)``) and renders every expression with its functions.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from .errors import QueryError

#: Procedures a read-only query may call: exact names, or prefixes ending with ".".
READ_PROCEDURES: tuple[str, ...] = (
    "db.labels",
    "db.relationshipTypes",
    "db.propertyKeys",
    "db.schema.visualization",
    "db.schema.nodeTypeProperties",
    "db.schema.relTypeProperties",
    "db.ping",
    "apoc.meta.",  # the schema and statistics of the graph
    "apoc.path.",  # expand, subgraphNodes, spanningTree...
    "apoc.algo.",  # dijkstra, aStar, allSimplePaths
    "apoc.neighbors.",
    "apoc.stats.degrees",
    "apoc.coll.",  # zipToRows, split, partition, elements
    "apoc.help",
)

#: Namespaced functions a read-only query may call (the unqualified built-ins, count(), date()...,
#: are always allowed: none has a side effect).
READ_FUNCTIONS: tuple[str, ...] = (
    "date.",
    "datetime.",
    "localdatetime.",
    "localtime.",
    "time.",
    "duration.",
    "point.",
    "vector.",
    "db.nameFromElementId",
    "apoc.coll.",
    "apoc.text.",
    "apoc.map.",
    "apoc.math.",
    "apoc.number.",
    "apoc.date.",
    "apoc.temporal.",
    "apoc.agg.",
    "apoc.hashing.",
    "apoc.scoring.",
    "apoc.bitwise.",
    "apoc.meta.",
    "apoc.label.exists",
    "apoc.node.",
    "apoc.nodes.connected",
    "apoc.nodes.isDense",
    "apoc.nodes.relationship",
    "apoc.nodes.relationships.exist",
    "apoc.rel.",
    "apoc.any.",
    "apoc.diff.",
    "apoc.json.path",
    "apoc.convert.toJson",
    "apoc.convert.fromJsonMap",
    "apoc.convert.fromJsonList",
    "apoc.convert.toList",
    "apoc.convert.toMap",
    "apoc.convert.toString",
    "apoc.convert.toBoolean",
    "apoc.convert.toInteger",
    "apoc.convert.toFloat",
    "apoc.util.md5",
    "apoc.util.sha",
    "apoc.version",
)

#: Procedures and functions refused even with ``--write``: effects outside the graph, or a query
#: hidden in a string where no plan shows what it does.
SIDE_EFFECTS: tuple[str, ...] = (
    "apoc.export.",  # files on the server
    "apoc.import.",
    "apoc.load.",  # files and URLs
    "apoc.log.",
    "apoc.trigger.",  # statements run on every later commit
    "apoc.periodic.",  # background jobs, their own transactions
    "apoc.cypher.",  # dynamic Cypher
    "apoc.when",
    "apoc.case",
    "apoc.do.",
    "apoc.custom.",
    "apoc.uuid.",
    "apoc.systemdb.",
    "apoc.util.sleep",
    "apoc.config.",
    "apoc.spatial.geocode",
    "dbms.",  # the server's configuration, listings, routing
    "db.clearQueryCaches",
    "db.checkpoint",
    "db.prepareForReplanning",
    "db.index.fulltext.awaitEventuallyConsistentIndexRefresh",
    "tx.setMetaData",
    "gds.",
)

#: Plan operators that are never part of a read-only query (besides any ``Show...``/``Terminate...``).
_REFUSED_OPERATORS = {
    "AdministrationCommand": "an administration command",
    "LoadCSV": "LOAD CSV (reads a file or a URL)",
    "TransactionApply": "CALL { ... } IN TRANSACTIONS",
    "TransactionForeach": "CALL { ... } IN TRANSACTIONS",
}

# A namespaced name followed by "(": a procedure or a function call (Cypher has no methods, so `n.x(`
# is never a property). Literals are parameters in a plan ($autostring_0), so no string matches.
_CALL_RE = re.compile(r"(?<![\w.$`])([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)+)\s*\(")


def _matches(name: str, patterns: tuple[str, ...]) -> bool:
    return any(name.startswith(p) if p.endswith(".") else name == p for p in patterns)


def _operators(plan: Mapping[str, Any] | None) -> Iterator[Mapping[str, Any]]:
    if not plan:
        return
    yield plan
    for child in plan.get("children", ()):
        yield from _operators(child)


def _operator_name(op: Mapping[str, Any]) -> str:
    return str(op.get("operatorType", "")).split("@")[0]


def plan_calls(plan: Mapping[str, Any] | None) -> tuple[list[str], list[str]]:
    """The procedures and the namespaced functions a plan calls, in plan order.

    >>> plan_calls({"operatorType": "ProcedureCall@neo4j",
    ...             "args": {"Details": "apoc.path.expand(n, apoc.text.join($l, $s)) :: (path :: PATH)"}})
    (['apoc.path.expand'], ['apoc.text.join'])
    """
    procedures: list[str] = []
    functions: list[str] = []
    for op in _operators(plan):
        details = str(op.get("args", {}).get("Details") or "")
        names = _CALL_RE.findall(details)
        if _operator_name(op) == "ProcedureCall" and names:
            procedures.append(names[0])
            names = names[1:]
        functions += names
    return procedures, functions


def check_plan(name: str, query_type: str | None, plan: Mapping[str, Any] | None, write: bool) -> None:
    """Refuse (:class:`~ddgraph.errors.QueryError`) a planned query that this mode does not allow.

    ``query_type`` and ``plan`` are those of the ``EXPLAIN`` summary (``"r"``, ``"rw"``, ``"w"``,
    ``"s"``; the plan's operator tree); ``name`` names the query in the message.

    >>> check_plan("q", "r", {"operatorType": "ProcedureCall@neo4j",
    ...                       "args": {"Details": "db.labels() :: (label :: STRING)"}}, write=False)
    """
    for op in _operators(plan):
        operator = _operator_name(op)
        what = _REFUSED_OPERATORS.get(operator)
        if what is None and operator.startswith(("Show", "Terminate")):
            what = f"an administration command ({_spaced(operator)})"
        if what:
            raise QueryError(f"query {name!r} is refused: it is {what}, not a query of the graph")
    if query_type == "s":
        raise QueryError(f"query {name!r} is refused: it is a schema or server command (query type 's')")
    procedures, functions = plan_calls(plan)
    called = [("procedure", p) for p in procedures] + [("function", f) for f in functions if "." in f]
    for kind, callee in called:
        if _matches(callee, SIDE_EFFECTS):
            raise QueryError(
                f"query {name!r} is refused: it calls {callee}, a {kind} with effects outside the graph"
            )
    if query_type != "r" and not write:
        raise QueryError(
            f"query {name!r} writes to the database (query type {query_type!r}); pass --write to run it"
        )
    for kind, callee in called:
        allowed = READ_PROCEDURES if kind == "procedure" else READ_FUNCTIONS
        if not write and not _matches(callee, allowed):
            raise QueryError(
                f"query {name!r} is refused: {callee} is not a {kind} on the read-only allow-list "
                "(pass --write to run it)"
            )


def _spaced(operator: str) -> str:
    """``ShowTransactions`` -> ``SHOW TRANSACTIONS``."""
    return re.sub(r"(?<!^)(?=[A-Z])", " ", operator).upper()
