"""Tests of ddgraph.analysis.paths: ranking, failures, criticality; brute force on small random graphs."""

from __future__ import annotations

import itertools

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ddgraph.analysis.paths import channel_criticality, paths, route_key, route_search
from ddgraph.errors import BadArgument, SameCountry
from ddgraph.examples import tiny_graph
from ddgraph.views import channel_graph
from ddgraph.vocabulary import LEVEL_RANK, TRACK_RANK


def mg(*edges: tuple[str, str, str, str, str]) -> nx.MultiGraph:
    G = nx.MultiGraph()
    for u, v, k, track, level in edges:
        G.add_edge(u, v, key=k, track=track, level=level, status="active", sources=["s"], name=k.upper())
    return G


def test_ranking_hops_then_track_then_level() -> None:
    CG = mg(
        ("a", "x", "t2", "2", "leader"),
        ("x", "b", "t2b", "2", "leader"),
        ("a", "y", "w1", "1", "working"),
        ("y", "b", "w1b", "1", "working"),
        ("a", "z", "m1", "1", "ministerial"),
        ("z", "b", "m1b", "1", "ministerial"),
        ("a", "p", "q1", "1", "leader"),
        ("p", "q", "q2", "1", "leader"),
        ("q", "b", "q3", "1", "leader"),
    )
    got = [r["countries"] for r in paths(CG, "a", "b")]
    assert got == [["a", "z", "b"], ["a", "y", "b"], ["a", "x", "b"], ["a", "p", "q", "b"]]
    assert [r["countries"] for r in paths(CG, "a", "b", max_hops=2, k=2)] == [
        ["a", "z", "b"],
        ["a", "y", "b"],
    ]
    assert [r["countries"] for r in paths(CG, "a", "b", track="2")] == [["a", "x", "b"]]
    assert [r["countries"] for r in paths(CG, "a", "b", track="1", fail=["m1"])] == [
        ["a", "y", "b"],
        ["a", "p", "q", "b"],
    ]


def test_hop_names_channel_status_sources_alternatives() -> None:
    CG = mg(("a", "b", "hot", "1", "ministerial"), ("a", "b", "t2", "2", "leader"))
    (r,) = paths(CG, "a", "b")
    assert r["steps"] == [
        {
            "from": "a",
            "to": "b",
            "channel": "hot",
            "name": "HOT",
            "kind": None,
            "track": "1",
            "level": "ministerial",
            "status": "active",
            "since": None,
            "sources": ["s"],
            "alternatives": ["t2"],
        }
    ]
    assert r["rank"] == 1 and r["hops"] == 1


def test_no_route_through_the_same_forum_twice() -> None:
    CG = channel_graph(tiny_graph(), "2023-01-01")  # dtl suspended: only the forum links usa, chn, vnm
    assert [r["countries"] for r in paths(CG, "usa", "chn")] == [["usa", "chn"]]
    assert paths(CG, "usa", "chn", fail=["forum"]) == []


def test_recorded_suspension_leaves_forum_route() -> None:
    G = tiny_graph()
    before = paths(channel_graph(G, "2022-08-04"), "usa", "chn", track="1", k=1)
    after = paths(channel_graph(G, "2022-08-05"), "usa", "chn", track="1", k=1)
    assert before[0]["steps"][0]["channel"] == "dtl"  # hotline before forum: same track and level, by id
    assert after[0]["steps"][0]["channel"] == "forum"


def test_criticality() -> None:
    CG = mg(
        ("a", "b", "h", "1", "leader"),
        ("a", "c", "f", "1", "leader"),
        ("c", "b", "g", "1", "leader"),
        ("c", "d", "k", "1", "leader"),
    )
    rows = channel_criticality(CG, "a", "b")
    assert [(r["channel"], r["disconnects"], r["edge_disjoint_drop"], r["added_hops"]) for r in rows] == [
        ("h", False, 1, 1),
        ("f", False, 1, 0),
        ("g", False, 1, 0),
        ("k", False, 0, 0),
    ]
    rows = channel_criticality(CG, "a", "b", fail=["h"])
    assert rows[0]["channel"] == "f" and rows[0]["disconnects"]
    with pytest.raises(SameCountry, match="^a pair needs two different countries, not 'a' twice$"):
        paths(CG, "a", "a")
    with pytest.raises(BadArgument, match=r"^unknown track '3'; expected one of 1, 1\.5, 2, any$"):
        paths(CG, "a", "b", track="3")


# ------------------------------------------------------------------------------ brute force
NODES = ["a", "b", "c", "d", "e"]


@st.composite
def channel_graphs(draw: st.DrawFn) -> nx.MultiGraph:
    G = nx.MultiGraph()
    G.add_nodes_from(NODES)
    for i in range(draw(st.integers(0, 7))):
        members = draw(st.lists(st.sampled_from(NODES), min_size=2, max_size=3, unique=True))
        track = draw(st.sampled_from(["1", "1.5", "2"]))
        level = draw(st.sampled_from(list(LEVEL_RANK)))
        for u, v in itertools.combinations(sorted(members), 2):
            G.add_edge(u, v, key=f"m{i}", track=track, level=level, status="active", sources=["s"])
    return G


def brute_routes(
    G: nx.MultiGraph, a: str, b: str, fail: set[str], tracks: set[str] | None, max_hops: int
) -> list[tuple]:
    """Every simple path, every assignment of distinct channels; best assignment per path; sorted keys."""
    ok = {
        (u, v, k): d
        for u, v, k, d in G.edges(keys=True, data=True)
        if k not in fail and (tracks is None or d["track"] in tracks)
    }
    adj: dict[str, dict[str, list[tuple[str, dict]]]] = {n: {} for n in G}
    for (u, v, k), d in ok.items():
        adj[u].setdefault(v, []).append((k, d))
        adj[v].setdefault(u, []).append((k, d))
    out = []

    def walk(path: list[str]) -> None:
        if path[-1] == b:
            best = None
            for combo in itertools.product(*[adj[u][v] for u, v in zip(path, path[1:], strict=False)]):
                if len({k for k, _ in combo}) < len(combo):
                    continue
                t = [TRACK_RANK[d["track"]] for _, d in combo]
                lv = [LEVEL_RANK[d["level"]] for _, d in combo]
                key = (len(combo), max(t), sum(t), max(lv), sum(lv), tuple(path))
                best = key if best is None or key < best else best
            if best is not None:
                out.append(best)
            return
        if len(path) - 1 == max_hops:
            return
        for n in adj[path[-1]]:
            if n not in path:
                walk(path + [n])

    walk([a])
    return sorted(out)


@settings(max_examples=150, deadline=None)
@given(
    channel_graphs(),
    st.sampled_from(list(itertools.permutations(NODES, 2))),
    st.sets(st.sampled_from([f"m{i}" for i in range(7)]), max_size=2),
    st.sampled_from(["any", "1", "2"]),
    st.integers(1, 4),
    st.integers(1, 6),
)
def test_paths_match_brute_force(
    G: nx.MultiGraph, pair: tuple[str, str], fail: set[str], track: str, max_hops: int, k: int
) -> None:
    a, b = pair
    tracks = {"any": None, "1": {"1"}, "2": {"1.5", "2"}}[track]
    expected = brute_routes(G, a, b, fail, tracks, max_hops)[:k]
    got = paths(G, a, b, fail=fail, track=track, max_hops=max_hops, k=k)
    H = nx.MultiGraph()
    H.add_edges_from(
        (u, v, kk, d)
        for u, v, kk, d in G.edges(keys=True, data=True)
        if kk not in fail and (tracks is None or d["track"] in tracks)
    )
    assert [route_key(H, r["countries"]) for r in got] == expected
    for r in got:  # each hop really uses a channel linking that pair, never one twice
        used = [s["channel"] for s in r["steps"]]
        assert len(set(used)) == len(used)
        assert all(H.has_edge(s["from"], s["to"], s["channel"]) for s in r["steps"])


def forum_world(members: int, bilateral: list[tuple[str, str]]) -> nx.MultiGraph:
    """``members`` countries in one forum (a clique of one channel) plus a few bilateral channels."""
    G = nx.MultiGraph()
    names = [f"n{i:02d}" for i in range(members)]
    for u, v in itertools.combinations(names, 2):
        G.add_edge(u, v, key="forum", track="1", level="ministerial", status="active", sources=["s"])
    for i, (u, v) in enumerate(bilateral):
        G.add_edge(u, v, key=f"b{i}", track="1", level="working", status="active", sources=["s"])
    return G


def test_rare_routes_in_a_forum_are_found_without_enumerating_its_paths() -> None:
    # 14 members of one forum: 10^9 simple paths of up to 10 hops, but a route uses the forum once,
    # so the only routes are the forum hop plus bilateral hops; the search must prove there is no other
    G = forum_world(14, [("n00", "n05"), ("n05", "n06"), ("n06", "n01")])
    search = route_search(G, "n00", "n01", max_hops=10, k=1000)
    assert search.complete
    assert [r["countries"] for r in search.routes] == [
        ["n00", "n01"],
        ["n00", "n05", "n01"],  # b0 then the forum
        ["n00", "n06", "n01"],  # the forum then b2
        ["n00", "n05", "n06", "n01"],  # b0, b1, b2 (or the forum for one of them)
    ]
    assert search.expanded < 2_000  # partial routes extended: bounded by the routes, not the paths


def brute_force_countries(G: nx.MultiGraph, a: str, b: str, max_hops: int) -> list[list[str]]:
    """The reference (:func:`brute_routes`) as country lists."""
    return [list(key[-1]) for key in brute_routes(G, a, b, set(), None, max_hops)]


def test_a_search_over_budget_gives_the_first_routes_of_the_exact_answer() -> None:
    G = forum_world(8, [(f"n{i:02d}", f"n{j:02d}") for i, j in itertools.combinations(range(8), 2)])
    full = route_search(G, "n00", "n01", max_hops=4, k=50)
    cut = route_search(G, "n00", "n01", max_hops=4, k=50, budget=3)
    assert full.complete and not cut.complete and cut.expanded == 3
    assert 0 < len(cut.routes) < len(full.routes)
    assert [r["countries"] for r in cut.routes] == [r["countries"] for r in full.routes][: len(cut.routes)]


@settings(max_examples=60, deadline=None)
@given(
    st.integers(3, 7),
    st.lists(st.tuples(st.integers(0, 6), st.integers(0, 6)), max_size=8),
    st.integers(1, 30),
)
def test_forum_worlds_match_brute_force(members: int, pairs: list[tuple[int, int]], k: int) -> None:
    bilateral = [(f"n{u:02d}", f"n{v:02d}") for u, v in pairs if u != v and max(u, v) < members]
    G = forum_world(members, bilateral)
    expected = brute_force_countries(G, "n00", "n01", 5)[:k]
    assert [r["countries"] for r in paths(G, "n00", "n01", max_hops=5, k=k)] == expected
