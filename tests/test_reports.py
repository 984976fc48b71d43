"""Tests of ddgraph.reports and the report command: files written, content, real-data report."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from ddgraph.analysis.centrality import pagerank
from ddgraph.channels import ChannelFilter
from ddgraph.cli import main
from ddgraph.examples import tiny_graph
from ddgraph.pages import page_data
from ddgraph.reports import (
    REPORT_FORMATS,
    ReportError,
    centrality_report,
    change_points,
    measure_over_time,
    plot_centrality_over_time,
    plot_channel_graph,
    plot_swimlanes,
    score_properties,
    write_report,
)
from ddgraph.views import channel_graph

DAYS = [dt.date(2022, 1, 1), dt.date(2023, 1, 1), dt.date(2024, 1, 1)]


def test_report_rows_and_progress() -> None:
    seen: list[tuple[int, int]] = []
    rep = centrality_report(tiny_graph(), DAYS, progress=lambda d, t: seen.append((d, t)))
    assert seen == [(1, 3), (2, 3), (3, 3)]
    assert rep.days == ["2022-01-01", "2023-01-01", "2024-01-01"]
    assert {r["node"] for r in rep.rows("countries")} == {"usa", "chn", "vnm"}
    assert [r["node"] for r in rep.rows("persons")] == ["austin", "dong"]
    assert len(rep.flat()) == 3 * 3 + 3 * 2
    assert score_properties(rep)["Country"]["usa"]["centrality_as_of"] == dt.date(2024, 1, 1)
    with pytest.raises(ReportError):
        centrality_report(tiny_graph(), [])


@pytest.mark.parametrize("fmt", REPORT_FORMATS)
def test_write_report(tmp_path: Path, fmt: str) -> None:
    G = tiny_graph()
    files = {p.name for p in write_report(centrality_report(G, DAYS), G, fmt, tmp_path)}
    expected = {
        "json": {"report.json"},
        "csv": {"centrality.csv"},
        "md": {
            "report.md",
            "graph.html",
            "timeline.html",
            "centrality_over_time.png",
            "channel_graph.png",
            "swimlanes.png",
        },
        "html": {"report.html", "graph.html", "timeline.html"},
    }[fmt]
    assert files == expected
    if fmt == "md":
        md = (tmp_path / "report.md").read_text()
        assert "![swimlanes](swimlanes.png)" in md and "| chn | China |" in md
        assert (tmp_path / "channel_graph.png").read_bytes()[:4] == b"\x89PNG"
    if fmt == "html":
        page = (tmp_path / "report.html").read_text()
        assert page.count("<svg") == 3 and "<script src=" not in page
        for name in ("graph.html", "timeline.html"):  # the pages: JS inlined, no CDN
            interactive = (tmp_path / name).read_text()
            assert "<script src=" not in interactive and "FORUM" in json.dumps(page_data(interactive))
            assert len(interactive.encode()) < 500_000
    if fmt == "json":
        assert json.loads((tmp_path / "report.json").read_text())["days"][-1] == "2024-01-01"
    if fmt == "csv":
        assert (tmp_path / "centrality.csv").read_text().splitlines()[0].startswith("date,graph,node,name,")
    with pytest.raises(ReportError):
        write_report(centrality_report(G, DAYS), G, "pdf", tmp_path)


def test_the_series_is_drawn_at_every_change_point_so_a_suspension_shows() -> None:
    G = tiny_graph()
    # sampled every 1 January, the hotline's suspension of 2022-08-05 .. 2023-11-15 falls between days
    no_forums = ChannelFilter(exclude_kinds={"multilateral_forum"})
    points = change_points(G, DAYS[0], DAYS[-1], no_forums)
    assert [d.isoformat() for d in points] == ["2022-01-01", "2022-08-05", "2023-06-01", "2023-11-15"]
    series = measure_over_time(G, points, "pagerank", no_forums)
    for c in ("usa", "chn", "vnm"):
        assert series[c] == [
            pytest.approx(pagerank(channel_graph(G, d, no_forums)).get(c, 0.0)) for d in points
        ]
    assert series["usa"][1] != pytest.approx(series["usa"][0])  # the suspension is in the series


def test_the_swimlanes_start_at_the_earliest_status_and_keep_whole_labels() -> None:
    G = tiny_graph()
    G.nodes["dtl"]["name"] = "A hotline whose name is much longer than the forty characters it was cut at"
    fig = plot_swimlanes(G, None, dt.date(2024, 1, 1))
    ax = fig.axes[0]
    assert dt.date.fromordinal(int(ax.get_xlim()[0])) == dt.date(2008, 1, 1)  # the DTL's first status
    assert "CHN–USA: A hotline whose name is much longer than the forty characters it was cut at" in [
        t.get_text() for t in ax.get_yticklabels()
    ]
    assert fig.legends and {"active", "suspended", "event: answered", "event: declined"} <= {
        t.get_text() for t in fig.legends[0].get_texts()
    }


def test_every_plot_of_the_report_has_a_legend() -> None:
    G = tiny_graph()
    rep = centrality_report(G, DAYS)
    points = change_points(G, DAYS[0], DAYS[-1])
    day = centrality_report(G, DAYS[-1:])
    figures = {
        "series": plot_centrality_over_time(
            rep, series=(points, measure_over_time(G, points, "betweenness"))
        ),
        "one day": plot_centrality_over_time(day),
        "graph": plot_channel_graph(channel_graph(G, DAYS[-1]), {"usa": 0.5}),
        "swimlanes": plot_swimlanes(G, None, DAYS[-1]),
    }
    for name, fig in figures.items():
        legends = fig.legends + [ax.get_legend() for ax in fig.axes if ax.get_legend() is not None]
        assert legends and all(t.get_text() for lg in legends for t in lg.get_texts()), name
    assert "at every change point" in figures["series"].axes[0].get_title()


@pytest.fixture(scope="module")
def real() -> nx.MultiDiGraph:
    from ddgraph.dataset import load_dataset
    from ddgraph.graph import to_property_graph
    from ddgraph.views import base_graph

    return base_graph(to_property_graph(load_dataset("graph")))


def test_real_centrality_report_2024_07_28(real: nx.MultiDiGraph, tmp_path: Path) -> None:
    # With every forum the United States brokers most; China, India, Russia and Pakistan broker alike,
    # as the SCO members that link Central Asia to the rest.
    everything = centrality_report(real, [dt.date(2024, 7, 28)])
    rows = everything.rows("countries")
    assert rows[0]["node"] == "usa" and rows[0]["betweenness"] > 0
    sco = {r["node"]: r["betweenness"] for r in rows if r["node"] in ("chn", "ind", "rus", "pak")}
    assert len(set(map(round, [v * 1e9 for v in sco.values()]))) == 1 and min(sco.values()) > 0
    usa = next(r for r in rows if r["node"] == "usa")
    assert usa["partners"] > 30 and usa["channels"] > 50
    # Without multilateral forums: the United States, then China, then India.
    rep = centrality_report(real, [dt.date(2024, 7, 28)], ChannelFilter(exclude_kinds={"multilateral_forum"}))
    top = [r["node"] for r in rep.rows("countries")[:3]]
    assert top == ["usa", "chn", "ind"]
    b = [r["betweenness"] for r in rep.rows("countries")[:3]]
    assert b[0] > b[1] > b[2] > 0
    assert rep.rows("persons")[0]["betweenness"] > 0
    assert not rep.sampling
    files = {
        p.name
        for p in write_report(
            rep, real, "html", tmp_path, ChannelFilter(exclude_kinds={"multilateral_forum"})
        )
    }
    assert files == {"report.html", "graph.html", "timeline.html"}
    page = (tmp_path / "report.html").read_text()
    assert "Filters: multilateral forum channels left out" in page and "&#x27;possible&#x27; mode" in page
    for name in ("graph.html", "timeline.html"):  # the report's filter, in the same words
        assert "Filters: multilateral forum channels left out." in (tmp_path / name).read_text()


def test_report_cli(real: nx.MultiDiGraph, tmp_path: Path) -> None:
    r = CliRunner().invoke(
        main,
        [
            "report",
            "centrality",
            "--as-of",
            "2024-07-28",
            "--format",
            "csv",
            "--top",
            "3",
            "--exclude-kind",
            "multilateral_forum",
        ],
    )
    assert r.exit_code == 0, r.output
    lines = r.output.splitlines()
    assert lines[0] == "date,node,name,partners,channels,betweenness,pagerank,constraint,effective_size"
    assert [line.split(",")[1] for line in lines[1:4]] == ["usa", "chn", "ind"]
    r = CliRunner().invoke(
        main,
        [
            "report",
            "centrality",
            "--from",
            "2022",
            "--to",
            "2024",
            "--step",
            "1y",
            "--format",
            "md",
            "--out",
            str(tmp_path),
        ],
    )
    assert r.exit_code == 0, r.output
    assert (tmp_path / "report.md").exists()
    r = CliRunner().invoke(main, ["report", "centrality", "--as-of", "2024-13-01"])
    assert r.exit_code == 1
    assert r.output.strip().splitlines()[-1] == (
        "Error: bad --as-of '2024-13-01': use ISO 8601 / EDTF, e.g. 2024-03-31, 2024-03 or 2024"
    )


def test_markdown_report_escapes_hostile_names_as_the_html_does(tmp_path: Path) -> None:
    # issue 13 item 18: a country named with a script and an image tag reached report.md raw
    graph = tmp_path / "g"
    shutil.copytree(Path(__file__).parent / "broken" / "_base", graph)
    hostile = '<script>alert(1)</script><img src=x onerror="alert(2)"> [click](javascript:x) | *'
    countries = graph / "countries.yaml"
    text = countries.read_text(encoding="utf-8")
    countries.write_text(text.replace("en: China,", f"en: {json.dumps(hostile)},"), encoding="utf-8")
    out = tmp_path / "r"
    for fmt in ("md", "html"):
        result = CliRunner().invoke(
            main,
            ["report", "centrality", "--data-dir", str(graph), "--as-of", "2022-01-01"]
            + ["--format", fmt, "--out", str(out)],
        )
        assert result.exit_code == 0, result.output
    md = (out / "report.md").read_text(encoding="utf-8")
    page = (out / "report.html").read_text(encoding="utf-8")
    for raw in ("<script>", "<img", 'onerror="', "](javascript:"):
        assert raw not in md and raw not in page.split("<body>")[1].split("<svg")[0]
    row = next(line for line in md.splitlines() if line.startswith("| chn |"))
    assert row.startswith(
        "| chn | &lt;script&gt;alert\\(1\\)&lt;/script&gt;&lt;img src=x onerror=&quot;alert\\(2\\)&quot;&gt; "
        "\\[click\\]\\(javascript:x\\) \\| \\* |"
    )
    header = md.splitlines()[md.splitlines().index(row) - 2]
    assert len(re.split(r"(?<!\\)\|", row)) == len(header.split("|"))  # the name's "|" adds no cell
