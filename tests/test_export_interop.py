"""The channel-graph exports (GEXF with intervals, GraphML) and the data package, read by their consumers.

networkx reads the GEXF and GraphML back with every spell; the Frictionless library validates the
data package (types, primary and foreign keys) and pandas reads its tables with real dates.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from ddgraph import load_dataset
from ddgraph.cli import main
from ddgraph.datapackage import TABLES, write_datapackage
from ddgraph.graph import to_property_graph
from ddgraph.projection import channel_projection, write_gexf_text, write_graphml_text
from ddgraph.views import base_graph, channel_graph

GRAPH = Path(__file__).parent.parent / "graph"


@pytest.fixture(scope="module")
def dataset():  # type: ignore[no-untyped-def]
    return load_dataset(GRAPH)


@pytest.fixture(scope="module")
def projection(dataset):  # type: ignore[no-untyped-def]
    return channel_projection(base_graph(to_property_graph(dataset)), officials=True)


def test_gexf_read_by_networkx_keeps_every_channel_spell(projection: nx.MultiGraph) -> None:
    text = write_gexf_text(projection)
    assert 'mode="dynamic"' in text and 'timeformat="date"' in text
    back = nx.read_gexf(io.StringIO(text))
    assert back.number_of_nodes() == projection.number_of_nodes()
    assert back.number_of_edges() == projection.number_of_edges()
    for u, v, key, data in projection.edges(keys=True, data=True):
        if data.get("kind") in ("citizen_of",):
            continue
        read = back.get_edge_data(u, v)
        match = [d for d in read.values() if d.get("id") == (key if ":" in key else f"{key}:{u}-{v}")]
        assert len(match) == 1, (u, v, key)
        spells = [(s, None if e == "None" else e) for s, e in match[0]["spells"]]
        assert spells == [tuple(s) for s in data["spells"]]


def test_the_suspended_us_china_talks_are_two_spells_in_gephi_timeline(projection: nx.MultiGraph) -> None:
    dpct = projection.get_edge_data("chn", "usa")["usa-chn-dpct"]
    starts = [s for s, _ in dpct["spells"]]
    ends = [e for _, e in dpct["spells"]]
    assert len(dpct["spells"]) >= 2  # open, cut on 5 Aug 2022, open again
    assert "2022-08-04" in ends and any(s >= "2023-11-15" for s in starts)
    assert ("suspended", "2022-08-05") in {(st, s) for st, s, _ in dpct["status"]}


def test_a_spell_is_the_days_the_as_of_view_shows_the_channel(dataset, projection: nx.MultiGraph) -> None:  # type: ignore[no-untyped-def]
    G = base_graph(to_property_graph(dataset))
    for day in ("2019-06-01", "2022-09-01", "2024-03-31"):
        CG = channel_graph(G, day)
        shown = set(CG.get_edge_data("usa", "chn") or {})
        spelled = {
            k
            for k, d in (projection.get_edge_data("chn", "usa") or {}).items()
            if any(s <= day and (e is None or day <= e) for s, e in d.get("spells", ()))
        }
        assert spelled == shown, day


def test_graphml_of_the_channel_view_is_read_by_networkx(projection: nx.MultiGraph) -> None:
    back = nx.read_graphml(io.StringIO(write_graphml_text(projection)))
    assert back.number_of_edges() == projection.number_of_edges()
    one = next(d for _, _, d in back.edges(data=True) if d.get("mechanism") == "usa-chn-dtl")
    assert json.loads(one["spells"])


def test_export_command_writes_gexf_and_refuses_a_view_the_format_cannot_hold(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(GRAPH.parent)
    out = tmp_path / "channels.gexf"
    ok = CliRunner().invoke(main, ["export", "--format", "gexf", "-o", str(out)])
    assert ok.exit_code == 0 and nx.read_gexf(out).number_of_edges() > 0
    bad = CliRunner().invoke(main, ["export", "--format", "jsonl", "--view", "channels"])
    assert bad.exit_code == 1
    assert bad.stderr == "Error: the channels view is written as gexf or graphml, not jsonl\n"


def test_the_data_package_validates_with_frictionless(dataset, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from frictionless import validate

    write_datapackage(dataset, tmp_path)
    report = validate(tmp_path / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]
    assert sorted(p.name for p in tmp_path.glob("*.csv")) == sorted(f"{t.name}.csv" for t in TABLES)
    assert "## Status changes (`status_changes.csv`)" in (tmp_path / "DATA_DICTIONARY.md").read_text()


def test_frictionless_catches_a_broken_reference_in_the_package(dataset, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from frictionless import validate

    write_datapackage(dataset, tmp_path)
    path = tmp_path / "status_changes.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[1] = "no-such-mechanism" + lines[1][lines[1].index(",") :]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = validate(tmp_path / "datapackage.json")
    assert not report.valid
    assert "foreign-key" in {row[0] for row in report.flatten(["type"])}


def test_pandas_reads_the_tables_with_real_dates(dataset, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import pandas as pd

    write_datapackage(dataset, tmp_path)
    status = pd.read_csv(
        tmp_path / "status_changes.csv",
        parse_dates=["date_earliest", "date_latest"],
        keep_default_na=False,
        na_values=[""],
    )
    assert str(status["date_earliest"].dtype).startswith("datetime64")
    dtl = status[status["mechanism"] == "usa-chn-dtl"]
    assert list(dtl["status"])[:2] == ["agreed", "active"]
    assert len(status) == sum(len(mech.status) for mech in dataset.mechanisms.values())
