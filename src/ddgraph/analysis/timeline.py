"""A pair's connectivity through time, computed incrementally, and its dark periods.

The channel graph changes only at *change points*: a status period starts or ends, a country joins or
leaves a mechanism. Between two consecutive change points the set of open channels is constant. The
functions here never rebuild a snapshot per change point:

* every open period of every channel, for every pair of its countries, is an *interval edge*
  ``(u, v, key, start, end)`` alive on ``[start, end)`` (:func:`interval_edges`);
* the *direct* links of the pair are a counter swept over the sorted change points (add at ``start``,
  remove at ``end``);
* *indirect* connectivity is offline dynamic connectivity: each interval edge is stored in the
  O(log T) nodes of a segment tree over the T change points that cover its interval, and one
  depth-first walk of the tree applies the edges of each node to a union-find with rollback (union by
  size, no path compression), answers the leaves, and undoes the unions on the way back up. Total
  cost O(E log T log V) instead of O(T * E) for rebuilt snapshots. Two prunings make it faster
  still: once the pair is joined inside a subtree, every leaf below is joined; a subtree with no
  interval edge inherits its parent's answer.

:func:`rebuild_timeline` is the slow reference (one snapshot per change point) used by the tests and
the benchmarks.

Examples
--------
>>> tl = connectivity_over_time([("a", "b", "x", 1, 5), ("b", "c", "y", 3, None)], "a", "c")
>>> list(zip(tl.points, tl.connected))
[(1, False), (3, True), (5, False)]
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import networkx as nx

from ..channels import OPEN_CHANNELS, Channel, ChannelFilter, DatedGraph, dated
from ..countries import check_pair
from ..timeutil import Mode, check_range, overlap
from ..vocabulary import FAILED_OUTCOMES, TRACKS

#: Open channels of the most official track: what a "dark period" is about by default.
TRACK1_CHANNELS = ChannelFilter(tracks={TRACKS[0]})


class IntervalEdge(NamedTuple):
    """A link between ``u`` and ``v`` through channel ``key``, alive on ``[start, end)`` (None = open)."""

    u: Hashable
    v: Hashable
    key: Hashable
    start: Any
    end: Any | None


@dataclass(frozen=True)
class ConnectivityTimeline:
    """The pair's state at each change point: direct channel keys and whether any route joins them."""

    points: list[Any]
    direct: list[tuple[Hashable, ...]]
    connected: list[bool]

    def at(self, t: Any) -> tuple[tuple[Hashable, ...], bool]:
        """The state in force at ``t`` (the last change point on or before ``t``)."""
        i = bisect.bisect_right(self.points, t) - 1
        return ((), False) if i < 0 else (self.direct[i], self.connected[i])


# --------------------------------------------------------------------------- the incremental engine
def _change_points(edges: Sequence[IntervalEdge], extra: Iterable[Any] = ()) -> list[Any]:
    pts = {e.start for e in edges}
    pts.update(e.end for e in edges if e.end is not None)
    pts.update(extra)
    return sorted(pts)


def connectivity_over_time(
    edges: Iterable[IntervalEdge | tuple[Any, ...]], a: Hashable, b: Hashable, points: Iterable[Any] = ()
) -> ConnectivityTimeline:
    """The pair's direct channels and connectedness at every change point of ``edges`` (and ``points``).

    Edges are ``(u, v, key, start, end)`` with ``[start, end)`` half-open and ``end`` None for an
    interval still open; times are any ordered values (dates, numbers). Self-loops and empty intervals
    are ignored.

    >>> tl = connectivity_over_time([("a", "b", "x", 0, 10), ("a", "b", "y", 5, 7)], "a", "b")
    >>> list(zip(tl.points, tl.direct, tl.connected))
    [(0, ('x',), True), (5, ('x', 'y'), True), (7, ('x',), True), (10, (), False)]
    """
    live = [IntervalEdge(*e) for e in edges]
    live = [e for e in live if e.u != e.v and (e.end is None or e.start < e.end)]
    pts = _change_points(live, points)
    n = len(pts)
    index = {t: i for i, t in enumerate(pts)}
    # direct links: a counter (here, the set of keys) swept over the change points
    opens: list[list[Hashable]] = [[] for _ in range(n)]
    closes: list[list[Hashable]] = [[] for _ in range(n)]
    pair = {a, b}
    for e in live:
        if {e.u, e.v} == pair:
            opens[index[e.start]].append(e.key)
            if e.end is not None:
                closes[index[e.end]].append(e.key)
    direct: list[tuple[Hashable, ...]] = []
    active: dict[Hashable, int] = {}
    for i in range(n):
        for key in closes[i]:
            active[key] -= 1
            if not active[key]:
                del active[key]
        for key in opens[i]:
            active[key] = active.get(key, 0) + 1
        direct.append(tuple(sorted(active, key=str)))
    connected = _offline_pair_connectivity(live, pts, index, a, b)
    return ConnectivityTimeline(pts, direct, connected)


def _offline_pair_connectivity(
    edges: Sequence[IntervalEdge], pts: Sequence[Any], index: dict[Any, int], a: Hashable, b: Hashable
) -> list[bool]:
    n = len(pts)
    answer = [False] * n
    if n == 0 or a == b:
        return [a == b] * n
    ids: dict[Hashable, int] = {a: 0, b: 1}
    size = 1
    while size < n:
        size *= 2
    tree: list[list[tuple[int, int]]] = [[] for _ in range(2 * size)]
    for e in edges:
        u = ids.setdefault(e.u, len(ids))
        v = ids.setdefault(e.v, len(ids))
        lo = index[e.start] + size
        hi = (index[e.end] if e.end is not None else n) + size
        while lo < hi:  # the O(log T) canonical nodes covering [start, end)
            if lo & 1:
                tree[lo].append((u, v))
                lo += 1
            if hi & 1:
                hi -= 1
                tree[hi].append((u, v))
            lo >>= 1
            hi >>= 1
    busy = [bool(t) for t in tree]  # does the subtree hold any edge?
    for node in range(size - 1, 0, -1):
        busy[node] = busy[node] or busy[2 * node] or busy[2 * node + 1]
    parent = list(range(len(ids)))
    rank = [1] * len(ids)
    history: list[tuple[int, int]] = []  # (absorbed root, its new parent) for rollback

    def find(x: int) -> int:
        while parent[x] != x:
            x = parent[x]
        return x

    # iterative DFS; a negative entry means "leave this node: roll back to this history length"
    stack: list[tuple[int, int, int, int]] = [(1, 0, size, 0)]
    while stack:
        node, lo, hi, mark = stack.pop()
        if node < 0:
            while len(history) > mark:
                child, root = history.pop()
                parent[child] = child
                rank[root] -= rank[child]
            continue
        if lo >= n:
            continue
        mark = len(history)
        for u, v in tree[node]:
            ru, rv = find(u), find(v)
            if ru != rv:
                if rank[ru] < rank[rv]:
                    ru, rv = rv, ru
                parent[rv] = ru
                rank[ru] += rank[rv]
                history.append((rv, ru))
        joined = find(0) == find(1)
        if joined or hi - lo == 1 or not (busy[2 * node] or busy[2 * node + 1]):
            for i in range(lo, min(hi, n)):
                answer[i] = joined
        else:
            mid = (lo + hi) // 2
            stack.append((-1, 0, 0, mark))
            stack.append((2 * node + 1, mid, hi, 0))
            stack.append((2 * node, lo, mid, 0))
            continue
        while len(history) > mark:
            child, root = history.pop()
            parent[child] = child
            rank[root] -= rank[child]
    return answer


def snapshot_connectivity(
    edges: Iterable[IntervalEdge | tuple[Any, ...]], a: Hashable, b: Hashable, t: Any
) -> tuple[tuple[Hashable, ...], bool]:
    """The pair's direct keys and connectedness at ``t``, from a snapshot rebuilt from scratch.

    >>> snapshot_connectivity([("a", "b", "x", 1, 5), ("b", "c", "y", 3, None)], "a", "c", 4)
    ((), True)
    """
    S = nx.Graph()
    S.add_nodes_from((a, b))
    direct = set()
    for e in map(lambda x: IntervalEdge(*x), edges):
        if e.u != e.v and e.start <= t and (e.end is None or t < e.end):
            S.add_edge(e.u, e.v)
            if {e.u, e.v} == {a, b}:
                direct.add(e.key)
    return tuple(sorted(direct, key=str)), nx.has_path(S, a, b)


def rebuild_timeline(
    edges: Iterable[IntervalEdge | tuple[Any, ...]], a: Hashable, b: Hashable, points: Iterable[Any] = ()
) -> ConnectivityTimeline:
    """The slow reference: :func:`snapshot_connectivity` at every change point.

    >>> rebuild_timeline([("a", "b", "x", 1, 5)], "a", "b").connected
    [True, False]
    """
    live = [IntervalEdge(*e) for e in edges]
    live = [e for e in live if e.u != e.v and (e.end is None or e.start < e.end)]
    pts = _change_points(live, points)
    snaps = [snapshot_connectivity(live, a, b, t) for t in pts]
    return ConnectivityTimeline(pts, [s[0] for s in snaps], [s[1] for s in snaps])


# ------------------------------------------------------------------------- from the dated dataset
def _answered_ranges(ch: Channel) -> list[tuple[dt.date | None, dt.date | None]]:
    """Where the last recorded use was not declined/unanswered (what ``require_answered`` keeps)."""
    out: list[tuple[dt.date | None, dt.date | None]] = []
    start: dt.date | None = None
    ok = True
    for use in ch.uses:
        if use.outcome is None or use.outcome == "planned":
            continue
        now = use.outcome not in FAILED_OUTCOMES
        if now and not ok:
            start, ok = use.day, True
        elif ok and not now:
            if start is None or start < use.day:
                out.append((start, use.day))
            ok = False
    if ok:
        out.append((start, None))
    return out


def interval_edges(
    G: nx.MultiDiGraph | DatedGraph,
    channels: ChannelFilter = OPEN_CHANNELS,
    *,
    mode: Mode = "possible",
) -> list[IntervalEdge]:
    """Every (pair of countries, channel, period in the filter's statuses) of ``G`` as an interval edge.

    For every day D, the edges alive on D are exactly the edges of
    ``channel_graph(G, D, channels, mode=mode)`` (:func:`ddgraph.views.channel_graph`).

    >>> from ddgraph.examples import tiny_graph
    >>> [(e.u, e.v, str(e.start), str(e.end)) for e in interval_edges(tiny_graph()) if e.key == "dtl"]
    [('chn', 'usa', '2008-03-01', '2022-08-05'), ('chn', 'usa', '2023-11-15', 'None')]
    """
    statuses = channels.statuses
    out: list[IntervalEdge] = []
    for ch in dated(G, mode).index.values():
        if not channels.keeps(ch):
            continue
        answered = _answered_ranges(ch) if channels.require_answered else [(None, None)]
        for period in ch.periods:
            if statuses is not None and period.status not in statuses:
                continue
            for cu, cv in itertools.combinations(sorted(ch.countries), 2):
                for ru, rv, ra in itertools.product(ch.countries[cu], ch.countries[cv], answered):
                    span = overlap((period.start, period.end), ru)
                    span = overlap(span, rv) if span else None
                    span = overlap(span, ra) if span else None
                    if span is not None and span[0] is not None:
                        out.append(IntervalEdge(cu, cv, ch.id, span[0], span[1]))
    return sorted(out, key=lambda e: (e.start, str(e.u), str(e.v), str(e.key)))


def _changes_by_day(idx: Mapping[str, Channel], a: str, b: str) -> dict[dt.date, list[str]]:
    """What happened on each day: status changes of every channel, uses of the pair's channels."""
    out: dict[dt.date, list[str]] = {}
    for ch in idx.values():
        for period in ch.periods:
            out.setdefault(period.start, []).append(f"{ch.id}: {period.status}")
        if a in ch.countries and b in ch.countries:
            for use in ch.uses:
                out.setdefault(use.day, []).append(
                    f"{use.event} ({use.kind}{', ' + use.outcome if use.outcome else ''})"
                )
    return out


def pair_timeline(
    G: nx.MultiDiGraph | DatedGraph,
    a: str,
    b: str,
    channels: ChannelFilter = OPEN_CHANNELS,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    mode: Mode = "possible",
) -> list[dict[str, Any]]:
    """The pair's connectivity at every change point in ``[start, end]`` (inclusive; None = unbounded).

    Each row: ``date``, ``changes`` (status changes anywhere, uses of the pair's own channels),
    ``direct`` (open channels linking them directly), ``direct_track1``, ``connected`` (by any route)
    and ``connected_track1`` (by a route of Track 1 channels only). ``channels`` says which channels
    count, as in :func:`ddgraph.views.channel_graph`.

    >>> from ddgraph.examples import tiny_graph
    >>> rows = pair_timeline(tiny_graph(), "usa", "chn", start=dt.date(2022, 1, 1))
    >>> [(r["date"], r["direct_track1"], r["connected_track1"]) for r in rows][:2]
    [('2022-08-05', ['forum'], True), ('2023-02-10', ['forum'], True)]
    """
    check_pair(a, b)
    check_range(start, end)
    dg = dated(G, mode)
    idx = dg.index
    changes = _changes_by_day(idx, a, b)
    edges = interval_edges(dg, channels, mode=mode)
    track1 = {k for k, ch in idx.items() if ch.track == "1"}
    every = connectivity_over_time(edges, a, b, points=changes)
    official = connectivity_over_time([e for e in edges if e.key in track1], a, b, points=every.points)
    rows = []
    for i, t in enumerate(every.points):
        if (start is not None and t < start) or (end is not None and t > end):
            continue
        rows.append(
            {
                "date": t.isoformat(),
                "changes": sorted(changes.get(t, [])),
                "direct": list(every.direct[i]),
                "direct_track1": list(official.direct[i]),
                "connected": every.connected[i],
                "connected_track1": official.connected[i],
            }
        )
    return rows


def dark_periods(
    G: nx.MultiDiGraph | DatedGraph,
    a: str,
    b: str,
    channels: ChannelFilter = TRACK1_CHANNELS,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    mode: Mode = "possible",
) -> list[dict[str, Any]]:
    """Periods after the pair was first linked when no channel that ``channels`` keeps linked them.

    By default the channels are the open Track 1 ones (:data:`TRACK1_CHANNELS`).

    Each: ``start`` (first dark day), ``end`` (first day a channel was open again; None if still dark),
    ``duration_days`` (to ``end``, or to the window's ``end`` when still dark), ``closed`` (channels open
    the day before, with the events that closed them), ``reopened_by`` (channels open on ``end``) and
    ``unknown_before``: channels whose recorded history only starts after ``start`` with a lower bound
    (their founding is older and unverified), so the pair may not have been dark while they existed.
    Periods overlapping ``[start, end]`` are kept whole.

    >>> from ddgraph.examples import tiny_graph
    >>> no_forum = TRACK1_CHANNELS.but(exclude_kinds={"multilateral_forum"})
    >>> dark = dark_periods(tiny_graph(), "usa", "chn", no_forum)
    >>> [(d["start"], d["end"], d["duration_days"]) for d in dark]
    [('2022-08-05', '2023-11-15', 467)]
    """
    check_pair(a, b)
    check_range(start, end)
    dg = dated(G, mode)
    idx = dg.index
    edges = [e for e in interval_edges(dg, channels, mode=mode) if {e.u, e.v} == {a, b}]
    tl = connectivity_over_time(edges, a, b)
    out = []
    for i, t in enumerate(tl.points):
        if tl.direct[i] or i == 0:
            continue
        if not tl.direct[i - 1]:
            continue
        nxt = next((j for j in range(i + 1, len(tl.points)) if tl.direct[j]), None)
        stop = tl.points[nxt] if nxt is not None else None
        if (end is not None and t > end) or (start is not None and stop is not None and stop <= start):
            continue
        until = stop if stop is not None else end
        closed = []
        for key in tl.direct[i - 1]:
            ch = idx[str(key)]
            period = ch.status_on(t)
            closed.append(
                {
                    "channel": key,
                    "status": period.status if period else None,
                    "event": ch.triggers.get(period.change) if period else None,
                }
            )
        # a channel whose known history only starts later (lower_bound) may have been open: say so
        unknown = sorted(
            {str(e.key) for e in edges if (known := idx[str(e.key)].known_from) is not None and known > t}
        )
        out.append(
            {
                "start": t.isoformat(),
                "end": stop.isoformat() if stop else None,
                "duration_days": (until - t).days if until is not None else None,
                "ongoing": stop is None,
                "closed": closed,
                "reopened_by": list(tl.direct[nxt]) if nxt is not None else [],
                "unknown_before": unknown,
            }
        )
    return out
