"""`ddgraph report centrality --write-back` stores the scores on the nodes in Neo4j for the Browser."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from ddgraph import neo4j_store
from ddgraph.cli import main
from ddgraph.dataset import load_dataset
from ddgraph.graph import to_property_graph

GRAPH = Path(__file__).parent.parent / "graph"

pytestmark = pytest.mark.neo4j


def written_counts(driver: Any) -> tuple[int, int]:
    with driver.session() as s:
        return tuple(  # type: ignore[return-value]
            s.run(
                "MATCH (n:$($label)) WHERE n.centrality_as_of IS NOT NULL RETURN count(n) AS c", label=label
            ).single()["c"]
            for label in ("Country", "Person")
        )


def test_write_back_sets_centrality_properties_on_countries_and_persons(neo4j_driver, neo4j_server) -> None:
    neo4j_store.load(neo4j_driver, to_property_graph(load_dataset(GRAPH)), neo4j_server.database)
    result = CliRunner().invoke(
        main,
        [
            "report",
            "centrality",
            "--as-of",
            "2024-07-28",
            "--neo4j",
            "--write-back",
            "--format",
            "json",
            "--exclude-kind",
            "multilateral_forum",
        ],
        env=neo4j_server.env(),
    )
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()  # what it wrote, on stderr (stdout is the JSON report)
    counts = written_counts(neo4j_driver)
    assert len(lines) == 2 and min(counts) > 0
    for line, label, n in zip(lines, ("Country", "Person"), counts, strict=True):
        assert line.startswith("wrote centrality_as_of, centrality_betweenness, ")
        assert line.endswith(f" to {n} {label} nodes in Neo4j")
    with neo4j_driver.session(database=neo4j_server.database) as s:
        usa = s.run(
            "MATCH (c:Country {id: 'usa'}) RETURN c.centrality_betweenness AS b, c.centrality_as_of AS day"
        ).single()
        austin = s.run("MATCH (p:Person {id: 'lloyd-austin'}) RETURN p.centrality_pagerank AS pr").single()
    assert usa["day"].to_native() == dt.date(2024, 7, 28)  # a DATE, as the files' dates
    # the score written is the report's own score for that day
    from ddgraph.backend import open_graph
    from ddgraph.channels import ChannelFilter
    from ddgraph.reports import centrality_report

    rep = centrality_report(
        open_graph(GRAPH), [dt.date(2024, 7, 28)], ChannelFilter(exclude_kinds={"multilateral_forum"})
    )
    expected = next(r["betweenness"] for r in rep.rows("countries") if r["node"] == "usa")
    assert usa["b"] == pytest.approx(expected) and expected > 0
    assert austin["pr"] > 0


def test_write_back_refuses_an_unknown_label(neo4j_driver, neo4j_server) -> None:
    with pytest.raises(neo4j_store.StoreError, match="unknown node label"):
        neo4j_store.write_node_properties(neo4j_driver, "Secret", {"x": {"a": 1}}, neo4j_server.database)
