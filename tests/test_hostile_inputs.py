"""Cases of the hostile run (issue 13) that must end in the right answer or one clear line, nothing lost.

Each test names the case it pins; the dataset is the small valid one of tests/broken/_base/ with the
hostile change applied.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from ddgraph import load_dataset
from ddgraph.cli import main
from ddgraph.export import read_jsonl, to_jsonl
from ddgraph.graph import to_property_graph

BASE = Path(__file__).parent / "broken" / "_base"
EV = "        sources: [seed-tiny]\n        evidence: [{source: seed-tiny, quote: vào cuối năm 2007}]\n"


def graph_dir(tmp_path: Path) -> Path:
    graph = tmp_path / "graph"
    shutil.copytree(BASE, graph)
    return graph


def run(tmp_path: Path, *args: str) -> Any:
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        return CliRunner().invoke(main, list(args))
    finally:
        os.chdir(cwd)


def same_day_history(graph: Path) -> None:
    path = graph / "mechanisms.yaml"
    text = path.read_text(encoding="utf-8")
    head = text[: text.index("    status:\n")]
    entries = "".join(
        f'      - status: {st}\n        date: "2020-01-01"\n{EV}' for st in ("active", "suspended", "active")
    )
    path.write_text(head + "    status:\n" + entries, encoding="utf-8")


# -------------------------------------------------------------------------- 3. same-day status changes
def test_three_status_changes_on_one_day_stay_three_in_order(tmp_path: Path) -> None:
    graph = graph_dir(tmp_path)
    same_day_history(graph)
    pg = to_property_graph(load_dataset(graph))
    changes = sorted(
        (n for n in pg.nodes.values() if n.label == "StatusChange"), key=lambda n: n.props["seq"]
    )
    assert [(n.id, n.props["status"]) for n in changes] == [
        ("usa-chn-dtl--active--2020-01-01", "active"),
        ("usa-chn-dtl--suspended--2020-01-01", "suspended"),
        ("usa-chn-dtl--active--2020-01-01--2", "active"),
    ]
    assert read_jsonl(to_jsonl(pg)) == pg


@pytest.mark.neo4j
def test_three_status_changes_on_one_day_survive_a_load(tmp_path: Path, neo4j_driver: Any) -> None:
    from ddgraph.neo4j_store import load, read_graph

    graph = graph_dir(tmp_path)
    same_day_history(graph)
    pg = to_property_graph(load_dataset(graph))
    load(neo4j_driver, pg)
    back = read_graph(neo4j_driver)
    seqs = sorted(
        (n.props["seq"], n.props["status"]) for n in back.nodes.values() if n.label == "StatusChange"
    )
    assert seqs == [(0, "active"), (1, "suspended"), (2, "active")]
    assert back == pg


# ------------------------------------------------------------------------------ 1. unreadable files
def _problem_lines(result: Any) -> list[str]:
    return [line for line in result.stderr.splitlines() if not line.startswith("Error:")]


@pytest.mark.parametrize(
    "make, message",
    [
        (
            lambda g: (g / "dangling.yaml").symlink_to(g / "nowhere.yaml"),
            "graph/dangling.yaml: cannot be read: a symbolic link to a missing file",
        ),
        (
            lambda g: os.mkfifo(g / "pipe.yaml"),
            "graph/pipe.yaml: cannot be read: not a regular file (a FIFO)",
        ),
        (
            lambda g: (g / "zero.yaml").symlink_to("/dev/zero"),
            "graph/zero.yaml: cannot be read: not a regular file (a character device)",
        ),
    ],
    ids=["dangling-symlink", "fifo", "symlink-to-device"],
)
def test_a_file_that_cannot_be_read_is_a_problem_not_a_skip(tmp_path: Path, make: Any, message: str) -> None:
    graph = graph_dir(tmp_path)
    make(graph)
    result = run(tmp_path, "validate", "graph")
    assert result.exit_code == 1
    assert _problem_lines(result) == [message]


def test_an_unreadable_folder_is_a_problem(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    graph = graph_dir(tmp_path)
    hidden = graph / "more"
    hidden.mkdir()
    (hidden / "x.yaml").write_text("events: []\n")
    real_scandir = os.scandir

    def scandir(path: Any) -> Any:  # root reads any folder: make this one fail as for another user
        if Path(path).absolute() == hidden:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    result = run(tmp_path, "validate", "graph")
    assert result.exit_code == 1
    assert _problem_lines(result) == ["graph/more: cannot be read: permission denied"]


@pytest.mark.neo4j
def test_a_load_over_a_dataset_with_an_unreadable_file_writes_nothing(
    tmp_path: Path, neo4j_driver: Any, neo4j_env: dict[str, str]
) -> None:
    from ddgraph.neo4j_store import load, read_graph

    graph = graph_dir(tmp_path)
    load(neo4j_driver, to_property_graph(load_dataset(graph)))
    before = to_jsonl(read_graph(neo4j_driver))
    (graph / "persons.yaml").rename(graph / "persons.real")
    (graph / "persons.yaml").symlink_to(graph / "persons.gone")
    result = run(tmp_path, "load", "graph")
    assert result.exit_code == 1
    assert "graph/persons.yaml: cannot be read: a symbolic link to a missing file" in result.stderr
    assert to_jsonl(read_graph(neo4j_driver)) == before  # wei-fenghe was not deleted


# --------------------------------------------------------------- 12, 13. paths as given, control characters
def test_an_error_in_a_symlinked_file_names_the_link_and_the_fields_line(tmp_path: Path) -> None:
    graph = graph_dir(tmp_path)
    elsewhere = tmp_path / "elsewhere.yaml"
    (graph / "events.yaml").rename(elsewhere)
    text = elsewhere.read_text(encoding="utf-8").replace("    outcome: declined\n", "    outcome: maybe\n")
    elsewhere.write_text(text, encoding="utf-8")
    (graph / "events.yaml").symlink_to(elsewhere)
    result = run(tmp_path, "validate", "graph")
    assert result.exit_code == 1
    line = next(i for i, t in enumerate(text.splitlines(), 1) if "outcome: maybe" in t)
    assert _problem_lines(result)[0].startswith(f"graph/events.yaml:{line}: event call-declined: outcome:")


def test_control_characters_from_neo4j_are_escaped_in_tables_and_graphml() -> None:
    import networkx as nx

    from ddgraph.export import to_graphml
    from ddgraph.graph import Node, PropertyGraph
    from ddgraph.render import render_rows

    name = "Call \x1b[31mdeclined\x07"
    table = render_rows([{"name": name}], "table")
    assert "\x1b" not in table and "\\x1b[31mdeclined\\x07" in table
    assert "\x1b" not in render_rows([{"name": name}], "csv")
    g = PropertyGraph()
    g.add_node(Node("usa", ("Country",), {"id": "usa", "name": name, "aliases_en": [name], "sources": ["s"]}))
    back = nx.read_graphml(__import__("io").StringIO(to_graphml(g)))  # valid XML, networkx reads it
    assert back.nodes["usa"]["name"] == "Call \\x1b[31mdeclined\\x07"


# ------------------------------------------------------------------ item 9: one line, never "internal error"
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["channels", "USA", "usa", "--as-of", "2022-01-01"],
            "Error: 'USA' and 'usa' are the same country (usa); give two countries\n",
        ),
        (
            ["paths", "USA", "USA", "--as-of", "2022-01-01"],
            "Error: a pair needs two different countries, not 'USA' twice\n",
        ),
        (["timeline", "USA", "USA"], "Error: a pair needs two different countries, not 'USA' twice\n"),
        (
            ["report", "centrality", "--as-of", "0001-01-01", "--format", "html", "--out", "r"],
            "Error: every day of the report is before the data's first dated fact (2007-07-01): "
            "nothing to report\n",
        ),
        (
            ["report", "centrality", "--from", "0001", "--to", "9999", "--step", "1d", "--format", "json"],
            "Error: a series from 0001-01-01 to 9999-12-31 every 1d has 3,652,059 days; at most 10,000 "
            "(use a longer step or a shorter range)\n",
        ),
    ],
)
def test_hostile_arguments_get_one_line_and_exit_1(tmp_path: Path, args: list[str], message: str) -> None:
    graph_dir(tmp_path)
    result = run(tmp_path, *args, "--data-dir", "graph")
    assert (result.exit_code, result.output) == (1, message)
    assert not (tmp_path / "r").exists()  # nothing half-written


def test_a_series_up_to_the_last_representable_day_ends_there(tmp_path: Path) -> None:
    graph_dir(tmp_path)
    result = run(
        tmp_path,
        "report",
        "centrality",
        "--from",
        "9990",
        "--to",
        "9999",
        "--format",
        "csv",
        "--data-dir",
        "graph",
    )
    assert result.exit_code == 0, result.output
    days = {line.split(",")[0] for line in result.output.splitlines()[1:] if line[:1].isdigit()}
    assert min(days) == "9990-01-01" and max(days) == "9999-01-01" and len(days) == 10
