"""The query files of cypher/queries/: headers, exact answers on known data, `ddgraph query` behaviour."""

from __future__ import annotations

import ast
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from ddgraph import load_dataset, neo4j_store
from ddgraph.cli import main
from ddgraph.cypher_library import (
    cypher_dir,
    list_queries,
    load_query,
    parse_param,
    query_names,
    store_statement,
)
from ddgraph.errors import QueryError
from ddgraph.graph import to_property_graph

TINY = Path(__file__).parent / "data" / "neo4j_tiny"
REAL = Path(__file__).parent.parent / "graph"

QUERIES = [
    "alternative_routes",
    "channels_between",
    "country_channels",
    "mechanism_history",
    "mechanism_sessions",
    "office_holders",
    "officials_met",
    "source_supports",
]


# ------------------------------------------------------------------------------ headers (no server)
def test_the_library_holds_the_analysts_queries():
    assert query_names() == QUERIES


@pytest.mark.parametrize("name", QUERIES)
def test_every_query_file_has_a_checked_header(name):
    q = load_query(name)  # raises QueryError when name/params/example disagree with the text
    assert q.name == name and q.purpose and q.example
    assert sorted(q.example) == sorted(q.params)
    assert q.path is not None and q.path.read_text(encoding="utf-8").startswith(f"// name: {name}\n")


def test_the_schema_and_queries_are_found_in_the_package_folder():
    assert (cypher_dir() / "schema.cypher").is_file()
    assert cypher_dir().resolve() == (Path(__file__).parent.parent / "cypher").resolve()


STORE = sorted(p.stem for p in (Path(__file__).parent.parent / "cypher" / "store").glob("*.cypher"))


@pytest.mark.parametrize("name", STORE)
def test_every_statement_the_store_runs_for_itself_is_a_file_with_a_checked_header(name):
    text = store_statement(name)  # raises QueryError when name/params/example disagree with the text
    assert text.startswith(f"// name: {name}\n// purpose: ")
    assert "// Run by ddgraph.neo4j_store" in text


_CYPHER_START = re.compile(r"\s*(MATCH|OPTIONAL MATCH|MERGE|CREATE|UNWIND|WITH|RETURN|CALL|SHOW|TERMINATE)\b")


def test_the_store_runs_no_fixed_statement_written_in_python():
    """Every fixed statement of ``neo4j_store`` is read from ``cypher/store/``: no module-level text
    and no literal given to ``run``/``execute_query`` is Cypher. (The statements whose label or type
    varies are made by functions, from whitelisted names.)"""
    package = Path(__file__).parent.parent / "src" / "ddgraph" / "neo4j_store"
    clauses = {"_RETURN_IDS"}  # the end of a node creation made by a function, not a statement
    found = []
    for path in sorted(package.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            texts = ast.Constant | ast.BinOp | ast.JoinedStr
            if isinstance(node, ast.Assign) and isinstance(node.value, texts):
                if any(isinstance(t, ast.Name) and t.id in clauses for t in node.targets):
                    continue
                text = ast.unparse(node.value)
                if isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
                    text = node.value.value
                if _CYPHER_START.match(text.strip("'\"(f ")):
                    found.append(f"{path.name}:{node.lineno}")
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("run", "execute_query")
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                found.append(f"{path.name}:{node.lineno}")
    assert found == []


def test_a_header_that_disagrees_with_its_text_is_refused(tmp_path, monkeypatch):
    (tmp_path / "queries").mkdir()
    (tmp_path / "queries" / "bad.cypher").write_text(
        '// name: bad\n// purpose: x\n// params: a (an id)\n// example: {"a": "usa"}\n'
        "MATCH (n {id: $a}) WHERE n.kind = $kind RETURN n.id\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("DDGRAPH_CYPHER_DIR", str(tmp_path))
    with pytest.raises(QueryError, match=r"params \['a'\] differ from the \$parameters used \['a', 'kind'\]"):
        load_query("bad")


def test_command_line_parameters_are_json_when_they_can_be_and_text_otherwise():
    assert [parse_param(p) for p in ("maxHops=3", "asOf=2024-03-31", "a=usa", "person=null", "x=")] == [
        ("maxHops", 3),
        ("asOf", "2024-03-31"),
        ("a", "usa"),
        ("person", None),
        ("x", ""),
    ]


# ------------------------------------------------------------------------- exact answers, tiny data
TINY_EXPECTED: list[tuple[str, dict[str, Any], list[dict[str, Any]]]] = [
    (
        "channels_between",
        {"a": "USA", "b": "chn", "asOf": "2022-09-01"},
        [
            {
                "mechanism": "forum",
                "name": "Regional Defense Forum",
                "kind": "multilateral_forum",
                "track": "1",
                "level": "ministerial",
                "status": "active",
                "status_since": "2010",
                "open": True,
                "parties_a": ["usa"],
                "parties_b": ["chn"],
                "sources": ["src-b"],
            },
            {
                "mechanism": "hotline",
                "name": "Defense Telephone Link",
                "kind": "hotline",
                "track": "1",
                "level": "ministerial",
                "status": "suspended",
                "status_since": "2022-08-05",
                "open": False,
                "parties_a": ["us-dod"],
                "parties_b": ["cn-mnd"],
                "sources": ["src-a"],
            },
        ],
    ),
    # before the forum existed only the hotline, then merely agreed
    (
        "channels_between",
        {"a": "usa", "b": "chn", "asOf": "2007-12-01"},
        [
            {
                "mechanism": "hotline",
                "name": "Defense Telephone Link",
                "kind": "hotline",
                "track": "1",
                "level": "ministerial",
                "status": "agreed",
                "status_since": "2007-11",
                "open": False,
                "parties_a": ["us-dod"],
                "parties_b": ["cn-mnd"],
                "sources": ["src-a"],
            },
        ],
    ),
    (
        "country_channels",
        {"country": "sgp", "asOf": "2024-03-31"},
        [
            {
                "mechanism": "cn-sgp-link",
                "name": "China-Singapore secure defence telephone link",
                "kind": "hotline",
                "status": "active",
                "status_since": "2023-06~",
                "open": True,
                "parties": ["sgp"],
                "others": ["cn-mnd"],
                "sources": ["src-b"],
            },
            {
                "mechanism": "forum",
                "name": "Regional Defense Forum",
                "kind": "multilateral_forum",
                "status": "active",
                "status_since": "2010",
                "open": True,
                "parties": ["sgp"],
                "others": ["chn", "usa"],
                "sources": ["src-b"],
            },
            {
                "mechanism": "us-sgp-dialogue",
                "name": "US-Singapore Strategic Dialogue",
                "kind": "track1_dialogue",
                "status": "active",
                "status_since": "2015",
                "open": True,
                "parties": ["sgp"],
                "others": ["usa"],
                "sources": ["src-b"],
            },
        ],
    ),
    # hotline suspended: no route in 2022 (the China-Singapore link came in mid-2023), one via Singapore after
    ("alternative_routes", {"a": "usa", "b": "chn", "asOf": "2022-09-01", "maxHops": 3}, []),
    (
        "alternative_routes",
        {"a": "usa", "b": "chn", "asOf": "2024-01-01", "maxHops": 2},
        [
            {"hops": 2, "countries": ["usa", "sgp", "chn"], "channels": ["us-sgp-dialogue", "cn-sgp-link"]},
        ],
    ),
    ("alternative_routes", {"a": "usa", "b": "chn", "asOf": "2024-01-01", "maxHops": 1}, []),
    (
        "mechanism_history",
        {"mechanism": "hotline"},
        [
            {
                "seq": 0,
                "status": "agreed",
                "since": "2007-11",
                "until": "2008-02-29",
                "from": "2007-11-01",
                "to": "2008-02-29",
                "event": None,
                "event_name": None,
                "event_kind": None,
                "event_date": None,
                "sources": ["src-a"],
            },
            {
                "seq": 1,
                "status": "active",
                "since": "2008-02-29",
                "until": "2022-08-05",
                "from": "2008-02-29",
                "to": "2022-08-05",
                "event": None,
                "event_name": None,
                "event_kind": None,
                "event_date": None,
                "sources": ["src-a"],
            },
            {
                "seq": 2,
                "status": "suspended",
                "since": "2022-08-05",
                "until": "2023-11-15",
                "from": "2022-08-05",
                "to": "2023-11-15",
                "event": "suspension-2022",
                "event_name": "China suspends the hotline",
                "event_kind": "suspension",
                "event_date": "2022-08-05",
                "sources": ["src-b"],
            },
            {
                "seq": 3,
                "status": "resumed",
                "since": "2023-11-15",
                "until": None,
                "from": "2023-11-15",
                "to": None,
                "event": None,
                "event_name": None,
                "event_kind": None,
                "event_date": None,
                "sources": ["src-b"],
            },
        ],
    ),
    (
        "mechanism_sessions",
        {"mechanism": "hotline"},
        [
            {
                "date": "2022-08-05",
                "event": "suspension-2022",
                "name": "China suspends the hotline",
                "kind": "suspension",
                "session_number": None,
                "outcome": None,
                "place": None,
                "attendees": ["chn (initiator)"],
                "sources": ["src-b"],
            },
            {
                "date": "2024-04-16",
                "event": "call-2024",
                "name": "Alice-Bo call",
                "kind": "call",
                "session_number": None,
                "outcome": "answered",
                "place": None,
                "attendees": ["alice-minister (caller)", "bo-minister (callee)"],
                "sources": ["src-b"],
            },
        ],
    ),
    (
        "office_holders",
        {"of": "us-dod"},
        [
            {
                "person": "alice-minister",
                "name": "Alice Minister",
                "title": "Secretary of Defense",
                "organization": "us-dod",
                "organization_name": "Department of Defense",
                "since": "2021-01-22",
                "until": "2025-01-20",
                "sources": ["src-a"],
            },
        ],
    ),
    (
        "office_holders",
        {"of": "bo-minister"},
        [
            {
                "person": "bo-minister",
                "name": "Bo Minister",
                "title": "Minister of National Defense",
                "organization": "cn-mnd",
                "organization_name": "Ministry of National Defense",
                "since": "2023-12",
                "until": None,
                "sources": ["src-b"],
            },
        ],
    ),
    (
        "officials_met",
        {"person": "bo-minister"},
        [
            {
                "official": "bo-minister",
                "met": "alice-minister",
                "met_name": "Alice Minister",
                "times": 2,
                "events": ["call-2024", "meeting-2024"],
                "first": "2024-04-16",
                "last": "2024-05",
            },
        ],
    ),
    (
        "officials_met",
        {"person": None},
        [
            {
                "official": "alice-minister",
                "met": "bo-minister",
                "met_name": "Bo Minister",
                "times": 2,
                "events": ["call-2024", "meeting-2024"],
                "first": "2024-04-16",
                "last": "2024-05",
            },
        ],
    ),
    (
        "source_supports",
        {"source": "src-a"},
        [
            {"element": "node", "label": label, "id": i, "name": n}
            for label, i, n in [
                ("Country", "chn", "China"),
                ("Country", "usa", "United States"),
                ("Mechanism", "hotline", "Defense Telephone Link"),
                ("Organization", "cn-mnd", "Ministry of National Defense"),
                ("Organization", "us-dod", "Department of Defense"),
                ("Person", "alice-minister", "Alice Minister"),
                ("Person", "bo-minister", "Bo Minister"),
                ("Place", "beijing", "Beijing"),
                (
                    "StatusChange",
                    "hotline--active--2008-02-29",
                    "Defense Telephone Link: active (2008-02-29)",
                ),
                ("StatusChange", "hotline--agreed--2007-11", "Defense Telephone Link: agreed (2007-11)"),
            ]
        ]
        + [
            {"element": "relationship", "label": label, "id": i, "name": n}
            for label, i, n in [
                ("CITIZEN_OF", "alice-minister|CITIZEN_OF|usa", "Alice Minister -> United States"),
                ("CITIZEN_OF", "bo-minister|CITIZEN_OF|chn", "Bo Minister -> China"),
                (
                    "HAS_STATUS",
                    "hotline|HAS_STATUS|hotline--active--2008-02-29",
                    "Defense Telephone Link -> Defense Telephone Link: active (2008-02-29)",
                ),
                (
                    "HAS_STATUS",
                    "hotline|HAS_STATUS|hotline--agreed--2007-11",
                    "Defense Telephone Link -> Defense Telephone Link: agreed (2007-11)",
                ),
                (
                    "HOLDS_OFFICE",
                    "alice-minister|HOLDS_OFFICE|us-dod",
                    "Alice Minister -> Department of Defense",
                ),
                ("LOCATED_IN", "beijing|LOCATED_IN|chn", "Beijing -> China"),
                (
                    "PARTICIPATES_IN",
                    "cn-mnd|PARTICIPATES_IN|hotline",
                    "Ministry of National Defense -> Defense Telephone Link",
                ),
                (
                    "PARTICIPATES_IN",
                    "us-dod|PARTICIPATES_IN|hotline",
                    "Department of Defense -> Defense Telephone Link",
                ),
                ("PART_OF", "cn-mnd|PART_OF|chn", "Ministry of National Defense -> China"),
                ("PART_OF", "us-dod|PART_OF|usa", "Department of Defense -> United States"),
            ]
        ],
    ),
]


#: The dates of the tiny dataset in words: every EDTF column of a query has its ``_text`` column beside.
WORDS = {
    None: None,
    "2010": "2010",
    "2015": "2015",
    "2007-11": "November 2007",
    "2008-02-29": "29 February 2008",
    "2022-08-05": "5 August 2022",
    "2023-11-15": "15 November 2023",
    "2023-06~": "about June 2023",
    "2024-04-16": "16 April 2024",
    "2024-05": "May 2024",
    "2021-01-22": "22 January 2021",
    "2025-01-20": "20 January 2025",
    "2023-12": "December 2023",
}
TEXT_COLUMNS = {
    "status_since": "status_since_text",
    "since": "since_text",
    "until": "until_text",
    "event_date": "event_date_text",
    "date": "date_text",
    "first": "first_text",
    "last": "last_text",
}


def with_words(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``rows`` with the ``X_text`` column of every EDTF column ``X``."""
    return [{**r, **{TEXT_COLUMNS[k]: WORDS[v] for k, v in r.items() if k in TEXT_COLUMNS}} for r in rows]


@pytest.fixture()
def tiny_loaded(neo4j_driver):
    neo4j_store.load(neo4j_driver, to_property_graph(load_dataset(TINY)))
    return neo4j_driver


@pytest.mark.neo4j
@pytest.mark.parametrize(
    ("name", "params", "rows"), TINY_EXPECTED, ids=[f"{n}-{i}" for i, (n, _, _) in enumerate(TINY_EXPECTED)]
)
def test_query_answers_exactly_on_the_tiny_dataset(tiny_loaded, name, params, rows):
    expected = rows if name in ("alternative_routes", "source_supports") else with_words(rows)
    assert neo4j_store.run_query(tiny_loaded, name, params).rows == expected


@pytest.mark.neo4j
def test_every_query_is_covered_by_an_exact_expectation():
    assert sorted({name for name, _, _ in TINY_EXPECTED}) == QUERIES


# -------------------------------------------------------------------- exact answers, real dataset
#: Frozen answers of every query's header example on graph/: computed once on the real server, then
#: checked against the YAML (e.g. the DTL agreed 2007-41 then active from its 2008-02-29 signing; MMCA
#: suspended on 2022-08-05 until 2024-04-03; Dong Jun minister from 2023-12-29). When the curator changes
#: a fact a query reports, the failure shows the new rows: re-check them against the YAML and re-freeze.
REAL_EXPECTED_FILE = Path(__file__).parent / "data" / "neo4j_real_expected.json"
REAL_EXPECTED: dict[str, dict[str, Any]] = json.loads(REAL_EXPECTED_FILE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def real_graph():
    return to_property_graph(load_dataset(REAL))


@pytest.mark.neo4j
@pytest.mark.parametrize("name", QUERIES)
def test_query_example_answers_exactly_on_the_real_dataset(real_graph, neo4j_driver, name):
    neo4j_store.load(neo4j_driver, real_graph)
    example = load_query(name).example
    rows = neo4j_store.run_query(neo4j_driver, name, example).rows
    if name not in REAL_EXPECTED or REAL_EXPECTED[name]["params"] != example:
        pytest.fail(
            f"no frozen expectation for {name}{example} on graph/: check these rows against the YAML "
            f"and freeze them in {REAL_EXPECTED_FILE.name}:\n{json.dumps(rows, ensure_ascii=False)}"
        )
    assert rows == REAL_EXPECTED[name]["rows"]


# ------------------------------------------------------------------------------------ the command
def invoke(*args: str) -> Any:
    return CliRunner().invoke(main, list(args))


@pytest.mark.neo4j
def test_query_command_renders_rows_as_csv(tiny_loaded, neo4j_env):
    result = invoke(
        "query", "channels_between", "-p", "a=usa", "-p", "b=chn", "-p", "asOf=2007-12-01", "--format", "csv"
    )
    assert (result.exit_code, result.output) == (
        0,
        (
            "mechanism,name,kind,track,level,status,status_since,status_since_text,open,parties_a,parties_b,"
            "sources\n"
            "hotline,Defense Telephone Link,hotline,1,ministerial,agreed,2007-11,November 2007,False,us-dod,"
            "cn-mnd,src-a\n"
        ),
    )


@pytest.mark.neo4j
def test_query_example_runs_the_header_example(tiny_loaded, neo4j_env):
    result = invoke("query", "officials_met", "--example", "-p", "person=alice-minister", "--format", "json")
    assert result.exit_code == 0, result.output
    assert [row["met"] for row in json.loads(result.output)] == ["bo-minister"]


def test_query_list_names_every_query_with_its_purpose():
    result = invoke("query", "--list", "--format", "json")
    assert result.exit_code == 0
    listed = json.loads(result.output)
    assert [q["name"] for q in listed] == QUERIES
    assert [{k: q[k] for k in ("name", "purpose", "params")} for q in listed] == [
        {"name": q.name, "purpose": q.purpose, "params": ", ".join(q.params)} for q in list_queries()
    ]  # and each query's example: tests/test_readonly.py


def test_an_unknown_query_name_is_reported_before_any_server_is_asked(monkeypatch):
    """The user's mistake comes first: no server answers here, and the line names the query."""
    monkeypatch.setenv("NEO4J_URI", "bolt://127.0.0.1:9")  # the discard port: nothing listens
    monkeypatch.setenv("NEO4J_PASSWORD", "unused")
    unknown = invoke("query", "no_such_query")
    assert (unknown.exit_code, unknown.output) == (
        1,
        f"Error: unknown query 'no_such_query' (known: {', '.join(QUERIES)})\n",
    )


@pytest.mark.neo4j
def test_query_reports_unknown_names_and_missing_parameters_in_one_line(neo4j_env):
    unknown = invoke("query", "no_such_query")
    assert (unknown.exit_code, unknown.output) == (
        1,
        f"Error: unknown query 'no_such_query' (known: {', '.join(QUERIES)})\n",
    )
    missing = invoke("query", "channels_between", "-p", "a=usa")
    assert (missing.exit_code, missing.output) == (
        1,
        "Error: query 'channels_between': missing parameter(s) b, asOf (expected: a, b, asOf)\n",
    )


@pytest.fixture()
def write_query_dir(tmp_path, monkeypatch):
    """The query library plus a query that writes."""
    dest = tmp_path / "cypher"
    shutil.copytree(cypher_dir(), dest)
    (dest / "queries" / "rename_country.cypher").write_text(
        "// name: rename_country\n// purpose: A query that writes.\n"
        '// params: id (country id), name (new name)\n// example: {"id": "usa", "name": "X"}\n'
        "MATCH (c:Country {id: $id}) SET c.name = $name RETURN c.name AS name\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("DDGRAPH_CYPHER_DIR", str(dest))
    return dest


@pytest.mark.neo4j
def test_query_refuses_a_write_query_unless_write_is_given(tiny_loaded, neo4j_env, write_query_dir):
    refused = invoke("query", "rename_country", "--example")
    assert (refused.exit_code, refused.output) == (
        1,
        "Error: query 'rename_country' writes to the database (query type 'rw'); pass --write to run it\n",
    )
    assert neo4j_store.read_graph(tiny_loaded) == to_property_graph(load_dataset(TINY))
    allowed = invoke("query", "rename_country", "--example", "--write", "--format", "json")
    assert (allowed.exit_code, json.loads(allowed.output)) == (0, [{"name": "X"}])


@pytest.mark.neo4j
def test_country_parameters_take_ids_iso_codes_and_names(tiny_loaded, neo4j_env):
    """`country id or ISO3` parameters resolve as the analyses do: USA, usa, China, 中国 are all fine."""

    def mechanisms(a: str, b: str) -> list[str]:
        result = invoke(
            "query",
            "channels_between",
            "-p",
            f"a={a}",
            "-p",
            f"b={b}",
            "-p",
            "asOf=2024-01-01",
            "--format",
            "json",
        )
        assert result.exit_code == 0, result.output
        return [row["mechanism"] for row in json.loads(result.output)]

    assert mechanisms("usa", "chn") == ["forum", "hotline"]
    assert mechanisms("USA", "China") == mechanisms("United States", "中国") == ["forum", "hotline"]
    day = "2024-03-31"
    by_name = neo4j_store.run_query(tiny_loaded, "country_channels", {"country": "Singapore", "asOf": day})
    by_id = neo4j_store.run_query(tiny_loaded, "country_channels", {"country": "sgp", "asOf": day})
    assert by_name.rows == by_id.rows and len(by_id.rows) == 3
    typo = invoke("query", "channels_between", "-p", "a=Chna", "-p", "b=usa", "-p", "asOf=2024-01-01")
    assert (typo.exit_code, typo.output) == (1, "Error: unknown country 'Chna' (did you mean China (CHN)?)\n")


def test_every_country_parameter_is_documented_as_a_country():
    """The header says "country" for each parameter that names one, so run_query resolves it by name."""
    countries = {q.name: q.country_params for q in list_queries() if q.country_params}
    assert countries == {
        "alternative_routes": ("a", "b"),
        "channels_between": ("a", "b"),
        "country_channels": ("country",),
    }


@pytest.mark.neo4j
@pytest.mark.parametrize("name", ["alternative_routes", "channels_between", "country_channels"])
def test_every_query_takes_a_country_as_iso3_in_any_case_or_by_name(tiny_loaded, name):
    query = load_query(name)
    names = {"usa": "United States", "chn": "China", "sgp": "Singapore"}
    example = dict(query.example)
    if name == "alternative_routes":
        example["asOf"] = "2024-03-31"  # the tiny dataset's route via Singapore (none on the header's date)
    expected = neo4j_store.run_query(tiny_loaded, name, example).rows
    assert expected
    for spell in (str.upper, lambda cid: cid.capitalize(), names.__getitem__):
        params = {k: spell(v) if k in query.country_params else v for k, v in example.items()}
        assert neo4j_store.run_query(tiny_loaded, name, params).rows == expected, params
