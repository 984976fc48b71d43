"""The main job (`ddgraph run`) on the embedded dataset: the answers the README's quick start promises."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from ddgraph.cli import main
from ddgraph.pipeline import run_main_job

GRAPH = Path(__file__).parent.parent / "graph"


@pytest.fixture(scope="module")
def job(tmp_path_factory: pytest.TempPathFactory):
    return run_main_job(GRAPH, tmp_path_factory.mktemp("out"))


def status(rows, mechanism):
    return next(r["status"] for r in rows if r["mechanism"] == mechanism)


def test_without_a_password_it_runs_on_the_embedded_dataset(job) -> None:
    assert job.backend == "embedded"
    assert "embedded dataset" in job.neo4j_note


def test_military_channels_were_suspended_on_2022_09_01_and_partly_back_on_2024_03_31(job) -> None:
    before, after = job.channels["2022-09-01"], job.channels["2024-03-31"]
    for mech in ("usa-chn-dpct", "usa-chn-mmca", "usa-chn-theater-commanders", "usa-chn-high-level-mil-mil"):
        assert status(before, mech) == "suspended"
    assert status(after, "usa-chn-dpct") == "resumed"
    assert status(after, "usa-chn-high-level-mil-mil") == "resumed"
    assert status(after, "usa-chn-mmca") == "agreed"  # agreed at Woodside; the talks came back on 2024-04-03
    assert status(after, "usa-chn-theater-commanders") == "agreed"


def test_the_dark_period_after_pelosis_visit_and_its_end(job) -> None:
    # the military talks were cut on 2022-08-05, but the defense ministers' channel stayed open (Austin
    # and Wei met on 2022-11-22) until China declined the call of 2023-02-04
    dark = [(d["start"], d["end"], d["duration_days"]) for d in job.dark_periods]
    assert ("2023-02-04", "2023-12-21", 320) in dark


def test_routes_that_remained_without_any_direct_channel(job) -> None:
    # every direct channel cut: Track 1 routes through third countries, two hops, remain
    assert job.routes and all(r["hops"] == 2 for r in job.routes)
    assert all(r["countries"][0] == "usa" and r["countries"][-1] == "chn" for r in job.routes)
    assert {"usa-chn-dtl", "usa-chn-leaders-hotline"} <= set(job.failed_for_routes)


def test_the_report_is_written(job) -> None:
    names = sorted(p.name for p in job.report_files)
    assert names == [
        "centrality_over_time.png",
        "channel_graph.png",
        "graph.html",
        "report.html",
        "report.md",
        "swimlanes.png",
        "timeline.html",
    ]
    md = (job.report_files[0].parent / "report.md").read_text(encoding="utf-8")
    assert "2024-07-28" in md
    assert "Filters: multilateral forum channels left out" in md  # why Australia shows 0 channels
    for name in ("report.html", "graph.html", "timeline.html"):  # every page says it, in the same words
        page = (job.report_files[0].parent / name).read_text(encoding="utf-8")
        assert "Filters: multilateral forum channels left out" in page, name
        assert "possible" in page, name  # the reading of imprecise dates


def test_the_command_prints_the_answers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEO4J_PASSWORD", raising=False)
    result = CliRunner(env={"COLUMNS": "160"}).invoke(main, ["run", str(GRAPH), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "analyses on: embedded" in result.stdout
    assert "USA-CHN channels on 2022-09-01" in result.stdout
    assert "2023-02-04 │ 2023-12-21 │ 320" in result.stdout


@pytest.mark.neo4j
def test_with_neo4j_up_it_loads_and_analyses_what_the_database_holds(
    neo4j_driver, neo4j_server, tmp_path: Path
) -> None:
    settings = {
        "uri": neo4j_server.uri,
        "user": neo4j_server.user,
        "password": neo4j_server.password,
        "database": neo4j_server.database,
    }
    first = run_main_job(GRAPH, tmp_path, neo4j=settings)
    assert first.backend.startswith("neo4j")
    assert first.load_summary is not None and not first.load_summary.startswith("0 changes")
    second = run_main_job(GRAPH, tmp_path, neo4j=settings)
    assert second.load_summary is not None and second.load_summary.startswith("0 changes")
    embedded = run_main_job(GRAPH, tmp_path / "embedded")
    assert (second.channels, second.dark_periods, second.routes) == (
        embedded.channels,
        embedded.dark_periods,
        embedded.routes,
    )


def test_an_unreachable_neo4j_with_a_password_is_an_error_not_a_fallback(tmp_path: Path) -> None:
    env = {"NEO4J_URI": "bolt://127.0.0.1:1", "NEO4J_PASSWORD": "not-the-password"}
    result = CliRunner().invoke(main, ["run", str(GRAPH), "--out", str(tmp_path)], env=env)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == "Error: cannot reach Neo4j at bolt://127.0.0.1:1 (is the server running?)\n"
    assert not (tmp_path / "report.html").exists()


def test_embedded_asks_for_the_files_even_with_a_password(tmp_path: Path) -> None:
    env = {"NEO4J_URI": "bolt://127.0.0.1:1", "NEO4J_PASSWORD": "not-the-password"}
    result = CliRunner().invoke(main, ["run", "--embedded", str(GRAPH), "--out", str(tmp_path)], env=env)
    assert result.exit_code == 0, result.output
    assert "analyses on: embedded" in result.stdout
    assert "not-the-password" not in result.output
