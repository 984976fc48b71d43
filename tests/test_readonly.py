"""Read-only `ddgraph query` / `ddgraph cypher`: administration commands and side effects are refused.

Each case is checked against the real server twice: a plain read transaction runs it (so a read
transaction alone is no protection), and ddgraph refuses it with one line, before running anything.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import neo4j
import pytest
from click.testing import CliRunner

from ddgraph import load_dataset, neo4j_store
from ddgraph.cli import main
from ddgraph.cypher_library import adhoc_query, list_queries
from ddgraph.errors import QueryError
from ddgraph.graph import to_property_graph
from ddgraph.readonly import check_plan, plan_calls

TINY = Path(__file__).parent / "data" / "neo4j_tiny"

ADMIN = "is refused: it is an administration command"
OUTSIDE = "a procedure with effects outside the graph"

#: (query, the refusal after "Error: query 'cypher' "), every one planned as a read ('r') by Neo4j
#: except where the refusal says otherwise.
REFUSED = [
    ("TERMINATE TRANSACTIONS $id", f"{ADMIN} (TERMINATE TRANSACTIONS), not a query of the graph"),
    ("SHOW TRANSACTIONS", f"{ADMIN} (SHOW TRANSACTIONS), not a query of the graph"),
    (
        "SHOW TRANSACTIONS YIELD transactionId, currentQuery RETURN currentQuery",
        f"{ADMIN} (SHOW TRANSACTIONS), not a query of the graph",
    ),
    ("SHOW PROCEDURES", f"{ADMIN} (SHOW PROCEDURES), not a query of the graph"),
    ("SHOW SETTINGS", f"{ADMIN} (SHOW SETTINGS), not a query of the graph"),
    ("SHOW USERS", f"{ADMIN}, not a query of the graph"),
    ("CREATE USER mallory SET PASSWORD 'mallory-secret'", f"{ADMIN}, not a query of the graph"),
    (
        "CREATE INDEX evil IF NOT EXISTS FOR (n:Country) ON (n.evil)",
        "is refused: it is a schema or server command (query type 's')",
    ),
    ("CALL dbms.components()", "is refused: it is a schema or server command (query type 's')"),
    ("CALL db.clearQueryCaches()", "is refused: it is a schema or server command (query type 's')"),
    (
        "CALL apoc.export.json.all(null, {stream: true})",
        f"is refused: it calls apoc.export.json.all, {OUTSIDE}",
    ),
    ("CALL apoc.export.json.all('dump.json', {})", f"is refused: it calls apoc.export.json.all, {OUTSIDE}"),
    (
        "// backticks, a comment and a subquery change nothing\n"
        "MATCH (c:Country) CALL (c) { CALL `apoc`.export.`json`.data([c], [], null, {stream: true}) "
        "YIELD data RETURN data } RETURN data",
        f"is refused: it calls apoc.export.json.data, {OUTSIDE}",
    ),
    ("CALL apoc.trigger.list()", f"is refused: it calls apoc.trigger.list, {OUTSIDE}"),
    (
        "CALL apoc.periodic.iterate('MATCH (c:Country) RETURN c', 'SET c.evil = 1', {})",
        f"is refused: it calls apoc.periodic.iterate, {OUTSIDE}",
    ),
    (
        "CALL apoc.cypher.run('MATCH (n) RETURN count(n) AS n', {})",
        f"is refused: it calls apoc.cypher.run, {OUTSIDE}",
    ),
    (
        "RETURN apoc.cypher.runFirstColumnSingle('MATCH (n) RETURN count(n)', {}) AS n",
        "is refused: it calls apoc.cypher.runFirstColumnSingle, a function with effects outside the graph",
    ),
    ("CALL apoc.load.json('file:///etc/hostname')", f"is refused: it calls apoc.load.json, {OUTSIDE}"),
    (
        "LOAD CSV FROM 'file:///etc/hostname' AS row RETURN row",
        "is refused: it is LOAD CSV (reads a file or a URL), not a query of the graph",
    ),
    ("CALL db.createLabel('Evil')", "writes to the database (query type 'w'); pass --write to run it"),
    (
        "MATCH (c:Country {id: 'usa'}) CALL apoc.create.setProperty(c, 'evil', 1) YIELD node RETURN node.id",
        "writes to the database (query type 'rw'); pass --write to run it",
    ),
    (
        "CALL apoc.create.vNode(['Evil'], {}) YIELD node RETURN node",
        "is refused: apoc.create.vNode is not a procedure on the read-only allow-list "
        "(pass --write to run it)",
    ),
]

#: Reads the allow-list keeps (schema look-ups, APOC's read helpers, the namespaced built-ins), each
#: with a plain Cypher query that gives the same rows.
ALLOWED = [
    (  # db.labels() lists label tokens, also of deleted nodes: ask for two the tiny dataset holds
        "CALL db.labels() YIELD label WITH label WHERE label IN ['Country', 'Mechanism'] "
        "RETURN label ORDER BY label",
        "MATCH (n) WHERE n:Country OR n:Mechanism UNWIND labels(n) AS label WITH label "
        "WHERE label IN ['Country', 'Mechanism'] RETURN DISTINCT label ORDER BY label",
    ),
    ("RETURN date.truncate('month', date('2024-03-31')) AS d", "RETURN date('2024-03-01') AS d"),
    (
        "RETURN apoc.coll.sum([1, 2, 3]) AS s, apoc.text.join(['a', 'b'], '-') AS t",
        "RETURN 6.0 AS s, 'a-b' AS t",
    ),
    (
        "MATCH (c:Country {id: 'usa'}) CALL apoc.path.subgraphNodes(c, {maxLevel: 1}) "
        "YIELD node RETURN count(node) AS n",
        "MATCH (c:Country {id: 'usa'}) OPTIONAL MATCH (c)--(x) RETURN count(DISTINCT x) + 1 AS n",
    ),
]

#: The refused cases that Neo4j plans as reads (query type 'r').
PLANNED_AS_READS = [
    "TERMINATE TRANSACTIONS $id",
    "SHOW TRANSACTIONS",
    "SHOW PROCEDURES",
    "SHOW SETTINGS",
    "CALL apoc.export.json.all(null, {stream: true})",
    "CALL apoc.trigger.list()",
    "CALL apoc.cypher.run('MATCH (n) RETURN count(n) AS n', {})",
    "RETURN apoc.cypher.runFirstColumnSingle('MATCH (n) RETURN count(n)', {}) AS n",
    "CALL apoc.load.json('file:///etc/hostname')",
    "LOAD CSV FROM 'file:///etc/hostname' AS row RETURN row",
]


@pytest.fixture()
def tiny_loaded(neo4j_driver: Any) -> Any:
    neo4j_store.load(neo4j_driver, to_property_graph(load_dataset(TINY)))
    return neo4j_driver


@pytest.fixture()
def apoc(neo4j_driver: Any) -> None:
    """APOC core must be installed (scripts/neo4j-local resolves it): the cases are about its procedures."""
    with neo4j_driver.session() as session:
        found = session.run(
            "SHOW PROCEDURES YIELD name WHERE name = 'apoc.export.json.all' RETURN name"
        ).values()
    if not found:
        pytest.fail("the test server has no APOC core (scripts/neo4j-local installs it)", pytrace=False)


def _plan(driver: Any, text: str, params: dict[str, Any]) -> Any:
    with driver.session() as session:
        return session.run("EXPLAIN " + text, params).consume()


def invoke(*args: str) -> Any:
    return CliRunner().invoke(main, list(args))


@pytest.mark.neo4j
@pytest.mark.parametrize(("text", "refusal"), REFUSED, ids=[t.split("(")[0][:40] for t, _ in REFUSED])
def test_read_only_refuses_administration_and_side_effects(tiny_loaded, neo4j_env, apoc, text, refusal):
    args = ["-p", "id=neo4j-transaction-1"] if "$id" in text else []
    result = invoke("cypher", text, *args)
    assert (result.exit_code, result.output) == (1, f"Error: query 'cypher' {refusal}\n")
    assert neo4j_store.read_graph(tiny_loaded) == to_property_graph(load_dataset(TINY))  # nothing changed


@pytest.mark.neo4j
def test_a_read_transaction_alone_would_run_them(tiny_loaded, apoc):
    """Why the plan is checked: Neo4j plans these as reads ('r') and runs them in a read transaction."""
    assert set(PLANNED_AS_READS) <= {text for text, _ in REFUSED}
    for text in PLANNED_AS_READS:
        params = {"id": "neo4j-transaction-1"} if "$id" in text else {}
        assert _plan(tiny_loaded, text, params).query_type == "r", text
    with tiny_loaded.session(default_access_mode=neo4j.READ_ACCESS) as session:
        dumped = session.execute_read(
            lambda tx: tx.run(
                "CALL apoc.export.json.all(null, {stream: true}) YIELD data RETURN data"
            ).single()
        )
    assert '"labels":["Country"]' in dumped["data"]


@pytest.mark.neo4j
def test_terminate_is_refused_and_the_other_sessions_transaction_lives_on(
    tiny_loaded, neo4j_env, neo4j_server
):
    other = tiny_loaded.session()
    tx = other.begin_transaction()
    try:
        tx.run("MATCH (c:Country) RETURN count(c)").consume()
        with tiny_loaded.session() as admin:
            ids = [
                r["transactionId"]
                for r in admin.run("SHOW TRANSACTIONS YIELD transactionId, currentQuery, status")
                if r["status"] != "Terminated" and "SHOW TRANSACTIONS" not in (r["currentQuery"] or "")
            ]
        assert ids, "the other session's transaction is listed"
        for transaction_id in ids:
            result = invoke("cypher", "TERMINATE TRANSACTIONS $id", "-p", f"id={transaction_id}")
            assert (
                result.exit_code == 1 and "administration command (TERMINATE TRANSACTIONS)" in result.output
            )
            also = invoke("cypher", "TERMINATE TRANSACTIONS $id", "--write", "-p", f"id={transaction_id}")
            assert also.exit_code == 1 and "administration command (TERMINATE TRANSACTIONS)" in also.output
        assert tx.run("RETURN 1 AS one").single()["one"] == 1  # still alive
        tx.commit()
    finally:
        if not tx.closed():
            tx.rollback()
        other.close()


@pytest.mark.neo4j
def test_write_mode_lets_graph_writes_through_but_never_side_effects(tiny_loaded, neo4j_env, apoc):
    export = invoke("cypher", "CALL apoc.export.json.all(null, {stream: true})", "--write")
    assert (export.exit_code, export.output) == (
        1,
        f"Error: query 'cypher' is refused: it calls apoc.export.json.all, {OUTSIDE}\n",
    )
    label = invoke("cypher", "CALL db.createLabel('Scratch')", "--write", "--format", "json")
    assert (label.exit_code, json.loads(label.output)) == (0, [])


@pytest.mark.neo4j
@pytest.mark.parametrize(("text", "plain"), ALLOWED, ids=[t.split("(")[0][:30] for t, _ in ALLOWED])
def test_read_only_keeps_schema_lookups_and_apoc_read_helpers(tiny_loaded, neo4j_env, apoc, text, plain):
    result = invoke("cypher", text, "--format", "json")
    assert result.exit_code == 0, result.output
    expected = neo4j_store.run_query(tiny_loaded, adhoc_query(plain, "plain"), {}).rows
    assert json.loads(result.output) == expected and expected


@pytest.mark.neo4j
def test_every_library_query_passes_the_check(tiny_loaded):
    for query in list_queries():
        summary = _plan(tiny_loaded, query.text, dict(query.example))
        check_plan(query.name, summary.query_type, summary.plan, write=False)  # raises when refused
        assert summary.query_type == "r"


@pytest.mark.neo4j
def test_query_file_runs_with_the_same_check_and_parameters(tiny_loaded, neo4j_env, tmp_path):
    mine = tmp_path / "my.cypher"
    mine.write_text(
        "// the mechanisms of one country\nMATCH (c:Country {id: $country})<-[:PART_OF*0..2]-()"
        "-[:PARTICIPATES_IN]->(m:Mechanism)\nRETURN DISTINCT m.id AS id ORDER BY id\n",
        encoding="utf-8",
    )
    result = invoke("query", "--file", str(mine), "-p", "country=sgp", "--format", "json")
    assert result.exit_code == 0, result.output
    assert (
        json.loads(result.output)
        == neo4j_store.run_query(
            tiny_loaded, adhoc_query(mine.read_text(encoding="utf-8"), "mine"), {"country": "sgp"}
        ).rows
    )
    assert [row["id"] for row in json.loads(result.output)]  # Singapore has channels in the tiny dataset
    missing = invoke("query", "--file", str(mine))
    assert (missing.exit_code, missing.output) == (
        1,
        f"Error: query '{mine}': missing parameter(s) country (expected: country)\n",
    )
    evil = tmp_path / "evil.cypher"
    evil.write_text("CALL apoc.export.json.all('dump.json', {})\n", encoding="utf-8")
    refused = invoke("query", "--file", str(evil))
    assert (refused.exit_code, refused.output) == (
        1,
        f"Error: query '{evil}' is refused: it calls apoc.export.json.all, {OUTSIDE}\n",
    )
    both = invoke("query", "channels_between", "--file", str(mine))
    assert (both.exit_code, both.output.splitlines()[-1]) == (
        2,
        "Error: give a query NAME or --file, not both",
    )


@pytest.mark.neo4j
def test_cypher_reads_standard_input_and_reports_a_syntax_error_in_one_line(tiny_loaded, neo4j_env):
    result = CliRunner().invoke(
        main, ["cypher", "-", "--format", "csv"], input="MATCH (c:Country) RETURN c.id AS id ORDER BY id\n"
    )
    assert (result.exit_code, result.output) == (0, "id\nchn\nsgp\nusa\n")
    broken = invoke("cypher", "MATCH (c:Country RETURN c")
    assert broken.exit_code == 1 and broken.output.startswith("Error: query 'cypher' failed: ")
    assert len(broken.output.strip().splitlines()) == 1
    empty = invoke("cypher", "// only a comment")
    assert (empty.exit_code, empty.output) == (1, "Error: cypher: the query is empty\n")


def test_query_list_shows_each_querys_example_parameters():
    result = invoke("query", "--list", "--format", "json")
    assert result.exit_code == 0
    listed = {row["name"]: row["example"] for row in json.loads(result.output)}
    assert listed["channels_between"] == "-p a=usa -p b=chn -p asOf=2024-03-31"
    assert listed["alternative_routes"] == "-p a=usa -p b=chn -p asOf=2022-09-01 -p maxHops=2"
    for query in list_queries():
        assert listed[query.name] == " ".join(
            f"-p {k}={v if isinstance(v, str) else json.dumps(v)}" for k, v in query.example.items()
        )


def test_the_names_come_from_the_plan_not_the_text():
    procedures, functions = plan_calls(
        {
            "operatorType": "ProduceResults@neo4j",
            "args": {"Details": "`x`"},
            "children": [
                {
                    "operatorType": "ProcedureCall@neo4j",
                    "args": {"Details": "apoc.load.json($autostring_0) :: (value :: MAP)"},
                },
                {"operatorType": "Projection@neo4j", "args": {"Details": "date.truncate($a, d) AS `n.x(`"}},
            ],
        }
    )
    assert (procedures, functions) == (["apoc.load.json"], ["date.truncate"])
    with pytest.raises(QueryError, match="apoc.load.json, a procedure with effects outside the graph"):
        check_plan(
            "q", "r", {"operatorType": "ProcedureCall@neo4j", "args": {"Details": "apoc.load.json($u)"}}, True
        )
