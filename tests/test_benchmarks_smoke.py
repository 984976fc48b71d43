"""The benchmarks run at tiny sizes so that they cannot rot. No timing is asserted here."""

from __future__ import annotations

import importlib.util
import json
import math
import sys
from pathlib import Path
from typing import Any

import pytest

RUN = Path(__file__).resolve().parents[1] / "benchmarks" / "run.py"
KEYS = {"name", "value", "baseline", "ratio", "target", "met"}


@pytest.fixture(scope="module")
def bench() -> Any:
    spec = importlib.util.spec_from_file_location("ddgraph_benchmarks_run", RUN)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def ctx(bench: Any, tmp_path_factory: pytest.TempPathFactory) -> Any:
    return bench.Context("tiny", bench.SIZES["tiny"], tmp_path_factory.mktemp("bench"))


@pytest.mark.parametrize(
    "workload", ["validate", "validate_bulk", "as_of", "timeline", "betweenness", "centrality", "paths"]
)
def test_workload_runs_and_reports(bench: Any, ctx: Any, workload: str) -> None:
    results = bench.WORKLOADS[workload](ctx)
    assert results
    for r in results:
        row = r.as_json()
        assert KEYS <= set(row)
        # a target is met or not; a figure kept as context says so in its target
        assert isinstance(row["met"], bool) or (row["met"] is None and row["target"].startswith("context"))
        assert row["target"] and row["note"]
        assert math.isfinite(row["value"])


def test_correctness_checks_hold_at_tiny_size(bench: Any, ctx: Any) -> None:
    """The equality parts of the targets (not the speed parts) must hold at any size."""
    random_tl, dense_tl = bench.bench_timeline(ctx)
    assert "equal at every point: True" in random_tl.note and "equal at every point: True" in dense_tl.note
    exact, sampled = bench.bench_betweenness(ctx)
    assert "max |difference| = " in exact.note and float(exact.note.rsplit("= ", 1)[1]) <= 1e-9
    assert sampled.value <= 1.2 < sampled.baseline  # the seeded sampler passes, the hub-biased one fails


def test_the_incremental_sweep_baseline_is_right(bench: Any) -> None:
    """The peer the timeline is measured against answers as the networkx snapshots do."""
    from oracles import rebuild_timeline

    edges = bench.interval_edges(400, countries=30, seed=1, days=300)
    assert bench.incremental_sweep(edges, 0, 1) == rebuild_timeline(edges, 0, 1)


def test_markdown_and_json(bench: Any, ctx: Any, tmp_path: Path) -> None:
    results = bench.bench_timeline(ctx)
    out = tmp_path / "RESULTS.md"
    bench.write_markdown(out, results, ctx, ["--only", "timeline"], 1.0)
    text = out.read_text()
    assert "## Machine" in text and "cores:" in text and "timeline_dense_vs_incremental_sweep" in text
    rows = json.loads(json.dumps([r.as_json() for r in results]))
    assert [r["name"] for r in rows] == [
        "timeline_random_vs_incremental_sweep",
        "timeline_dense_vs_incremental_sweep",
    ]


@pytest.mark.neo4j
def test_neo4j_workload(bench: Any, ctx: Any, neo4j_driver: Any, neo4j_server: Any) -> None:
    results = bench.bench_neo4j(
        ctx, driver=neo4j_driver, database=neo4j_server.database, env=neo4j_server.env()
    )
    assert [r.name for r in results] == [
        "neo4j_load_vs_naive",
        "neo4j_load_vs_unwind_create",
        "neo4j_reload_unchanged",
        "neo4j_reload_one_edit",
        "cli_reload_unchanged",
        "cli_reload_one_edit",
    ]
    assert all(math.isfinite(r.value) for r in results)
