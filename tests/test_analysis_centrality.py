"""Tests of ddgraph.analysis.centrality: igraph vs networkx, sampling bound, brokerage, pagerank."""

from __future__ import annotations

import math
import random

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ddgraph.analysis.centrality import (
    betweenness,
    betweenness_error,
    brokerage,
    centrality_table,
    degree,
    pagerank,
)
from ddgraph.examples import tiny_graph
from ddgraph.views import channel_graph, person_graph, simple_graph


def test_named_graphs() -> None:
    assert betweenness(nx.path_graph(4)) == pytest.approx({0: 0.0, 1: 2 / 3, 2: 2 / 3, 3: 0.0})
    assert betweenness(nx.star_graph(4), normalized=False) == pytest.approx({0: 6.0, 1: 0, 2: 0, 3: 0, 4: 0})
    pr = pagerank(nx.star_graph(3))
    assert sum(pr.values()) == pytest.approx(1.0)
    assert pr[1] == pytest.approx(pr[2]) and pr[0] > pr[1]
    b = brokerage(nx.star_graph(3))
    assert b[0] == {"constraint": pytest.approx(1 / 3), "effective_size": pytest.approx(3.0)}
    G = nx.Graph([("a", "b")])
    G.add_node("z")
    assert brokerage(G)["z"] == {"constraint": None, "effective_size": None}


def test_multigraph_degree_counts_channels() -> None:
    CG = channel_graph(tiny_graph(), "2024-01-01")
    d = degree(CG)
    assert d["usa"] == {"partners": 2, "channels": 3} and d["vnm"] == {"partners": 2, "channels": 1}
    assert degree(person_graph(tiny_graph()))["austin"] == {"partners": 1, "strength": 1}


@settings(max_examples=60, deadline=None)
@given(st.integers(3, 40), st.floats(0.02, 0.5), st.integers(0, 10_000))
def test_igraph_betweenness_equals_networkx(n: int, p: float, seed: int) -> None:
    G = nx.gnp_random_graph(n, p, seed=seed)
    for normalized in (True, False):
        ours = betweenness(G, normalized=normalized)
        ref = nx.betweenness_centrality(G, normalized=normalized)
        assert max(abs(ours[v] - ref[v]) for v in G) <= 1e-9


def test_sampling_stays_within_stated_bound_and_is_seeded() -> None:
    G = nx.barabasi_albert_graph(600, 3, seed=7)
    exact = betweenness(G)
    info: dict = {}
    est = betweenness(G, sample_above=100, k=200, seed=1, info=info)
    assert info["exact"] is False and info["pivots"] == 200
    assert info["error_bound"] == pytest.approx(betweenness_error(600, 200))
    assert max(abs(est[v] - exact[v]) for v in G) <= info["error_bound"]
    assert est == betweenness(G, sample_above=100, k=200, seed=1)
    info2: dict = {}
    assert betweenness(G, sample_above=100, k=600, info=info2) == pytest.approx(exact, abs=1e-12)
    assert info2["exact"] is True


def _error_ratio(est: dict, exact: dict, std_error: dict) -> float:
    """Root-mean-square error over the nodes, over the root-mean-square stated standard error."""
    err = sum((est[v] - exact[v]) ** 2 for v in exact)
    return math.sqrt(err / sum(x * x for x in std_error.values()))


def test_the_stated_standard_errors_pass_a_uniform_sampler_and_catch_a_biased_one() -> None:
    """A sampler that takes the hubs as pivots stays within the Hoeffding bound, not the stated errors."""
    G = nx.barabasi_albert_graph(800, 3, seed=7)
    exact = betweenness(G)
    for seed in range(4):
        info: dict = {}
        est = betweenness(G, sample_above=100, k=200, seed=seed, info=info)
        assert _error_ratio(est, exact, info["std_error"]) <= 1.2
        assert max(abs(est[v] - exact[v]) for v in G) <= info["error_bound"]
    hubs = sorted(G, key=lambda v: (-G.degree(v), v))[:200]
    info = {}
    est = betweenness(G, sample_above=100, info=info, pivots=hubs)
    assert max(abs(est[v] - exact[v]) for v in G) <= info["error_bound"]  # Hoeffding cannot tell
    assert _error_ratio(est, exact, info["std_error"]) > 1.2


def test_table_on_country_and_person_graphs() -> None:
    CG = channel_graph(tiny_graph(), "2024-01-01")
    rows = centrality_table(CG)
    assert [r["node"] for r in rows] == ["chn", "usa", "vnm"]  # all 0 betweenness; pagerank breaks ties
    assert set(rows[0]) == {
        "node",
        "name",
        "partners",
        "channels",
        "betweenness",
        "pagerank",
        "constraint",
        "effective_size",
    }
    seen: list[str] = []
    centrality_table(person_graph(tiny_graph()), progress=seen.append)
    assert seen == ["degree", "betweenness", "pagerank", "brokerage"]
    assert simple_graph(CG).number_of_edges() == 3


def _nx_brokerage(S: nx.Graph, weight: str | None = "weight") -> dict:
    c, e = nx.constraint(S, weight=weight), nx.effective_size(S, weight=weight)
    return {n: (c[n], e[n]) for n in S}


def _assert_brokerage_equals_networkx(S: nx.Graph, weight: str | None = "weight") -> None:
    ours, ref = brokerage(S, weight=weight), _nx_brokerage(S, weight)
    for n, (c, e) in ref.items():
        if S.degree(n) == 0:
            assert ours[n] == {"constraint": None, "effective_size": None}
        else:
            assert ours[n]["constraint"] == pytest.approx(c, abs=1e-9, rel=0)
            assert ours[n]["effective_size"] == pytest.approx(e, abs=1e-9, rel=0)


@settings(max_examples=40, deadline=None)
@given(st.integers(2, 40), st.floats(0.05, 0.9), st.integers(0, 10_000), st.booleans())
def test_igraph_brokerage_equals_networkx(n: int, p: float, seed: int, weighted: bool) -> None:
    G = nx.gnp_random_graph(n, p, seed=seed)
    rng = random.Random(seed)
    for _, _, d in G.edges(data=True):
        d["weight"] = rng.randint(1, 9)
    _assert_brokerage_equals_networkx(G, "weight" if weighted else None)


def test_brokerage_equals_networkx_on_the_real_channel_and_person_graphs() -> None:
    from ddgraph.dataset import load_dataset
    from ddgraph.graph import to_property_graph
    from ddgraph.views import base_graph

    G = base_graph(to_property_graph(load_dataset("graph")))
    _assert_brokerage_equals_networkx(simple_graph(channel_graph(G, "2024-07-28")))
    _assert_brokerage_equals_networkx(person_graph(G))
