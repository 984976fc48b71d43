"""Tests of ddgraph.analysis.timeline: the incremental engine equals rebuilt snapshots everywhere."""

from __future__ import annotations

import datetime as dt
import itertools
import random

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ddgraph.analysis.timeline import (
    TRACK1_CHANNELS,
    connectivity_over_time,
    dark_periods,
    interval_edges,
    pair_timeline,
)
from ddgraph.channels import ChannelFilter, channel_index
from ddgraph.examples import tiny_graph
from ddgraph.views import channel_graph
from oracles import rebuild_timeline, snapshot_connectivity

D = dt.date

NO_FORUM = TRACK1_CHANNELS.but(exclude_kinds={"multilateral_forum"})


def real_graph() -> nx.MultiDiGraph:
    from ddgraph.dataset import load_dataset
    from ddgraph.graph import to_property_graph
    from ddgraph.views import base_graph

    return base_graph(to_property_graph(load_dataset("graph")))


def test_small_timeline() -> None:
    tl = connectivity_over_time(
        [("a", "b", "x", 1, 5), ("b", "c", "y", 3, None), ("c", "a", "z", 7, 9)], "a", "c"
    )
    assert tl.points == [1, 3, 5, 7, 9]
    assert tl.connected == [False, True, False, True, False]
    assert tl.direct == [(), (), (), ("z",), ()]
    assert tl.at(4) == ((), True) and tl.at(0) == ((), False)


def test_empty_and_degenerate() -> None:
    tl = connectivity_over_time([], "a", "b")
    assert tl.points == [] and tl.connected == []
    tl = connectivity_over_time([("a", "a", "x", 1, 2), ("a", "b", "y", 3, 3)], "a", "b")
    assert tl.points == [] and tl.connected == []  # self-loops and empty intervals are ignored


intervals = st.lists(
    st.tuples(
        st.sampled_from("abcdef"),
        st.sampled_from("abcdef"),
        st.sampled_from(["k1", "k2", "k3"]),
        st.integers(0, 30),
        st.one_of(st.none(), st.integers(0, 30)),
    ),
    max_size=40,
)


#: Both sweeps (the adjacency one for sparse graphs, the coverage one for dense graphs) and the choice.
ENGINES = ["sweep", "coverage", "auto"]


@pytest.mark.parametrize("engine", ENGINES)
@settings(max_examples=300, deadline=None)
@given(intervals, st.sampled_from(["ab", "ac", "fa", "aa"]), st.lists(st.integers(-5, 35), max_size=5))
def test_incremental_equals_rebuilt_snapshots(engine: str, edges: list, pair: str, extra: list[int]) -> None:
    a, b = pair
    tl = connectivity_over_time(edges, a, b, extra, engine=engine)  # type: ignore[arg-type]
    assert tl == rebuild_timeline(edges, a, b, extra)


dense_intervals = st.lists(
    st.tuples(
        st.sampled_from("abcd"),
        st.sampled_from("abcd"),
        st.sampled_from(["k1", "k2"]),
        st.integers(0, 12),
        st.one_of(st.none(), st.integers(0, 12)),
    ),
    min_size=10,
    max_size=60,
)


@pytest.mark.parametrize("engine", ENGINES)
@settings(max_examples=300, deadline=None)
@given(dense_intervals, st.sampled_from(["ab", "cd"]))
def test_incremental_equals_rebuilt_snapshots_on_dense_graphs(engine: str, edges: list, pair: str) -> None:
    """Four nodes, many parallel and overlapping edges: routes are cut and replaced all the time."""
    a, b = pair
    assert connectivity_over_time(edges, a, b, engine=engine) == rebuild_timeline(edges, a, b)  # type: ignore[arg-type]


def test_unknown_engine_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown timeline engine 'fast'"):
        connectivity_over_time([("a", "b", "x", 1, 2)], "a", "b", engine="fast")  # type: ignore[arg-type]


def test_auto_takes_the_coverage_sweep_on_dense_graphs_and_the_adjacency_sweep_on_sparse_ones() -> None:
    """The choice is by live links per node; either way the answer is the same."""
    from ddgraph.analysis import timeline

    rng = random.Random(3)
    dense = [(*rng.sample(range(20), 2), f"d{i}", i % 50, i % 50 + 40) for i in range(2_000)]
    sparse = [(*rng.sample(range(400), 2), f"s{i}", i, i + 3) for i in range(400)]
    for edges, taken in ((dense, "coverage"), (sparse, "sweep")):
        cols = timeline._Columns.of(edges, 0, 1, ())
        assert (cols.mean_degree() >= timeline.DENSE_DEGREE) == (taken == "coverage")
        answers = {e: connectivity_over_time(edges, 0, 1, engine=e) for e in ENGINES}  # type: ignore[arg-type]
        assert answers["sweep"] == answers["coverage"] == answers["auto"]


def test_the_coverage_sweep_gives_up_past_its_search_budget() -> None:
    """On a sparse graph that splits and joins the pair at every point, the coverage sweep would search
    at every point: past its budget it returns None and ``auto`` sweeps the adjacency instead."""
    from ddgraph.analysis import timeline

    edges = [(0, 1, f"k{i}", 2 * i, 2 * i + 1) for i in range(500)]
    cols = timeline._Columns.of(edges, 0, 1, ())
    assert timeline._coverage_sweep(cols, budget=10) is None
    assert timeline._coverage_sweep(cols, budget=None) == [True, False] * 500


@pytest.mark.parametrize("engine", ENGINES)
def test_incremental_equals_snapshots_on_a_random_graph_at_every_point(engine: str) -> None:
    """A sparse random graph that joins and splits the pair many times, checked at every point."""
    rng = random.Random(7)
    edges = []
    for i in range(1_500):
        u, v = rng.sample(range(120), 2)
        start = rng.randrange(2_000)
        edges.append((u, v, f"m{i}", start, None if rng.random() < 0.05 else start + rng.randint(1, 150)))
    tl = connectivity_over_time(edges, 0, 1, engine=engine)  # type: ignore[arg-type]
    flips = sum(x != y for x, y in itertools.pairwise(tl.connected))
    assert flips > 10  # the certificate is broken and renewed often
    for t, direct, joined in zip(tl.points, tl.direct, tl.connected, strict=True):
        assert (direct, joined) == snapshot_connectivity(edges, 0, 1, t), t


def test_interval_edges_agree_with_channel_graph_tiny() -> None:
    G = tiny_graph()
    for mode in ("possible", "certain"):
        for require_answered in (False, True):
            edges = interval_edges(G, ChannelFilter(require_answered=require_answered), mode=mode)
            points = sorted({e.start for e in edges} | {e.end for e in edges if e.end} | {D(2023, 2, 10)})
            for t in points + [p - dt.timedelta(days=1) for p in points]:
                alive = sorted(
                    (e.u, e.v, e.key) for e in edges if e.start <= t and (e.end is None or t < e.end)
                )
                CG = channel_graph(G, t, ChannelFilter(require_answered=require_answered), mode=mode)
                assert alive == sorted((min(u, v), max(u, v), k) for u, v, k in CG.edges(keys=True)), (
                    mode,
                    t,
                )


def test_pair_timeline_and_dark_periods_tiny() -> None:
    G = tiny_graph()
    rows = pair_timeline(G, "usa", "chn", start=D(2022, 8, 5), end=D(2023, 12, 31))
    assert [(r["date"], r["direct"]) for r in rows] == [
        ("2022-08-05", ["forum"]),
        ("2023-02-10", ["forum"]),
        ("2023-03-01", ["forum"]),
        ("2023-06-01", ["forum", "track2"]),
        ("2023-11-15", ["dtl", "forum", "track2"]),
    ]
    assert rows[0]["changes"] == ["dtl: suspended"]
    assert rows[1]["changes"] == ["call0 (call, declined)"]
    dark = dark_periods(G, "usa", "chn", NO_FORUM)
    assert dark == [
        {
            "start": "2022-08-05",
            "end": "2023-11-15",
            "duration_days": 467,
            "ongoing": False,
            "closed": [{"channel": "dtl", "status": "suspended", "event": "cut"}],
            "reopened_by": ["dtl"],
            "unknown_before": [],
        }
    ]
    assert dark_periods(G, "usa", "chn") == []  # the forum never closed
    assert dark_periods(G, "usa", "chn", NO_FORUM, start=D(2024, 1, 1)) == []


def test_a_dark_period_names_the_channels_whose_history_is_only_a_lower_bound() -> None:
    G = tiny_graph()
    G.nodes["track2--active"]["lower_bound"] = True  # Track 2 existed before March 2023, since unknown
    dark = dark_periods(G, "usa", "chn", NO_FORUM.but(tracks=None))
    assert [(d["start"], d["end"], d["reopened_by"], d["unknown_before"]) for d in dark] == [
        ("2022-08-05", "2023-06-01", ["track2"], ["track2"])
    ]
    assert channel_index(G)["track2"].known_from == D(2023, 3, 1)
    assert channel_index(tiny_graph())["track2"].known_from is None


def test_real_dataset_incremental_equals_snapshots_at_every_change_point() -> None:
    G = real_graph()
    countries = sorted(n for n, d in G.nodes(data=True) if "Country" in d.get("labels", ()))
    edges = interval_edges(G)
    pairs = [("usa", "chn")] + [(a, b) for a in countries[:4] for b in countries[-4:] if a != b]
    for a, b in pairs:
        fast = connectivity_over_time(edges, a, b)
        assert fast == connectivity_over_time(edges, a, b, engine="coverage")
        assert fast == connectivity_over_time(edges, a, b, engine="sweep")
        for i, t in enumerate(fast.points):
            CG = channel_graph(
                G, t
            )  # a snapshot rebuilt from the base graph, independently of interval_edges
            direct = tuple(sorted(CG.get_edge_data(a, b) or {}))
            connected = a in CG and b in CG and nx.has_path(CG, a, b)
            assert (fast.direct[i], fast.connected[i]) == (direct, connected), (a, b, t)
