"""Tests of ddgraph.analysis.connectivity: hand-made cases and brute force on small random graphs."""

from __future__ import annotations

import itertools

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ddgraph.analysis.connectivity import (
    articulation_points,
    bridges,
    components,
    connectivity_summary,
    critical_channels,
    direct_channels,
    disjoint_routes,
    min_channel_cut,
)
from ddgraph.errors import SameCountry
from ddgraph.examples import tiny_graph
from ddgraph.views import channel_graph


def test_direct_channels_show_suspension_event() -> None:
    rows = direct_channels(tiny_graph(), "usa", "chn", "2023-01-01")
    assert [(r["mechanism"], r["status"], r["open"], r["event"], r["event_name"]) for r in rows] == [
        ("forum", "active", True, None, None),
        ("dtl", "suspended", False, "cut", "China cuts channels"),
    ]
    assert direct_channels(tiny_graph(), "usa", "chn", "2000-01-01") == []


def test_small_named_cases() -> None:
    CG = nx.MultiGraph([("a", "b", "x"), ("b", "c", "y"), ("c", "d", "z"), ("d", "a", "w"), ("c", "e", "v")])
    assert components(CG) == [["a", "b", "c", "d", "e"]]
    assert disjoint_routes(CG, "a", "c") == {"edge_disjoint": 2, "node_disjoint": 2}
    assert disjoint_routes(CG, "a", "e") == {"edge_disjoint": 1, "node_disjoint": 1}
    assert min_channel_cut(CG, "a", "e") == ["v"]
    assert articulation_points(CG) == ["c"]
    assert bridges(CG) == [{"a": "c", "b": "e", "channels": ["v"]}]
    assert critical_channels(CG) == ["v"]


def test_one_multilateral_channel_is_one_cut() -> None:
    # a, b and c all meet in forum f; a-b also have a hotline h. Cutting a from c needs only f.
    CG = nx.MultiGraph([("a", "b", "f"), ("a", "c", "f"), ("b", "c", "f"), ("a", "b", "h")])
    assert disjoint_routes(CG, "a", "c") == {"edge_disjoint": 2, "node_disjoint": 2}
    assert min_channel_cut(CG, "a", "c") == ["f"]
    assert min_channel_cut(CG, "a", "b") == ["f", "h"]


def test_summary_on_tiny_graph() -> None:
    s = connectivity_summary(channel_graph(tiny_graph(), "2023-01-01"), "usa", "chn")
    assert s == {
        "a": "usa",
        "b": "chn",
        "connected": True,
        "hops": 1,
        "edge_disjoint": 2,
        "node_disjoint": 2,
        "min_channel_cut": ["forum"],
        "component_size": 3,
    }


def test_disconnected_pair() -> None:
    CG = nx.MultiGraph([("a", "b", "x")])
    CG.add_node("c")
    assert disjoint_routes(CG, "a", "c") == {"edge_disjoint": 0, "node_disjoint": 0}
    assert min_channel_cut(CG, "a", "c") == []
    with pytest.raises(SameCountry, match="^a pair needs two different countries, not 'a' twice$"):
        disjoint_routes(CG, "a", "a")


def test_disjoint_routes_follow_changes_to_the_graph() -> None:
    """The flow networks are cached on the graph; adding or removing a channel invalidates them."""
    CG = nx.MultiGraph([("a", "b", "x"), ("b", "c", "y")])
    assert disjoint_routes(CG, "a", "c") == {"edge_disjoint": 1, "node_disjoint": 1}
    CG.add_edge("a", "c", key="z")
    assert disjoint_routes(CG, "a", "c") == {"edge_disjoint": 2, "node_disjoint": 2}
    CG.remove_edge("b", "c", key="y")
    assert disjoint_routes(CG, "a", "c") == {"edge_disjoint": 1, "node_disjoint": 1}
    CG.remove_node("a")
    assert disjoint_routes(CG, "a", "c") == {"edge_disjoint": 0, "node_disjoint": 0}
    G = nx.MultiGraph([("a", "b", "x"), ("b", "c", "y")])
    hide: set[str] = set()
    view = nx.subgraph_view(G, filter_edge=lambda u, v, k: k not in hide)  # a view is never cached
    assert disjoint_routes(view, "a", "c") == {"edge_disjoint": 1, "node_disjoint": 1}
    hide.add("y")
    assert disjoint_routes(view, "a", "c") == {"edge_disjoint": 0, "node_disjoint": 0}


# ------------------------------------------------------------------------------ brute force
NODES = ["a", "b", "c", "d", "e"]


@st.composite
def channel_graphs(draw: st.DrawFn) -> nx.MultiGraph:
    """Up to 6 mechanisms over 5 countries, each linking 2-4 of them (projected on every pair)."""
    CG = nx.MultiGraph()
    CG.add_nodes_from(NODES)
    for i in range(draw(st.integers(0, 6))):
        members = draw(st.lists(st.sampled_from(NODES), min_size=2, max_size=4, unique=True))
        for u, v in itertools.combinations(sorted(members), 2):
            CG.add_edge(u, v, key=f"m{i}")
    return CG


def _connected_without(S: nx.Graph, a: str, b: str) -> bool:
    return a in S and b in S and nx.has_path(S, a, b)


def brute_edge_cut(S: nx.Graph, a: str, b: str) -> int:
    es = list(S.edges)
    for r in range(len(es) + 1):
        for cut in itertools.combinations(es, r):
            H = S.copy()
            H.remove_edges_from(cut)
            if not nx.has_path(H, a, b):
                return r
    raise AssertionError


def brute_node_routes(S: nx.Graph, a: str, b: str) -> int:
    """Menger: internally disjoint routes = the smallest vertex cut, plus 1 for a direct link."""
    H = S.copy()
    direct = H.has_edge(a, b)
    if direct:
        H.remove_edge(a, b)
    others = [n for n in H if n not in (a, b)]
    for r in range(len(others) + 1):
        for cut in itertools.combinations(others, r):
            K = H.copy()
            K.remove_nodes_from(cut)
            if not nx.has_path(K, a, b):
                return r + direct
    raise AssertionError


def brute_channel_cut(CG: nx.MultiGraph, a: str, b: str) -> int:
    keys = sorted({k for *_, k in CG.edges(keys=True)})
    for r in range(len(keys) + 1):
        for cut in itertools.combinations(keys, r):
            H = nx.Graph((u, v) for u, v, k in CG.edges(keys=True) if k not in cut)
            if not _connected_without(H, a, b):
                return r
    raise AssertionError


@settings(max_examples=150, deadline=None)
@given(channel_graphs(), st.sampled_from(list(itertools.permutations(NODES, 2))))
def test_disjoint_routes_and_cut_match_brute_force(CG: nx.MultiGraph, pair: tuple[str, str]) -> None:
    a, b = pair
    S = nx.Graph(CG)
    got = disjoint_routes(CG, a, b)
    if not nx.has_path(S, a, b):
        assert got == {"edge_disjoint": 0, "node_disjoint": 0}
        assert min_channel_cut(CG, a, b) == []
        return
    assert got["edge_disjoint"] == brute_edge_cut(S, a, b)
    assert got["node_disjoint"] == brute_node_routes(S, a, b)
    cut = min_channel_cut(CG, a, b)
    assert len(cut) == brute_channel_cut(CG, a, b)
    H = nx.Graph((u, v) for u, v, k in CG.edges(keys=True) if k not in cut)
    assert not _connected_without(H, a, b)  # the cut returned really cuts


@settings(max_examples=100, deadline=None)
@given(channel_graphs())
def test_critical_channels_match_brute_force(CG: nx.MultiGraph) -> None:
    before = nx.number_connected_components(nx.Graph(CG))
    expected = []
    for key in sorted({k for *_, k in CG.edges(keys=True)}):
        H = nx.Graph()
        H.add_nodes_from(CG)
        H.add_edges_from((u, v) for u, v, k in CG.edges(keys=True) if k != key)
        if nx.number_connected_components(H) > before:
            expected.append(key)
    assert critical_channels(CG) == expected
