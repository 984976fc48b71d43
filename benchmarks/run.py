"""ddgraph benchmarks: every workload against its baseline, in the same run.

Usage::

    python benchmarks/run.py                 # full sizes; writes benchmarks/RESULTS.md
    python benchmarks/run.py --quick --json  # about a minute; prints a JSON list, writes nothing
    python benchmarks/run.py --only validate,betweenness

Each figure is the median of several repetitions. In-process workloads are timed in CPU time of this
process (``time.process_time``): the machine is shared and CPU time is what the code costs; the Neo4j
workloads are timed in wall-clock time (the work happens in the server). A baseline that would take
minutes (networkx betweenness, a networkx snapshot per change point, one Neo4j transaction per row) is
measured on a sample and extrapolated linearly; the sample is stated next to the figure.

Every result is ``{"name", "value", "baseline", "ratio", "target", "met"}`` plus ``unit`` and ``note``;
``ratio`` is always "how many times better than the baseline" (baseline cost / our cost), so a ratio
target reads ``ratio >= target``; an absolute target (per-edge time, records/s, bytes) applies to
``value`` and says so in ``target``.

Neo4j workloads run against the server of ``NEO4J_URI``/``NEO4J_PASSWORD`` (default
``bolt://127.0.0.1:7688``, a separate ``scripts/neo4j-local`` started with ``DDGRAPH_NEO4J_HOME=
/tmp/neo4j-bench NEO4J_BOLT_PORT=7688``); they are skipped when it cannot be reached. The benchmark
WIPES that database.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import math
import os
import platform
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx
import yaml

from ddgraph.analysis import centrality, connectivity, paths, timeline
from ddgraph.channels import DatedGraph, channel_index
from ddgraph.dataset import _LIST_ADAPTERS as LIST_ADAPTERS
from ddgraph.dataset import check_dataset, graph_files, load_dataset
from ddgraph.graph import DATE_KEYS, to_property_graph
from ddgraph.synth import SynthConfig, channel_property_graph, write_synthetic
from ddgraph.views import base_graph, channel_graph
from ddgraph.yamlfile import read_records

HERE = Path(__file__).resolve().parent

#: Workload sizes per mode. "tiny" is for the smoke test (seconds), "quick" about a minute.
SIZES: dict[str, dict[str, Any]] = {
    "tiny": dict(
        reps=1,
        bc_reps=1,
        synth_scale=0.002,
        asof_mechanisms=300,
        asof_countries=200,
        index_memory=True,
        timeline_edges=2_000,
        timeline_sample=5,
        bc_nodes=200,
        bc_edges=1_000,
        bc_nx_pivots=20,
        bc_sampled_nodes=300,
        bc_sampled_edges=1_500,
        bc_sample_above=1_000,
        path_edges=2_000,
        neo4j_scale=0.002,
        neo4j_naive_sample=50,
        neo4j_reps=1,
    ),
    "quick": dict(
        reps=3,
        bc_reps=1,
        synth_scale=0.01,
        asof_mechanisms=6_000,
        asof_countries=50,
        index_memory=False,
        timeline_edges=100_000,
        timeline_sample=10,
        bc_nodes=5_000,
        bc_edges=50_000,
        bc_nx_pivots=50,
        bc_sampled_nodes=4_000,
        bc_sampled_edges=20_000,
        bc_sample_above=10_000,
        path_edges=50_000,
        neo4j_scale=0.01,
        neo4j_naive_sample=200,
        neo4j_reps=5,
    ),
    "full": dict(
        reps=3,
        bc_reps=3,
        synth_scale=0.2,
        asof_mechanisms=118_000,
        asof_countries=200,
        index_memory=False,
        timeline_edges=100_000,
        timeline_sample=30,
        bc_nodes=5_000,
        bc_edges=50_000,
        bc_nx_pivots=None,
        bc_sampled_nodes=15_000,
        bc_sampled_edges=110_000,
        bc_sample_above=None,
        path_edges=50_000,
        neo4j_scale=0.1,
        neo4j_naive_sample=300,
        neo4j_reps=3,
    ),
}


@dataclass
class Result:
    name: str
    value: float
    baseline: float | None
    ratio: float | None
    target: str
    met: bool
    unit: str = ""
    note: str = ""

    def as_json(self) -> dict[str, Any]:
        return {k: (round(v, 6) if isinstance(v, float) else v) for k, v in asdict(self).items()}


@dataclass
class Context:
    mode: str
    size: dict[str, Any]
    workdir: Path
    commands: list[str] = field(default_factory=list)
    log: Callable[[str], None] = lambda msg: None


def median_time(fn: Callable[[], Any], reps: int, clock: Callable[[], float] = time.process_time) -> float:
    """Median duration of ``reps`` calls of ``fn`` (a collection before each, none during)."""
    times = []
    for _ in range(max(1, reps)):
        gc.collect()
        t0 = clock()
        fn()
        times.append(clock() - t0)
    return statistics.median(times)


# ------------------------------------------------------------------------------------------ validate
def bench_validate(ctx: Context) -> list[Result]:
    """``check_dataset`` (what ``ddgraph validate`` runs: parse + validate + cross-check) vs
    ``yaml.load(CSafeLoader)`` of the same files; for scale, the pydantic model validation alone."""
    out = ctx.workdir / "validate"
    if not out.exists():
        write_synthetic(out, SynthConfig(seed=1, scale=ctx.size["synth_scale"]))
        ctx.commands.append(f"ddgraph synth {out} --seed 1 --scale {ctx.size['synth_scale']}")
    files = graph_files(out)
    records = len(load_dataset(out))
    size_mb = sum(p.stat().st_size for p in files) / 1e6

    def csafe() -> None:
        for p in files:
            yaml.load(p.read_bytes().decode("utf-8-sig"), Loader=yaml.CSafeLoader)  # noqa: S506

    def csafe_no_gc() -> None:
        gc.disable()
        try:
            csafe()
        finally:
            gc.enable()

    parsed = [read_records(p) for p in files]

    def models_only() -> None:
        for doc in parsed:
            for kind, items, _lines in doc or ():
                LIST_ADAPTERS[kind].validate_python(items)

    reps = ctx.size["reps"]
    ours = median_time(lambda: check_dataset(out), reps)
    base = median_time(csafe, reps)
    base_no_gc = median_time(csafe_no_gc, reps)
    models = median_time(models_only, reps)
    rate, base_rate = records / ours, records / base
    what = f"{records} records, {len(files)} files, {size_mb:.1f} MB of YAML"
    ctx.log(f"validate: {what}: ours {ours:.3f}s, CSafeLoader {base:.3f}s (no GC {base_no_gc:.3f}s)")
    return [
        Result(
            "validate_records_per_s",
            rate,
            base_rate,
            rate / base_rate,
            ">= 150000 records/s",
            rate >= 150_000,
            "records/s",
            f"{what}; baseline = yaml.load(CSafeLoader) alone, which itself reaches "
            f"{base_rate:,.0f} records/s on these files; the pydantic models alone, on records already "
            f"parsed, reach {records / models:,.0f} records/s",
        ),
        Result(
            "validate_vs_csafeloader",
            ours,
            base,
            base / ours,
            "<= 2x the CSafeLoader parse (ratio >= 0.5)",
            ours <= 2 * base,
            "s",
            f"{what}; CSafeLoader with the GC disabled: {base_no_gc:.3f}s (ratio {base_no_gc / ours:.2f})",
        ),
    ]


def bench_validate_bulk(ctx: Context) -> list[Result]:
    """``ddgraph validate`` over the bulk format (JSON Lines, the fast path) vs the YAML path, on the
    same synthetic records (``ddgraph synth --format jsonl``, the default record mix); and the fast
    path against orjson decoding of the same lines alone (a parse with no model and no check)."""
    import orjson

    from ddgraph import bulk

    scale = ctx.size["synth_scale"]
    out, yaml_out = ctx.workdir / "validate_bulk", ctx.workdir / "validate_bulk_yaml"
    if not out.exists():
        write_synthetic(out, SynthConfig(seed=1, scale=scale), "jsonl")
        ctx.commands.append(f"ddgraph synth {out} --seed 1 --scale {scale} --format jsonl")
    if not yaml_out.exists():
        write_synthetic(yaml_out, SynthConfig(seed=1, scale=scale))
    files = graph_files(out)
    counts = bulk.fast_check(out, files)
    assert counts is not None, "the fast path refused a valid synthetic dataset"
    records = sum(counts.values())
    size_mb = sum(p.stat().st_size for p in files) / 1e6

    def orjson_only() -> None:
        for p in files:
            for line in p.read_bytes().splitlines():
                orjson.loads(line)

    reps = ctx.size["reps"]
    ours = median_time(lambda: check_dataset(out), reps)
    via_yaml = median_time(lambda: check_dataset(yaml_out), reps)
    parse = median_time(orjson_only, reps)
    rate = records / ours
    load = os.getloadavg()[0]
    what = f"{records} records, {len(files)} files, {size_mb:.1f} MB of JSON Lines; load average {load:.1f}"
    ctx.log(f"validate_bulk: {what}: bulk {ours:.3f}s, YAML {via_yaml:.3f}s, orjson alone {parse:.3f}s")
    return [
        Result(
            "validate_bulk_records_per_s",
            rate,
            records / via_yaml,
            via_yaml / ours,
            ">= 150000 records/s",
            rate >= 150_000,
            "records/s",
            f"{what}; baseline = check_dataset of the same records as YAML; orjson.loads of every line "
            f"alone (no model, no check) reaches {records / parse:,.0f} records/s",
        ),
    ]


# ----------------------------------------------------------------------------------------- as-of view
def _vectorised_as_of(idx: dict[str, Any]) -> Callable[[dt.date], Any]:
    """A numpy as-of over flat arrays (the baseline to beat): open mechanisms and their members on a day."""
    import numpy as np

    big = dt.date.max.toordinal()
    mech_ids = list(idx)
    p_m, p_s, p_e, m_m, m_c, m_s, m_e = [], [], [], [], [], [], []
    countries: dict[str, int] = {}
    for i, ch in enumerate(idx.values()):
        for p in ch.periods:
            if p.status in ("active", "resumed"):
                p_m.append(i)
                p_s.append(p.start.toordinal())
                p_e.append(p.end.toordinal() if p.end else big)
        for c, ranges in ch.countries.items():
            ci = countries.setdefault(c, len(countries))
            for s, e in ranges:
                m_m.append(i)
                m_c.append(ci)
                m_s.append(s.toordinal() if s else 0)
                m_e.append(e.toordinal() if e else big)
    P = [np.array(a, dtype=np.int64) for a in (p_m, p_s, p_e)]
    M = [np.array(a, dtype=np.int64) for a in (m_m, m_c, m_s, m_e)]
    order = np.argsort(M[0], kind="stable")
    M = [a[order] for a in M]

    def as_of(day: dt.date) -> Any:
        d = day.toordinal()
        open_mech = np.zeros(len(mech_ids), dtype=bool)
        open_mech[P[0][(P[1] <= d) & (d < P[2])]] = True
        keep = open_mech[M[0]] & (M[2] <= d) & (d < M[3])
        mm, cc = M[0][keep], M[1][keep]
        # members are sorted by mechanism: pair each member with the next ones of the same mechanism
        pairs = []
        for shift in range(1, 8):
            same = mm[shift:] == mm[:-shift]
            pairs.append(np.stack([cc[:-shift][same], cc[shift:][same], mm[shift:][same]]))
        return np.concatenate(pairs, axis=1)

    return as_of


def bench_as_of(ctx: Context) -> list[Result]:
    """``views.channel_graph`` with a prebuilt ``channel_index`` at N dated edges, per edge."""
    # --quick keeps the full run's density (channels per pair of countries, which sets the bytes per
    # edge of a multigraph) with 1/20 of the mechanisms on 1/4 of the countries
    n_mech, n_countries = ctx.size["asof_mechanisms"], ctx.size["asof_countries"]
    pg = channel_property_graph(n_mech, countries=n_countries, seed=2)
    dated = sum(1 for r in pg.relationships.values() if r.type in ("PARTICIPATES_IN", "HAS_STATUS"))
    t0 = time.process_time()
    G = base_graph(pg)
    t_base = time.process_time() - t0
    t0 = time.process_time()
    dg = DatedGraph(G)
    idx = dg.index
    t_index = time.process_time() - t0
    days = [dt.date(2005, 6, 30), dt.date(2015, 1, 1), dt.date(2024, 12, 31)]
    it = iter(days * 100)
    ours = median_time(lambda: channel_graph(dg, next(it)), ctx.size["reps"])
    vec = _vectorised_as_of(idx)
    it2 = iter(days * 100)
    base = median_time(lambda: vec(next(it2)), ctx.size["reps"])
    per_edge = ours / dated * 1e6

    # memory of the view an analysis holds: the channel graph built for one day; per edge = what the
    # view costs beyond one of the same countries on a day before any channel (its fixed part)
    def view_peak(day: dt.date) -> tuple[int, int]:
        gc.collect()
        tracemalloc.start()
        view = channel_graph(dg, day)
        _, top = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return top, view.number_of_edges()

    peak_empty, empty_edges = view_peak(dt.date(1900, 1, 1))
    peak, cg_edges = view_peak(days[1])
    per_edge_bytes = (peak - peak_empty) / max(cg_edges - empty_edges, 1)
    peak_index = float("nan")
    if ctx.size["index_memory"]:  # tracemalloc slows the index build ~5x: only in tiny runs
        tracemalloc.start()
        channel_index(G)
        _, peak_index = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    del pg
    ctx.log(
        f"as-of: {dated} dated edges: base graph {t_base:.1f}s, index {t_index:.1f}s, "
        f"query {ours * 1e3:.1f} ms, numpy {base * 1e3:.1f} ms; view {cg_edges} edges, {peak / 1e6:.1f} MB"
    )
    return [
        Result(
            "as_of_us_per_dated_edge",
            per_edge,
            base / dated * 1e6,
            base / ours,
            "<= 1.5 us/edge",
            per_edge <= 1.5,
            "us/edge",
            f"{dated:,} dated edges ({n_mech:,} mechanisms, {n_countries} countries); "
            "channel_graph(DatedGraph(G), day); "
            f"the index costs {t_index:.1f}s once ({t_index / dated * 1e6:.1f} us/edge), the base graph "
            f"{t_base:.1f}s; baseline = a numpy as-of over flat arrays (benchmarks/run.py), "
            "which returns arrays, not a networkx graph",
        ),
        Result(
            "view_bytes_per_edge",
            per_edge_bytes,
            None,
            None,
            "< 300 bytes/edge (aim)",
            per_edge_bytes < 300,
            "bytes/edge",
            f"tracemalloc peak while building one day's channel graph ({cg_edges:,} edges, "
            f"{peak / 1e6:.1f} MB) minus that of a day with {empty_edges} edges ({peak_empty / 1e6:.2f} MB, "
            f"the countries alone), i.e. {per_edge_bytes:.0f} MB per million edges; all included: "
            f"{peak / max(cg_edges, 1):.0f} bytes/edge"
            + (
                f"; the channel index holds {peak_index / dated:.0f} B per dated edge"
                if math.isfinite(peak_index)
                else ""
            ),
        ),
    ]


# ------------------------------------------------------------------------------------------ timeline
def interval_edges(n: int, *, countries: int = 200, seed: int = 0) -> list[timeline.IntervalEdge]:
    """``n`` random interval edges between ``countries`` nodes over days 0..13000 (10% open-ended)."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        u, v = rng.sample(range(countries), 2)
        start = rng.randrange(13_000)
        end = None if rng.random() < 0.1 else start + rng.randint(1, 3_000)
        out.append(timeline.IntervalEdge(u, v, f"m{i}", start, end))
    return out


def bench_timeline(ctx: Context) -> list[Result]:
    """``connectivity_over_time`` at every change point vs a networkx snapshot rebuilt per point."""
    n = ctx.size["timeline_edges"]
    # a sparse graph (about 1.2 edges alive per node at a time) so connectivity actually changes
    edges = interval_edges(n, countries=max(50, n // 12), seed=3)
    a, b = 0, 1
    ours = median_time(lambda: timeline.connectivity_over_time(edges, a, b), ctx.size["reps"])
    tl = timeline.connectivity_over_time(edges, a, b)
    rng = random.Random(4)
    sample = rng.sample(tl.points, min(ctx.size["timeline_sample"], len(tl.points)))
    t0 = time.process_time()
    snaps = [timeline.snapshot_connectivity(edges, a, b, t) for t in sample]
    per_point = (time.process_time() - t0) / len(sample)
    equal = all(tl.at(t) == s for t, s in zip(sample, snaps, strict=True))
    naive = per_point * len(tl.points)
    ratio = naive / ours
    flips = sum(1 for x, y in zip(tl.connected, tl.connected[1:], strict=False) if x != y)
    ctx.log(
        f"timeline: {len(tl.points)} change points, ours {ours:.2f}s, snapshot {per_point * 1e3:.1f} ms/point"
    )
    return [
        Result(
            "timeline_vs_snapshots",
            ours,
            naive,
            ratio,
            ">= 1000x and equal at the sampled points",
            ratio >= 1000 and equal,
            "s",
            f"{n:,} interval edges, {len(tl.points):,} change points, {flips} connectivity flips; "
            f"baseline = timeline.snapshot_connectivity (networkx snapshot) at {len(sample)} sampled "
            f"points ({per_point * 1e3:.1f} ms/point) x every point; equal at the samples: {equal}",
        )
    ]


# --------------------------------------------------------------------------------------- betweenness
def _random_graph(n: int, m: int, seed: int) -> nx.Graph:
    return nx.gnm_random_graph(n, m, seed=seed)


def bench_betweenness(ctx: Context) -> list[Result]:
    """igraph betweenness (``analysis.centrality``) vs ``networkx.betweenness_centrality``."""
    n, m = ctx.size["bc_nodes"], ctx.size["bc_edges"]
    G = _random_graph(n, m, seed=5)
    ours_val = centrality.betweenness(G)
    ours = median_time(lambda: centrality.betweenness(G), ctx.size["bc_reps"])
    pivots = ctx.size["bc_nx_pivots"]
    if pivots is None or pivots >= n:
        t0 = time.process_time()
        ref = nx.betweenness_centrality(G)
        naive = time.process_time() - t0
        err = max(abs(ours_val[v] - ref[v]) for v in G)
        how = "networkx exact, measured in full"
    else:  # networkx is linear in the number of sources: time a sample of pivots, scale up
        t0 = time.process_time()
        nx.betweenness_centrality(G, k=pivots, seed=6)
        naive = (time.process_time() - t0) * n / pivots
        small = _random_graph(n // 10, m // 10, seed=7)  # equality checked exactly on a tenth-size graph
        ref_small, ours_small = nx.betweenness_centrality(small), centrality.betweenness(small)
        err = max(abs(ours_small[v] - ref_small[v]) for v in small)
        how = (
            f"networkx timed on {pivots} of {n} sources and extrapolated; equality checked in full on "
            f"a {n // 10}-node/{m // 10}-edge graph"
        )
    ratio = naive / ours
    results = [
        Result(
            "betweenness_exact",
            ours,
            naive,
            ratio,
            ">= 10x networkx, equal within 1e-9",
            ratio >= 10 and err <= 1e-9,
            "s",
            f"G(n={n:,}, m={m:,}) random graph; {how}; max |difference| = {err:.2e}",
        )
    ]
    ctx.log(f"betweenness: ours {ours:.2f}s, networkx {naive:.1f}s, max diff {err:.1e}")

    # above SAMPLE_ABOVE edges: seeded pivots, with the stated error bound checked against exact igraph
    ns, ms = ctx.size["bc_sampled_nodes"], ctx.size["bc_sampled_edges"]
    Gs = _random_graph(ns, ms, seed=8)
    above = ctx.size["bc_sample_above"] or centrality.SAMPLE_ABOVE  # lowered in quick mode: same code path
    info: dict[str, Any] = {}
    t0 = time.process_time()
    k = min(centrality.DEFAULT_PIVOTS, ns // 4)
    est = centrality.betweenness(Gs, sample_above=above, k=k, info=info)
    t_est = time.process_time() - t0
    t0 = time.process_time()
    exact = centrality.betweenness(Gs, sample_above=ms + 1)
    t_exact = time.process_time() - t0
    worst = max(abs(est[v] - exact[v]) for v in Gs)
    bound = info["error_bound"]
    results.append(
        Result(
            "betweenness_sampled_error",
            worst,
            bound,
            t_exact / t_est,
            "max error <= stated bound (95% per node)",
            worst <= bound and not info["exact"],
            "normalized betweenness",
            f"G(n={ns:,}, m={ms:,}); {info['pivots']} seeded pivots in {t_est:.2f}s vs exact "
            f"igraph {t_exact:.2f}s; stated bound {bound:.4f}, observed max error {worst:.2e}",
        )
    )
    return results


# --------------------------------------------------------------------------------------------- paths
def _synthetic_channel_multigraph(edges: int, countries: int = 200, seed: int = 9) -> nx.MultiGraph:
    """A channel graph as ``views.channel_graph`` returns it: ``edges`` channels between countries."""
    rng = random.Random(seed)
    CG = nx.MultiGraph(as_of="2024-01-01", mode="possible")
    names = [f"c{i:03d}" for i in range(countries)]
    CG.add_nodes_from(names)
    for i in range(edges):
        u, v = rng.sample(names, 2)
        CG.add_edge(
            u,
            v,
            key=f"m{i}",
            mechanism=f"m{i}",
            name=f"Synthetic {i}",
            kind="hotline",
            track=rng.choice(("1", "1", "1.5", "2")),
            level=rng.choice(("leader", "ministerial", "senior_official", "working")),
            status="active",
            sources=["synthetic-00"],
        )
    return CG


def _igraph_edge_connectivity(S: nx.Graph, a: Any, b: Any) -> int:
    import igraph as ig

    nodes = list(S)
    pos = {x: i for i, x in enumerate(nodes)}
    g = ig.Graph(n=len(nodes), edges=[(pos[u], pos[v]) for u, v in S.edges()])
    return int(g.edge_connectivity(source=pos[a], target=pos[b]))


def bench_paths(ctx: Context) -> list[Result]:
    """k=10 routes (``analysis.paths``) and s-t edge connectivity (``analysis.connectivity``)."""
    from ddgraph.views import simple_graph

    # sparse enough that routes take a few hops: most channels in one region, a few long-distance
    m = ctx.size["path_edges"]
    CG = _synthetic_channel_multigraph(m, countries=max(50, m // 10))
    a, b = "c000", "c001"
    reps = max(3, ctx.size["reps"])
    routes = paths.paths(CG, a, b, k=10)
    t_paths = median_time(lambda: paths.paths(CG, a, b, k=10), reps)
    results = [
        Result(
            "paths_k10_ms",
            t_paths * 1e3,
            None,
            None,
            "<= 10 ms",
            t_paths * 1e3 <= 10,
            "ms",
            f"{m:,}-edge channel graph, {CG.number_of_nodes()} countries; paths(CG, a, b, k=10) "
            f"found {len(routes)} routes of {[r['hops'] for r in routes]} hops",
        )
    ]
    # the worst a user can ask (issue 13 item 7): every hop count, a thousand routes, a rare track
    hard = paths.route_search(CG, a, b, k=1000, max_hops=10, track="1.5")
    t_hard = median_time(lambda: paths.route_search(CG, a, b, k=1000, max_hops=10, track="1.5"), reps)
    results.append(
        Result(
            "paths_k1000_max_hops10_s",
            t_hard,
            None,
            None,
            "<= 2 s",
            t_hard <= 2 and hard.complete,
            "s",
            f"route_search(CG, a, b, k=1000, max_hops=10, track='1.5') on the same graph: "
            f"{len(hard.routes)} routes of {min(r['hops'] for r in hard.routes)}-"
            f"{max(r['hops'] for r in hard.routes)} hops, {hard.expanded:,} partial routes extended "
            f"(the search stops at k; it never enumerates every simple path)",
        )
    )
    S = nx.Graph(simple_graph(CG))
    ours_val = connectivity.disjoint_routes(CG, a, b)["edge_disjoint"]
    ours = median_time(lambda: connectivity.disjoint_routes(CG, a, b), reps)
    base_val = nx.edge_connectivity(S, a, b)
    base = median_time(lambda: nx.edge_connectivity(S, a, b), reps)
    ig_val = _igraph_edge_connectivity(S, a, b)
    t_ig = median_time(lambda: _igraph_edge_connectivity(S, a, b), reps)
    ratio = base / ours
    results.append(
        Result(
            "edge_connectivity_vs_networkx",
            ours,
            base,
            ratio,
            ">= 30x networkx, same value",
            ratio >= 30 and ours_val == base_val,
            "s",
            f"disjoint_routes(CG, a, b) (edge + node disjoint) = {ours_val} vs "
            f"nx.edge_connectivity(S, a, b) = {base_val}; for reference igraph "
            f"edge_connectivity(source, target) incl. conversion: {t_ig * 1e3:.1f} ms "
            f"(= {ig_val}, {base / t_ig:.1f}x networkx)",
        )
    )
    ctx.log(
        f"paths: k=10 {t_paths * 1e3:.1f} ms, k=1000 max_hops=10 track 1.5 {t_hard:.2f} s; "
        f"connectivity ours {ours * 1e3:.1f} ms, nx {base * 1e3:.1f} ms, "
        f"igraph {t_ig * 1e3:.1f} ms"
    )
    return results


# --------------------------------------------------------------------------------------------- neo4j
def _neo4j_settings() -> tuple[str, str, str]:
    uri = os.environ.get("NEO4J_URI", "bolt://127.0.0.1:7688")
    password = os.environ.get("NEO4J_PASSWORD", "")
    pw_file = Path("/tmp/neo4j-bench.pw")
    if not password and pw_file.is_file():
        password = pw_file.read_text().strip()
    return uri, os.environ.get("NEO4J_USER", "neo4j"), password


def _to_db(props: dict[str, Any]) -> dict[str, Any]:
    """Properties as the baselines send them: dates as native dates (stored as Neo4j DATE)."""
    return {k: (dt.date.fromisoformat(v) if k in DATE_KEYS else v) for k, v in props.items()}


NAIVE_NODE = "MERGE (n:{label} {{id: $id}}) SET n = $props"
NAIVE_REL = (
    "MATCH (a:{start} {{id: $start}}) MATCH (b:{end} {{id: $end}}) "
    "MERGE (a)-[r:{rtype} {{id: $rid}}]->(b) SET r = $props"
)


def bench_neo4j(ctx: Context, driver: Any = None, database: str = "neo4j") -> list[Result]:
    """``neo4j_store.load`` vs one transaction per row (sampled), hand-written UNWIND CREATE, neo4j-admin.

    The neo4j-admin baseline is ``database import full`` of the CSV export into a throwaway home (the
    jars of ``DDGRAPH_NEO4J_HOME``), JVM start included. ``ddgraph load --bulk`` is timed end to end
    (stop, import, start, schema, digest) when the server of ``NEO4J_URI`` is the one
    ``scripts/neo4j-local`` runs from ``DDGRAPH_NEO4J_HOME``.
    """
    import shutil
    import subprocess

    from ddgraph import neo4j_store as store
    from ddgraph.errors import StoreError
    from ddgraph.export import write_csv
    from ddgraph.graph import NODE_LABELS
    from ddgraph.neo4j_store.admin_import import NEO4J_LOCAL, ManagedServer, bulk_load

    def admin_import(pg: Any) -> tuple[float, float, str]:
        """(seconds of neo4j-admin import, seconds writing its CSV, why not measured)."""
        home_dir = Path(os.environ.get("DDGRAPH_NEO4J_HOME") or NEO4J_LOCAL.parents[1] / ".neo4j-local")
        lib = home_dir / "lib"
        if not (lib / ".pom-sha256").is_file() or shutil.which("java") is None:
            return float("nan"), float("nan"), f"no resolved Neo4j jars in {lib}"
        csv_dir, home = ctx.workdir / "neo4j-csv", ctx.workdir / "neo4j-admin-home"
        shutil.rmtree(csv_dir, ignore_errors=True)
        t0 = time.perf_counter()
        write_csv(pg, csv_dir)
        t_csv = time.perf_counter() - t0
        shutil.rmtree(home, ignore_errors=True)
        (home / "conf").mkdir(parents=True)
        (home / "bin").mkdir()
        (home / "conf" / "neo4j.conf").write_text(f"server.directories.data={home / 'data'}\n")
        shim = home / "bin" / "neo4j-admin"
        shim.write_text(f'#!/bin/sh\nexec java -Xmx1g -cp "{lib}/*" org.neo4j.cli.AdminTool "$@"\n')
        shim.chmod(0o755)
        env = {**os.environ, "PATH": f"{home / 'bin'}:{os.environ['PATH']}"}
        env.update(NEO4J_HOME=str(home), NEO4J_CONF=str(home / "conf"))
        t0 = time.perf_counter()
        done = subprocess.run(["sh", str(csv_dir / "import.sh")], capture_output=True, text=True, env=env)
        t_admin = time.perf_counter() - t0
        if done.returncode != 0:
            return float("nan"), t_csv, f"neo4j-admin failed: {done.stdout[-300:]} {done.stderr[-300:]}"
        return t_admin, t_csv, ""

    own = driver is None
    if own:
        uri, user, password = _neo4j_settings()
        try:
            driver = store.connect(uri, user, password, database)
        except Exception as e:  # noqa: BLE001 - reported as a skipped workload
            ctx.log(f"neo4j: skipped ({e})")
            return [
                Result(
                    "neo4j_load_vs_naive", float("nan"), None, None, ">= 100x", False, "s", f"skipped: {e}"
                )
            ]
    try:
        out = ctx.workdir / "neo4j"
        if not out.exists():
            write_synthetic(out, SynthConfig(seed=11, scale=ctx.size["neo4j_scale"]))
            ctx.commands.append(f"ddgraph synth {out} --seed 11 --scale {ctx.size['neo4j_scale']}")
        pg = to_property_graph(load_dataset(out))
        n_rows = len(pg.nodes) + len(pg.relationships)
        rows_nodes = [(n.label, n.id, _to_db(n.props)) for n in pg.sorted_nodes()]
        rows_rels = [
            (r.type, r.id, r.start, r.end, {"id": r.id, **_to_db(r.props)}) for r in pg.sorted_relationships()
        ]
        version = driver.execute_query(
            "CALL dbms.components() YIELD versions RETURN versions[0] AS v", database_=database
        ).records[0]["v"]
        ctx.neo4j_version = version  # type: ignore[attr-defined]

        def wipe() -> None:
            store.clear(driver, database)

        # hand-written: UNWIND $rows CREATE in batches of 10k, one statement per label/type
        def hand() -> None:
            with driver.session(database=database) as s:
                by_label: dict[str, list[dict[str, Any]]] = {}
                for label, _nid, props in rows_nodes:
                    by_label.setdefault(label, []).append(props)
                for label, rows in by_label.items():
                    assert label in NODE_LABELS
                    for i in range(0, len(rows), 10_000):
                        s.run(
                            f"UNWIND $rows AS p CREATE (n:{label}) SET n = p", rows=rows[i : i + 10_000]
                        ).consume()
                by_type: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
                for rtype, _, start, end, props in rows_rels:
                    key = (rtype, pg.nodes[start].label, pg.nodes[end].label)
                    by_type.setdefault(key, []).append({"s": start, "e": end, "p": props})
                for (rtype, sl, el), rows in by_type.items():
                    for i in range(0, len(rows), 10_000):
                        s.run(
                            f"UNWIND $rows AS r MATCH (a:{sl} {{id: r.s}}) MATCH (b:{el} {{id: r.e}}) "
                            f"CREATE (a)-[x:{rtype}]->(b) SET x = r.p",
                            rows=rows[i : i + 10_000],
                        ).consume()

        store.apply_schema(driver, database)
        # A warm-up round (untimed): the server's JIT compiles the write paths on the first load, which
        # would otherwise count against whichever of the two runs first.
        wipe()
        store.load(driver, pg, database)
        wipe()
        hand()
        # Then repetitions, interleaved: ddgraph load into an empty database (and reloads of the same
        # data), and the hand-written statements into an empty database; medians.
        firsts, again, hands = [], [], []
        for _ in range(ctx.size["neo4j_reps"]):
            wipe()
            t0 = time.perf_counter()
            store.load(driver, pg, database)
            firsts.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            summary = store.load(driver, pg, database)
            again.append(time.perf_counter() - t0)
            assert summary.changes == 0, summary
            wipe()
            t0 = time.perf_counter()
            hand()
            hands.append(time.perf_counter() - t0)
        ours, second, t_hand = (statistics.median(x) for x in (firsts, again, hands))

        # naive: one auto-commit transaction per row (MERGE), on a sample, extrapolated
        wipe()
        k = min(ctx.size["neo4j_naive_sample"], len(rows_nodes))
        rng = random.Random(12)
        sample_nodes = rng.sample(rows_nodes, k)
        sample_rels = rng.sample(rows_rels, min(k, len(rows_rels)))
        with driver.session(database=database) as s:
            t0 = time.perf_counter()
            for label, nid, props in sample_nodes:
                s.run(NAIVE_NODE.format(label=label), id=nid, props=props).consume()
            t_nodes = (time.perf_counter() - t0) / len(sample_nodes)
        wipe()
        with driver.session(database=database) as s:
            # endpoints of the sampled relationships exist before the timing (the naive MATCH finds them)
            ends = {x for r in sample_rels for x in (r[2], r[3])}
            for label in NODE_LABELS:
                rows = [x for x in ends if pg.nodes[x].label == label]
                s.run(f"UNWIND $rows AS r CREATE (n:{label} {{id: r}})", rows=rows).consume()
            t0 = time.perf_counter()
            for rtype, rid, start, end, props in sample_rels:
                query = NAIVE_REL.format(rtype=rtype, start=pg.nodes[start].label, end=pg.nodes[end].label)
                s.run(query, start=start, end=end, rid=rid, props=props).consume()
            t_rels = (time.perf_counter() - t0) / max(1, len(sample_rels))
        naive = t_nodes * len(rows_nodes) + t_rels * len(rows_rels)
        # neo4j-admin and load --bulk only when the benchmark owns its connection (the smoke test passes
        # a driver on the suite's server, which must not restart)
        t_admin, t_csv, admin_why = admin_import(pg) if own else (float("nan"), float("nan"), "not run")
        wipe()
        t_bulk, bulk_why = float("nan"), "the server is not the scripts/neo4j-local one of DDGRAPH_NEO4J_HOME"
        if own:
            server = ManagedServer.from_env()
            try:
                server.check_serves(uri)
            except StoreError as e:
                bulk_why = str(e)
            else:
                driver.close()  # the server restarts
                t0 = time.perf_counter()
                bulk_load(
                    lambda: store.connect(uri, user, password, database), pg, server, uri, password, database
                )
                t_bulk = time.perf_counter() - t0
                bulk_why = ""
                driver = store.connect(uri, user, password, database)
        if bulk_why:
            store.load(driver, pg, database)  # leave the database as ddgraph load would
    finally:
        if own:
            driver.close()
    ctx.log(
        f"neo4j {version}: {n_rows} rows: load {ours:.2f}s {[round(x, 2) for x in firsts]}, again "
        f"{second:.2f}s, UNWIND CREATE {t_hand:.2f}s {[round(x, 2) for x in hands]}, naive ~{naive:.0f}s, "
        f"neo4j-admin import {t_admin:.2f}s (+ CSV {t_csv:.2f}s){' ' + admin_why if admin_why else ''}, "
        f"load --bulk {t_bulk:.2f}s{' (' + bulk_why + ')' if bulk_why else ''}"
    )
    what = (
        f"{len(pg.nodes):,} nodes + {len(pg.relationships):,} relationships (Neo4j {version}); medians of "
        f"{len(firsts)} interleaved runs after an untimed warm-up round"
    )
    results = [
        Result(
            "neo4j_load_vs_naive",
            ours,
            naive,
            naive / ours,
            ">= 100x",
            naive / ours >= 100,
            "s",
            f"{what}; naive = one auto-commit MERGE per row, {k} node rows + {len(sample_rels)} relationship "
            f"rows timed ({t_nodes * 1e3:.2f} / {t_rels * 1e3:.2f} ms per row) and extrapolated; the "
            f"hand-written UNWIND CREATE itself is {naive / t_hand:.1f}x the naive here",
        ),
        Result(
            "neo4j_load_vs_unwind_create",
            ours,
            t_hand,
            t_hand / ours,
            ">= 0.8x",
            t_hand / ours >= 0.8,
            "s",
            f"{what}; baseline = hand-written UNWIND $rows CREATE in 10k batches into an empty database "
            "(no diff, no idempotence, no kind labels)",
        ),
        Result(
            "neo4j_reload_unchanged",
            second,
            ours,
            ours / second,
            "second load <= 10% of the first",
            second <= 0.1 * ours,
            "s",
            f"{what}; the second load of the same graph reports 0 changes",
        ),
    ]
    if own:
        results.append(
            Result(
                "neo4j_bulk_vs_admin_import",
                t_bulk,
                t_admin,
                t_admin / t_bulk if t_bulk == t_bulk and t_admin == t_admin else None,
                ">= 0.8x",
                t_bulk == t_bulk and t_admin == t_admin and t_admin / t_bulk >= 0.8,
                "s",
                f"{what}; ddgraph load --bulk end to end (CSV, server stop, neo4j-admin import, server "
                "start, schema, digest) vs neo4j-admin database import full alone of the CSV export into a "
                f"stopped, throwaway database (JVM start included; writing the CSV: {t_csv:.2f}s more), "
                f"one run each; for scale: ddgraph load {ours:.2f}s, UNWIND CREATE {t_hand:.2f}s"
                + (f"; not measured: {bulk_why or admin_why}" if bulk_why or admin_why else ""),
            )
        )
    return results


# ------------------------------------------------------------------------------------------- driver
WORKLOADS: dict[str, Callable[[Context], list[Result]]] = {
    "validate": bench_validate,
    "validate_bulk": bench_validate_bulk,
    "as_of": bench_as_of,
    "timeline": bench_timeline,
    "betweenness": bench_betweenness,
    "paths": bench_paths,
    "neo4j": bench_neo4j,
}


def machine() -> dict[str, str]:
    info = {
        "cores": str(os.cpu_count()),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }
    try:
        cpu = Path("/proc/cpuinfo").read_text()
        info["cpu"] = next(
            line.split(":", 1)[1].strip() for line in cpu.splitlines() if line.startswith("model name")
        )
        mem = Path("/proc/meminfo").read_text().split("\n")[0].split()[1]
        info["ram"] = f"{int(mem) / 1024 / 1024:.1f} GiB"
        info["load_average"] = Path("/proc/loadavg").read_text().split()[0]
    except (OSError, StopIteration, IndexError, ValueError):
        pass
    import igraph
    import pydantic

    info["libraries"] = (
        f"networkx {nx.__version__}, igraph {igraph.__version__}, pydantic {pydantic.__version__}, "
        f"PyYAML {yaml.__version__} (libyaml: {yaml.__with_libyaml__})"
    )
    return info


def run(
    mode: str,
    only: list[str] | None = None,
    log: Callable[[str], None] = lambda m: None,
    workdir: Path | None = None,
) -> tuple[list[Result], Context]:
    with tempfile.TemporaryDirectory(prefix="ddgraph-bench-") as tmp:
        ctx = Context(mode, SIZES[mode], Path(workdir or tmp), log=log)
        results: list[Result] = []
        for name, fn in WORKLOADS.items():
            if only and name not in only:
                continue
            t0 = time.perf_counter()
            results.extend(fn(ctx))
            log(f"  ({name} took {time.perf_counter() - t0:.0f}s)")
        return results, ctx


def _fmt(x: float | None) -> str:
    if x is None:
        return "-"
    if x != x:  # nan
        return "n/a"
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    return f"{x:.3g}"


def write_markdown(path: Path, results: list[Result], ctx: Context, argv: list[str], elapsed: float) -> None:
    info = machine()
    info["neo4j"] = getattr(ctx, "neo4j_version", "not measured")
    lines = [
        "# ddgraph benchmark results",
        "",
        f"Written by `python benchmarks/{' '.join(['run.py', *argv])}` on "
        f"{dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z} ({ctx.mode} sizes, {elapsed:.0f}s).",
        "",
        "## Machine",
        "",
    ]
    lines += [f"- {k}: {v}" for k, v in info.items()]
    lines += [
        "",
        "The machine is shared (colleagues run tests on the same 2 cores): in-process figures are "
        "CPU time of the benchmark process, medians of several repetitions; Neo4j figures are wall "
        "clock.",
        "",
        "## Commands",
        "",
        "```",
    ]
    lines += [f"python benchmarks/{' '.join(['run.py', *argv])}", *ctx.commands]
    lines += [
        "```",
        "",
        "## Figures",
        "",
        "| workload | value | baseline | ratio (x better) | target | met |",
        "|---|---|---|---|---|---|",
    ]
    for r in results:
        lines.append(
            f"| {r.name} | {_fmt(r.value)} {r.unit} | {_fmt(r.baseline)} | {_fmt(r.ratio)} | "
            f"{r.target} | {'yes' if r.met else '**no**'} |"
        )
    lines += ["", "## Notes", ""]
    lines += [f"- **{r.name}**: {r.note}" for r in results]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument(
        "--quick", action="store_true", help="smaller sizes, about a minute; writes no RESULTS.md"
    )
    ap.add_argument("--json", action="store_true", help="print the results as a JSON list")
    ap.add_argument("--only", default="", help=f"comma-separated workloads among: {', '.join(WORKLOADS)}")
    ap.add_argument(
        "--write",
        type=Path,
        default=None,
        help="Markdown report to write (default: benchmarks/RESULTS.md for a full run)",
    )
    args = ap.parse_args(argv)
    mode = "quick" if args.quick else "full"
    only = [w for w in args.only.split(",") if w] or None
    unknown = set(only or ()) - set(WORKLOADS)
    if unknown:
        ap.error(f"unknown workload(s): {', '.join(sorted(unknown))}")
    t0 = time.perf_counter()
    results, ctx = run(mode, only, log=lambda m: print(m, file=sys.stderr, flush=True))
    elapsed = time.perf_counter() - t0
    target = args.write or (None if args.quick else HERE / "RESULTS.md")
    if target is not None:
        write_markdown(target, results, ctx, argv, elapsed)
    if args.json:
        print(json.dumps([r.as_json() for r in results], indent=1))
    else:
        for r in results:
            print(
                f"{r.name:32} {_fmt(r.value):>10} {r.unit:14} baseline {_fmt(r.baseline):>10}  "
                f"x{_fmt(r.ratio):>8}  {'met' if r.met else 'NOT MET'}  ({r.target})"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
