"""Exports: JSONL in APOC's line format that reads back identically, GraphML, neo4j-admin CSV."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from ddgraph.cli import main
from ddgraph.dataset import load_dataset
from ddgraph.export import read_jsonl, to_graphml, to_jsonl, write_csv
from ddgraph.graph import to_property_graph

BASE = Path(__file__).parent / "broken" / "_base"


@pytest.fixture()
def graph():
    return to_property_graph(load_dataset(BASE))


def test_jsonl_lines_follow_apoc_export_json(graph) -> None:
    rows = [json.loads(line) for line in to_jsonl(graph).splitlines()]
    node = next(r for r in rows if r["type"] == "node" and r["id"] == "usa-chn-dtl")
    assert node["labels"] == ["Mechanism", "Hotline"]
    assert node["properties"]["track"] == "1"
    rel = next(r for r in rows if r["type"] == "relationship" and r["label"] == "REFUSED")
    assert rel["start"] == {"id": "wei-fenghe", "labels": ["Person"]}
    assert rel["end"] == {"id": "call-declined", "labels": ["Event", "Call"]}
    assert rel["properties"]["date"] == "2023-02-01"
    assert rel["properties"]["date_latest"] == "2023-02-28"
    assert rel["properties"]["date_edtf"] == "2023-02"
    assert rel["properties"]["date_precision"] == "month"


def test_every_node_and_relationship_has_sources(graph) -> None:
    rows = [json.loads(line) for line in to_jsonl(graph).splitlines()]
    assert rows and all(r["properties"]["sources"] for r in rows)


def test_status_history_becomes_dated_status_nodes(graph) -> None:
    status = graph.nodes["usa-chn-dtl--active--2007-41"]
    assert status.props["status"] == "active"
    assert status.props["from"] == "2007-07-01" and status.props["from_edtf"] == "2007-41"
    assert status.props["evidence_quotes"] == ["vào cuối năm 2007"]


def test_jsonl_reads_back_to_the_same_graph(graph) -> None:
    assert read_jsonl(to_jsonl(graph)) == graph


def test_graphml_is_readable_by_networkx(graph, tmp_path: Path) -> None:
    path = tmp_path / "g.graphml"
    path.write_text(to_graphml(graph), encoding="utf-8")
    G = nx.read_graphml(path)
    assert G.number_of_nodes() == len(graph.nodes)
    assert G.number_of_edges() == len(graph.relationships)
    assert json.loads(G.nodes["usa"]["sources"]) == ["seed-tiny"]


def test_csv_files_carry_neo4j_admin_headers(graph, tmp_path: Path) -> None:
    write_csv(graph, tmp_path)
    header = (tmp_path / "nodes_Person.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("id:ID,:LABEL,")
    assert "sources:string[]" in header
    rels = (tmp_path / "rels_HOLDS_OFFICE.csv").read_text(encoding="utf-8").splitlines()
    assert rels[0].startswith(":START_ID,:END_ID,:TYPE,id:string")
    assert "from:date" in rels[0] and "to:date" in rels[0]
    assert "neo4j-admin database import full" in (tmp_path / "import.sh").read_text()


def test_export_command_writes_jsonl_atomically(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(BASE, tmp_path / "graph")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["export", "--format", "jsonl", "-o", "out.jsonl"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out.jsonl").read_text(encoding="utf-8") == to_jsonl(
        to_property_graph(load_dataset(tmp_path / "graph"))
    )
    assert not list(tmp_path.glob("*.tmp"))


def test_export_of_an_invalid_dataset_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(BASE, tmp_path / "graph")
    (tmp_path / "graph" / "events.yaml").write_text("events: [", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["export", "-o", "out.jsonl"])
    assert result.exit_code == 1
    assert not (tmp_path / "out.jsonl").exists()
