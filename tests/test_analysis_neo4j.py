"""Every analysis command gives the same output on the files and on the graph read back from Neo4j."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from ddgraph.cli import main

pytestmark = pytest.mark.neo4j

COMMANDS = [
    ["channels", "USA", "CHN", "--as-of", "2022-09-01", "--format", "json"],
    ["channels", "USA", "CHN", "--as-of", "2024-03-31", "--format", "json", "--require-answered"],
    [
        "paths",
        "USA",
        "CHN",
        "--as-of",
        "2022-09-01",
        "--format",
        "json",
        "--criticality",
        "--fail",
        "usa-chn-dtl",
    ],
    ["timeline", "USA", "CHN", "--format", "json"],
    ["timeline", "USA", "CHN", "--dark-periods", "--kind", "military_talks", "--format", "json"],
    ["report", "centrality", "--as-of", "2024-07-28", "--format", "json"],
    ["report", "centrality", "--from", "2022", "--to", "2025", "--step", "1y", "--format", "csv"],
]


def test_files_and_neo4j_give_identical_results(neo4j_driver, neo4j_server, neo4j_env) -> None:  # type: ignore[no-untyped-def]
    from ddgraph import neo4j_store
    from ddgraph.dataset import load_dataset
    from ddgraph.graph import to_property_graph

    pg = to_property_graph(load_dataset("graph"))
    neo4j_store.load(neo4j_driver, pg, neo4j_server.database)
    runner = CliRunner()
    for args in COMMANDS:
        files = runner.invoke(main, args)
        db = runner.invoke(main, [*args, "--neo4j"])
        assert files.exit_code == 0, files.output
        assert db.exit_code == 0, db.output
        assert db.output == files.output, args
