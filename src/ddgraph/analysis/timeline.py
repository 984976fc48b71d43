"""A pair's connectivity through time, computed incrementally, and its dark periods.

The channel graph changes only at *change points*: a status period starts or ends, a country joins or
leaves a mechanism. Between two consecutive change points the set of open channels is constant. The
functions here never rebuild a snapshot per change point:

* every open period of every channel, for every pair of its countries, is an *interval edge*
  ``(u, v, key, start, end)`` alive on ``[start, end)`` (:func:`interval_edges`);
* the *direct* links of the pair are a counter swept over the sorted change points (add at ``start``,
  remove at ``end``);
* *indirect* connectivity holds a certificate of the answer (a shortest route while the pair is
  joined, a closed side of the graph around ``a`` while it is not) and searches again only when it
  breaks. On sparse graphs the sweep keeps an adjacency with multiplicities as edges come and go
  (:func:`_certified_sweep`); on dense ones it keeps no adjacency at all: each pair's links are merged
  once into coverage intervals, a search tells how long its certificate holds, and the sweep jumps
  there (:func:`_coverage_sweep`, in numpy). A plain sweep searches at every change point, a rebuilt
  snapshot per point costs O(E) each.

The slow references (a networkx snapshot per change point) live with the tests
(``tests/oracles.py``), which hold this engine equal to them at every point.

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
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any, Literal, NamedTuple

import networkx as nx
import numpy as np

from ..channels import OPEN_CHANNELS, Channel, ChannelFilter, DatedGraph, dated
from ..countries import check_pair
from ..timeutil import Mode, check_range, overlap
from ..vocabulary import TRACKS

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
def connectivity_over_time(
    edges: Iterable[IntervalEdge | tuple[Any, ...]],
    a: Hashable,
    b: Hashable,
    points: Iterable[Any] = (),
    *,
    engine: Engine = "auto",
) -> ConnectivityTimeline:
    """The pair's direct channels and connectedness at every change point of ``edges`` (and ``points``).

    Edges are ``(u, v, key, start, end)`` with ``[start, end)`` half-open and ``end`` None for an
    interval still open; times are any ordered, hashable values (dates, numbers). Self-loops and
    empty intervals are ignored.

    ``engine`` chooses how connectedness is swept (the answer is the same): ``"sweep"`` keeps the
    adjacency as edges come and go (:func:`_certified_sweep`), best on sparse graphs, where routes
    are long and a's side is small; ``"coverage"`` never keeps an adjacency (:func:`_coverage_sweep`),
    best on dense graphs, where a short route lasts long; ``"auto"`` picks by the mean number of live
    links per node (:data:`DENSE_DEGREE`), and leaves the coverage sweep for the other when it has to
    search too often.

    >>> tl = connectivity_over_time([("a", "b", "x", 0, 10), ("a", "b", "y", 5, 7)], "a", "b")
    >>> list(zip(tl.points, tl.direct, tl.connected))
    [(0, ('x',), True), (5, ('x', 'y'), True), (7, ('x',), True), (10, (), False)]
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown timeline engine {engine!r}: one of {', '.join(ENGINES)}")
    cols = _Columns.of(edges if isinstance(edges, list) else list(edges), a, b, points)
    direct = cols.direct()
    connected = None
    if engine != "sweep" and (engine == "coverage" or cols.mean_degree() >= DENSE_DEGREE):
        connected = _coverage_sweep(cols, budget=None if engine == "coverage" else cols.search_budget())
    if connected is None:
        connected = _certified_sweep(range(len(cols.pts)), *cols.changes(), cols.ia, cols.ib)
    return ConnectivityTimeline(cols.pts, direct, connected)


Engine = Literal["auto", "sweep", "coverage"]
ENGINES: tuple[str, ...] = ("auto", "sweep", "coverage")

#: Mean live links per node (parallel ones counted) from which ``engine="auto"`` takes the coverage
#: sweep: a graph this dense has short routes that last (the benchmark's dense data has ~150, its
#: sparse random graph ~3).
DENSE_DEGREE = 8.0


class _Columns:
    """The live interval edges as numpy columns: nodes and times replaced by their ranks.

    ``u``/``v`` are node numbers, ``s``/``e`` indexes into ``pts`` (the sorted change points; ``e`` is
    ``len(pts)`` for an open end); ``ia``/``ib`` the numbers of ``a``/``b`` (-1 and -2 when absent).
    """

    __slots__ = ("pts", "u", "v", "s", "e", "keys", "index", "n", "ia", "ib")
    pts: list[Any]
    u: np.ndarray
    v: np.ndarray
    s: np.ndarray
    e: np.ndarray
    keys: list[Hashable]
    index: np.ndarray
    n: int
    ia: int
    ib: int

    @classmethod
    def of(cls, edges: list[Any], a: Hashable, b: Hashable, points: Iterable[Any]) -> _Columns:
        self = cls()
        extra = list(points)
        # one column at a time (``zip(*edges)`` would make an iterator per edge, and wake the collector)
        us, vs, keys, ss, es = (list(map(itemgetter(i), edges)) for i in range(5))
        times = set(ss)
        times.update(es)
        times.discard(None)
        times.update(extra)
        order = sorted(times)
        rank: dict[Any, int] = dict(zip(order, range(len(order)), strict=True))
        big = len(order)
        rank[None] = big
        nodes = set(us)
        nodes.update(vs)
        nid: dict[Hashable, int] = dict(zip(nodes, range(len(nodes)), strict=True))
        n = len(edges)
        u = np.fromiter(map(nid.__getitem__, us), np.int64, n)
        v = np.fromiter(map(nid.__getitem__, vs), np.int64, n)
        s = np.fromiter(map(rank.__getitem__, ss), np.int64, n)
        e = np.fromiter(map(rank.__getitem__, es), np.int64, n)
        keep = (u != v) & (s < e)
        u, v, s, e = u[keep], v[keep], s[keep], e[keep]
        self.keys, self.index = keys, np.flatnonzero(keep)
        used = np.unique(np.concatenate([s, e[e < big], np.fromiter(map(rank.__getitem__, extra), np.int64)]))
        self.pts = [order[i] for i in used.tolist()]
        remap = np.full(big + 1, len(used), dtype=np.int64)  # an open end stays past the last point
        remap[used] = np.arange(len(used))
        self.s, self.e = remap[s], remap[e]
        self.u, self.v, self.n = u, v, len(nodes)
        self.ia, self.ib = nid.get(a, -1), nid.get(b, -2)
        if a == b:
            self.ib = self.ia
        return self

    def direct(self) -> list[tuple[Hashable, ...]]:
        """The pair's own channel keys in force at each point (a counter swept over the points)."""
        ia, ib = self.ia, self.ib
        own = np.flatnonzero(((self.u == ia) & (self.v == ib)) | ((self.u == ib) & (self.v == ia)))
        opens: dict[int, list[Hashable]] = {}
        closes: dict[int, list[Hashable]] = {}
        for i, si, ei in zip(
            self.index[own].tolist(), self.s[own].tolist(), self.e[own].tolist(), strict=True
        ):
            opens.setdefault(si, []).append(self.keys[i])
            closes.setdefault(ei, []).append(self.keys[i])
        out: list[tuple[Hashable, ...]] = []
        active: dict[Hashable, int] = {}
        now: tuple[Hashable, ...] = ()
        for t in range(len(self.pts)):
            gone, new = closes.get(t), opens.get(t)
            if gone or new:
                for key in gone or ():
                    active[key] -= 1
                    if not active[key]:
                        del active[key]
                for key in new or ():
                    active[key] = active.get(key, 0) + 1
                now = tuple(sorted(active, key=str))
            out.append(now)
        return out

    def mean_degree(self) -> float:
        """Live links per node, on average over the points (parallel links counted)."""
        p = len(self.pts)
        if not p or not self.n:
            return 0.0
        live = np.cumsum(np.bincount(self.s, minlength=p + 1) - np.bincount(self.e, minlength=p + 1))
        return 2.0 * float(live[:p].mean()) / self.n

    def search_budget(self) -> int:
        """Searches the coverage sweep may make before the adjacency sweep is the better bet."""
        return max(64, len(self.pts) // 32)

    def changes(self) -> tuple[dict[int, list[tuple[int, int]]], dict[int, list[tuple[int, int]]]]:
        """The edges ``(u, v)`` that start and that end at each point, for :func:`_certified_sweep`."""
        adds: dict[int, list[tuple[int, int]]] = defaultdict(list)
        drops: dict[int, list[tuple[int, int]]] = defaultdict(list)
        pairs = list(zip(self.u.tolist(), self.v.tolist(), strict=True))
        for uv, si, ei in zip(pairs, self.s.tolist(), self.e.tolist(), strict=True):
            adds[si].append(uv)
            drops[ei].append(uv)
        return adds, drops


def _coverage_sweep(cols: _Columns, budget: int | None) -> list[bool] | None:
    """Whether ``a`` and ``b`` are joined at each point, without keeping an adjacency.

    The edges of each pair of nodes are merged once into *coverage* intervals (the times the pair has
    at least one live link). A search (breadth first over the links live at a point, in numpy) gives
    a certificate that says how long its answer holds: while joined, one route, which holds until the
    first of its pairs loses its coverage; while apart, a's closed side, which holds until a pair with
    one end in it gains coverage. The sweep jumps from one such time to the next, so its cost is the
    number of searches, not the number of changes. Returns None once it has made more than ``budget``
    searches (the graph is too sparse for it: the caller sweeps the adjacency instead).
    """
    p, ia, ib = len(cols.pts), cols.ia, cols.ib
    if ia == ib:
        return [True] * p
    if ia < 0 or ib < 0 or not len(cols.u):
        return [False] * p
    lo, hi = np.minimum(cols.u, cols.v), np.maximum(cols.u, cols.v)
    pair = lo * cols.n + hi
    order = np.lexsort((cols.s, pair))
    pair, s, e = pair[order], cols.s[order], cols.e[order]
    # the running latest end within each pair (pairs sorted, so an offset per pair keeps them apart)
    span = p + 2
    _, pid = np.unique(pair, return_inverse=True)
    reach = np.maximum.accumulate(pid * span + e) - pid * span
    begins = np.ones(len(pair), dtype=bool)
    begins[1:] = (pair[1:] != pair[:-1]) | (s[1:] > reach[:-1])
    first = np.flatnonzero(begins)
    last = np.append(first[1:] - 1, len(pair) - 1)
    ms, me = s[first], reach[last]
    mu, mv = pair[first] // cols.n, pair[first] % cols.n
    answer = np.zeros(p, dtype=bool)
    t, searches = 0, 0
    while t < p:
        searches += 1
        if budget is not None and searches > budget:
            return None
        live = np.flatnonzero((ms <= t) & (me > t))
        lu, lv = mu[live], mv[live]
        seen = np.zeros(cols.n, dtype=bool)
        seen[ia] = True
        via = np.full(cols.n, -1, dtype=np.int64)  # the coverage interval that reached each node
        back = np.full(cols.n, -1, dtype=np.int64)  # and the node it came from
        while not seen[ib]:
            fwd = seen[lu] & ~seen[lv]
            rev = seen[lv] & ~seen[lu]
            if not (fwd.any() or rev.any()):
                break
            new, one = np.unique(np.concatenate([lv[fwd], lu[rev]]), return_index=True)
            back[new] = np.concatenate([lu[fwd], lv[rev]])[one]
            via[new] = np.concatenate([live[fwd], live[rev]])[one]
            seen[new] = True
        if seen[ib]:
            until, x = p, ib
            while x != ia:
                until = min(until, int(me[via[x]]))
                x = int(back[x])
            answer[t:until] = True
        else:
            crossing = (seen[mu] != seen[mv]) & (ms > t)
            until = int(ms[crossing].min()) if crossing.any() else p
        t = until
    return answer.tolist()


_NONE: tuple[Any, ...] = ()


def _certified_sweep(
    pts: Sequence[Any],
    adds: Mapping[Any, Sequence[tuple[Any, ...]]],
    drops: Mapping[Any, Sequence[tuple[Any, ...]]],
    a: Hashable,
    b: Hashable,
) -> list[bool]:
    """Whether ``a`` and ``b`` are joined at each point, searching only when a change can matter.

    ``adds`` and ``drops`` give, per point, the edges ``(u, v, ...)`` that start and end there. The
    sweep keeps the adjacency (with multiplicities) as edges come and go, and a *certificate* of the
    current answer: when the pair is joined, the links of one shortest route between them (only
    losing one of those can disconnect them); when it is not, a set of nodes holding ``a`` but not
    ``b`` with no edge leaving it (only an edge added with exactly one end in it can join them). A
    breadth-first search from ``a`` runs only when a change breaks the certificate, and renews it.
    On dense graphs the route is one or two hops and is rarely cut; on sparse ones ``a``'s side is
    small and rarely touched. It never searches more than once per point, as a plain sweep does.
    """
    if a == b:
        return [True] * len(pts)
    adj: dict[Hashable, dict[Hashable, int]] = defaultdict(dict)
    route: dict[Hashable, Hashable] = {}  # the certificate while joined: node -> next node to b
    side: set[Hashable] = {a}  # the certificate while apart (closed, holds a, not b)
    joined = False
    answer = []
    for t in pts:
        stale = False
        for e in drops.get(t, _NONE):
            u, v = e[0], e[1]
            nu = adj[u]
            c = nu[v]
            if c == 1:
                del nu[v]
                del adj[v][u]
                if joined and (route.get(u) == v or route.get(v) == u):
                    stale = True
            else:
                nu[v] = adj[v][u] = c - 1
        for e in adds.get(t, _NONE):
            u, v = e[0], e[1]
            nu = adj[u]
            if v in nu:
                nu[v] = adj[v][u] = nu[v] + 1
            else:
                nu[v] = adj[v][u] = 1
                if not joined and (u in side) != (v in side):
                    stale = True
        if stale:
            parent = {a: a}
            frontier = [a]
            joined = False
            while frontier and not joined:
                nxt = []
                for x in frontier:
                    for y in adj[x]:
                        if y not in parent:
                            parent[y] = x
                            if y == b:
                                joined = True
                                break
                            nxt.append(y)
                    if joined:
                        break
                frontier = nxt
            if joined:
                route = {}
                y = b
                while y != a:
                    x = parent[y]
                    route[x] = y
                    y = x
            else:
                side = set(parent)
        answer.append(joined)
    return answer


# ------------------------------------------------------------------------- from the dated dataset
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
        answered = ch.answered_ranges() if channels.require_answered else [(None, None)]
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
