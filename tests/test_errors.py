"""One error root: every library exception is a DdgraphError, and the CLI shows each as one line.

One test per class of ddgraph.errors, each through a real command where a user can reach it (the exact
message and exit code), and a check that every exception class of every module derives from the root.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from ddgraph import errors
from ddgraph.cli import DdgraphGroup, main
from ddgraph.errors import DdgraphError

SRC = Path(__file__).parent.parent / "src" / "ddgraph"
TINY = Path(__file__).parent / "data" / "neo4j_tiny"
CLASSES = [c for _, c in inspect.getmembers(errors, inspect.isclass) if issubclass(c, Exception)]


def run(*args: str, **env: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), env=env or None)
    return result.exit_code, result.stdout, result.stderr


def library_exceptions() -> list[type[BaseException]]:
    """Every public exception class defined in a module of the ddgraph package."""
    found = []
    for info in pkgutil.walk_packages([str(SRC)], prefix="ddgraph."):
        if info.name == "ddgraph.__main__":  # runs the CLI when imported
            continue
        module = importlib.import_module(info.name)
        found += [
            c
            for _, c in inspect.getmembers(module, inspect.isclass)
            if issubclass(c, BaseException) and c.__module__ == info.name and not c.__name__.startswith("_")
        ]
    return found


def test_every_exception_class_of_the_library_derives_from_the_root() -> None:
    assert {c.__name__ for c in CLASSES} == set(errors.__all__) - {"Problem"}
    found = library_exceptions()
    assert set(CLASSES) <= set(found)
    assert [c.__qualname__ for c in found if not issubclass(c, DdgraphError)] == []


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_the_cli_maps_every_class_to_one_line_and_exit_1(cls: type[DdgraphError]) -> None:
    """The one place of the mapping: a command raising the class prints one line (problems for a dataset)."""
    group = DdgraphGroup()

    @group.command()
    def boom() -> None:
        if cls is errors.DatasetError:
            raise errors.DatasetError([errors.Problem("graph/x.yaml", 3, "bad thing")])
        if cls is errors.YamlProblem:
            raise errors.YamlProblem(3, "bad thing")
        raise cls("bad thing")

    result = CliRunner().invoke(group, ["boom"])
    expected = (
        "graph/x.yaml:3: bad thing\nError: 1 problem(s) found; nothing was written.\n"
        if cls is errors.DatasetError
        else "Error: bad thing\n"
    )
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", expected)


def test_a_bug_is_an_internal_error_and_not_a_ddgraph_error() -> None:
    group = DdgraphGroup()

    @group.command()
    def boom() -> None:
        raise KeyError("x")

    result = CliRunner().invoke(group, ["boom"])
    assert (result.exit_code, result.stderr) == (
        1,
        "Error: internal error: KeyError: 'x' (set DDGRAPH_DEBUG=1 for a traceback)\n",
    )


# ------------------------------------------------------------------- each class from a real command
def test_dataset_error(tmp_path: Path) -> None:
    (tmp_path / "g").mkdir()
    (tmp_path / "g" / "x.yaml").write_text("countries:\n  - {id: usa}\n", encoding="utf-8")
    code, out, err = run("validate", str(tmp_path / "g"))
    assert code == 1 and out == ""
    assert err.splitlines()[-1] == "Error: 3 problem(s) found; nothing was written."
    assert err.splitlines()[0].endswith("x.yaml:2: country usa: missing field 'iso3'")


def test_yaml_problem_is_a_problem_of_its_file(tmp_path: Path) -> None:
    (tmp_path / "g").mkdir()
    (tmp_path / "g" / "x.yaml").write_text("countries: [\n", encoding="utf-8")
    code, _, err = run("validate", str(tmp_path / "g"))
    assert code == 1 and "x.yaml:2: YAML syntax error:" in err.splitlines()[0]


def test_bad_argument_from_the_library() -> None:
    from ddgraph.analysis.paths import paths
    from ddgraph.examples import tiny_graph
    from ddgraph.views import channel_graph

    message = r"^unknown track 'official'; expected one of 1, 1\.5, 2, any$"
    with pytest.raises(errors.BadArgument, match=message):
        paths(channel_graph(tiny_graph(), "2024-01-01"), "usa", "chn", track="official")


def test_unknown_country() -> None:
    assert run("channels", "usa", "Chna", "--as-of", "2024-01-01", "--data-dir", str(TINY)) == (
        1,
        "",
        "Error: unknown country 'Chna' (did you mean China (CHN)?)\n",
    )


def test_same_country() -> None:
    assert run("channels", "usa", "usa", "--as-of", "2024-01-01", "--data-dir", str(TINY)) == (
        1,
        "",
        "Error: a pair needs two different countries, not 'usa' twice\n",
    )
    assert run("paths", "USA", "United States", "--as-of", "2024-01-01", "--data-dir", str(TINY)) == (
        1,
        "",
        "Error: 'USA' and 'United States' are the same country (usa); give two countries\n",
    )


def test_bad_date() -> None:
    assert run("timeline", "usa", "chn", "--from", "2025", "--to", "2020", "--data-dir", str(TINY)) == (
        1,
        "",
        "Error: the range ends (2020-12-31) before it starts (2025-01-01)\n",
    )
    assert run("channels", "usa", "chn", "--as-of", "31/03/2024", "--data-dir", str(TINY)) == (
        1,
        "",
        "Error: bad --as-of '31/03/2024': use ISO 8601 / EDTF, e.g. 2024-03-31, 2024-03 or 2024\n",
    )


def test_unable_to_connect() -> None:
    code, out, err = run(
        "query",
        "channels_between",
        "--example",
        "--uri",
        "bolt://127.0.0.1:1",
        NEO4J_PASSWORD="not-a-real-one",
    )
    assert (code, out, err) == (
        1,
        "",
        "Error: cannot reach Neo4j at bolt://127.0.0.1:1 (is the server running?)\n",
    )
    assert run("load", str(TINY), NEO4J_PASSWORD="") == (
        1,
        "",
        "Error: no Neo4j password: set NEO4J_PASSWORD (or pass --password)\n",
    )


@pytest.mark.neo4j
def test_query_error(neo4j_env: dict[str, str]) -> None:
    code, out, err = run("query", "channels_between", "-p", "a=usa")
    assert (code, out, err) == (
        1,
        "",
        "Error: query 'channels_between': missing parameter(s) b, asOf (expected: a, b, asOf)\n",
    )


def test_store_error() -> None:
    from ddgraph.graph import Node, PropertyGraph
    from ddgraph.neo4j_store import validate_graph

    g = PropertyGraph()
    g.add_node(Node("x", ("Widget",), {"id": "x", "sources": ["s"]}))
    with pytest.raises(errors.StoreError, match=r"^node 'x': primary label must be one of Source, "):
        validate_graph(g)


def test_export_error(tmp_path: Path) -> None:
    target = tmp_path / "file"
    target.write_text("x", encoding="utf-8")
    code, out, err = run("export", str(TINY), "--format", "csv", "-o", str(target))
    assert (code, out) == (1, "") and err.startswith("Error: ") and len(err.splitlines()) == 1


def test_report_error(tmp_path: Path) -> None:
    import datetime as dt

    from ddgraph.examples import tiny_graph
    from ddgraph.reports import centrality_report, write_report

    report = centrality_report(tiny_graph(), [dt.date(2024, 1, 1)])
    message = r"^a report is written as md, html, csv or json, not 'table'$"
    with pytest.raises(errors.ReportError, match=message):
        write_report(report, tiny_graph(), "table", tmp_path)
    code, out, err = run(
        "report",
        "centrality",
        "--as-of",
        "2024-01-01",
        "--format",
        "table",
        "--out",
        str(tmp_path),
        "--data-dir",
        str(TINY),
    )
    assert code == 2 and out == ""
    assert err.splitlines()[-1] == (
        "Error: --format table shows the report on standard output; with --out give md, html, csv or json"
    )


def test_synth_error(tmp_path: Path) -> None:
    (tmp_path / "x").write_text("x", encoding="utf-8")
    assert run("synth", str(tmp_path), "--events", "1") == (
        1,
        "",
        f"Error: {tmp_path} is not empty; choose a new directory\n",
    )
