"""Slow reference implementations that the tests hold the fast code equal to (not part of ddgraph)."""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Any

import networkx as nx

from ddgraph.analysis.timeline import ConnectivityTimeline, IntervalEdge


def _live(edges: Iterable[IntervalEdge | tuple[Any, ...]]) -> list[IntervalEdge]:
    out = [IntervalEdge(*e) for e in edges]
    return [e for e in out if e.u != e.v and (e.end is None or e.start < e.end)]


def snapshot_connectivity(
    edges: Iterable[IntervalEdge | tuple[Any, ...]], a: Hashable, b: Hashable, t: Any
) -> tuple[tuple[Hashable, ...], bool]:
    """The pair's direct keys and connectedness at ``t``, from a networkx snapshot rebuilt from scratch.

    >>> snapshot_connectivity([("a", "b", "x", 1, 5), ("b", "c", "y", 3, None)], "a", "c", 4)
    ((), True)
    """
    S = nx.Graph()
    S.add_nodes_from((a, b))
    direct = set()
    for e in _live(edges):
        if e.start <= t and (e.end is None or t < e.end):
            S.add_edge(e.u, e.v)
            if {e.u, e.v} == {a, b}:
                direct.add(e.key)
    return tuple(sorted(direct, key=str)), nx.has_path(S, a, b)


def rebuild_timeline(
    edges: Iterable[IntervalEdge | tuple[Any, ...]], a: Hashable, b: Hashable, points: Iterable[Any] = ()
) -> ConnectivityTimeline:
    """:func:`snapshot_connectivity` at every change point (every start, end, and extra point).

    >>> rebuild_timeline([("a", "b", "x", 1, 5)], "a", "b").connected
    [True, False]
    """
    live = _live(edges)
    pts = sorted({e.start for e in live} | {e.end for e in live if e.end is not None} | set(points))
    snaps = [snapshot_connectivity(live, a, b, t) for t in pts]
    return ConnectivityTimeline(pts, [s[0] for s in snaps], [s[1] for s in snaps])
