"""The bounded route search behind :func:`ddgraph.analysis.paths.paths` (its ranking, in its docstring).

Apart from :mod:`~ddgraph.analysis.paths` because it is an engine with its own invariants: partial
routes are extended best first by a lower bound of their final rank, a channel assignment is found
by branch and bound, and the work is capped (:data:`MAX_EXPANDED`, :data:`MAX_ASSIGNMENTS`), so no
``--max-hops`` enumerates every simple path. Nothing here is public API; paths.py is.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Collection, Iterable, Mapping
from typing import Any

import networkx as nx

from .. import vocabulary
from ..errors import BadArgument
from ..vocabulary import LEVEL_RANK, TRACK_RANK

#: ``track=`` choices: which channel tracks a route may use.
#: "1" official channels only, "1.5" Track 1.5 only, "2" every unofficial track (1.5 and 2), "any" all.
TRACKS: dict[str, frozenset[str] | None] = {
    **{t: frozenset({t}) for t in vocabulary.TRACKS},
    vocabulary.TRACKS[-1]: frozenset(vocabulary.TRACKS[1:]),
    "any": None,
}
#: Channel assignments tried per route (hops x parallel channels); beyond, the best found so far wins.
MAX_ASSIGNMENTS = 100_000
#: Partial routes a search extends at the most (``paths.route_search``); about a second of work.
MAX_EXPANDED = 50_000


def rank(d: dict[str, Any], key: str) -> tuple[int, int, str]:
    return TRACK_RANK.get(str(d.get("track")), 9), LEVEL_RANK.get(str(d.get("level")), 9), key


#: The channels linking a pair of countries: ``between(u, v) -> {mechanism id: edge data}``.
Between = Callable[[Any, Any], Mapping[str, dict[str, Any]]]


def hop_bounds(between: Between, u: Any, v: Any) -> tuple[int, int]:
    """The best track rank and the best level rank among the channels linking ``u`` and ``v``."""
    channels = between(u, v)
    return (
        min(TRACK_RANK.get(str(d.get("track")), 9) for d in channels.values()),
        min(LEVEL_RANK.get(str(d.get("level")), 9) for d in channels.values()),
    )


#: A hop's channels with their ranks, best first: ``(mechanism id, edge data, rank)``.
Options = list[tuple[str, dict[str, Any], tuple[int, int, str]]]


def assign(
    between: Between, countries: list[str], cache: dict[tuple[Any, Any], Options] | None = None
) -> list[tuple[str, dict[str, Any]]] | None:
    """The best channel for each hop, no channel used twice (a repeated channel is a shortcut).

    Branch and bound over the hops, each hop's channels in rank order: a partial choice is dropped as
    soon as it, completed with the best channel of every remaining hop, cannot beat the best so far.
    The first best choice in that order wins, as an exhaustive search in the same order would pick.
    At most :data:`MAX_ASSIGNMENTS` partial choices are tried; beyond, the best found so far wins.
    ``cache`` keeps each pair's sorted channels between calls (a route search asks for many routes).
    """
    cache = {} if cache is None else cache
    options = []
    for u, v in zip(countries, countries[1:], strict=False):
        hop = cache.get((u, v))
        if hop is None:
            hop = cache[(u, v)] = sorted(
                ((k, d, rank(d, k)) for k, d in between(u, v).items()), key=lambda o: o[2]
            )
        options.append(hop)
    n = len(options)
    # what the remaining hops add at the least: max and sum of their best track and level ranks
    rest = [(0, 0, 0, 0)] * (n + 1)
    for i in range(n - 1, -1, -1):
        t, lv = options[i][0][2][0], min(o[2][1] for o in options[i])
        mt, st, ml, sl = rest[i + 1]
        rest[i] = (max(mt, t), st + t, max(ml, lv), sl + lv)
    best: tuple[int, int, int, int] | None = None
    choice: list[tuple[str, dict[str, Any]]] | None = None
    picked: list[tuple[str, dict[str, Any]]] = []
    used: set[str] = set()
    tried = 0

    def walk(i: int, mt: int, st: int, ml: int, sl: int) -> None:
        nonlocal best, choice, tried
        if i == n:
            if best is None or (mt, st, ml, sl) < best:
                best, choice = (mt, st, ml, sl), list(picked)
            return
        for key, d, (t, lv, _) in options[i]:
            if key in used:
                continue
            tried += 1
            if tried > MAX_ASSIGNMENTS:
                return
            r = rest[i + 1]
            score = (max(mt, t), st + t, max(ml, lv), sl + lv)
            bound = (max(score[0], r[0]), score[1] + r[1], max(score[2], r[2]), score[3] + r[3])
            if best is not None and bound >= best:
                if bound[0] > best[0]:
                    return  # the channels left are of this track or weaker: none can do better
                continue
            used.add(key)
            picked.append((key, d))
            walk(i + 1, *score)
            picked.pop()
            used.discard(key)

    walk(0, 0, 0, 0, 0)
    return choice


def route_key_of(
    between: Between, countries: list[str], cache: dict[tuple[Any, Any], Options] | None = None
) -> tuple[Any, ...] | None:
    combo = assign(between, countries, cache)
    if combo is None:
        return None
    ranks = [rank(d, k) for k, d in combo]
    tracks, levels = [r[0] for r in ranks], [r[1] for r in ranks]
    return len(ranks), max(tracks), sum(tracks), max(levels), sum(levels), tuple(countries)


class BestFirst:
    """Best-first search of the routes of one length (see :func:`ddgraph.analysis.paths.route_search`)."""

    def __init__(self, channels: UsableChannels, a: Any, b: Any, budget: int) -> None:
        self.channels, self.a, self.b, self.budget = channels, a, b, budget
        self.expanded = 0
        self._bounds: dict[tuple[Any, Any], tuple[int, int]] = {}
        self._options: dict[tuple[Any, Any], Options] = {}
        # hops from b, grown one layer at a time as longer routes need them
        self._dist: dict[Any, int] = {b: 0}
        self._layer, self._depth = [b], 0

    def _within(self, v: Any, hops: int) -> bool:
        """Whether ``v`` is at most ``hops`` hops from ``b`` (breadth-first from ``b``, as deep as asked)."""
        while self._depth < hops and self._layer:
            nxt = []
            for u in self._layer:
                for w in self.channels.neighbors(u):
                    if w not in self._dist:
                        self._dist[w] = self._depth + 1
                        nxt.append(w)
            self._layer, self._depth = nxt, self._depth + 1
        d = self._dist.get(v)
        return d is not None and d <= hops

    def _hop(self, u: Any, v: Any) -> tuple[int, int]:
        bounds = self._bounds.get((u, v))
        if bounds is None:
            bounds = self._bounds[(u, v)] = hop_bounds(self.channels.between, u, v)
        return bounds

    def routes(self, length: int, want: int | None, found: list[list[Any]]) -> bool:
        """Append the best ``want`` routes of ``length`` hops to ``found``; False when over budget."""
        a, b, between, nbrs = self.a, self.b, self.channels.between, self.channels.neighbors
        # (weakest track, sum of tracks, weakest level, sum of levels, countries, exact): a partial
        # route's tuple bounds from below those of all its completions, a whole route's is its key
        # and the channels of its hops (to see at once when a new hop brings a channel of its own)
        Entry = tuple[int, int, int, int, tuple[Any, ...], bool, frozenset[str]]
        heap: list[Entry] = [(0, 0, 0, 0, (a,), False, frozenset())]
        got = 0
        while heap:
            mt, st, ml, sl, path, exact, used = heapq.heappop(heap)
            if exact:
                found.append(list(path))
                got += 1
                if want is not None and got >= want:
                    return True
                continue
            if self.expanded >= self.budget:
                return False
            self.expanded += 1
            left = length - len(path)  # hops left after the next one
            u = path[-1]
            for v in nbrs(u):
                if v in path or (v == b) != (left == 0) or (left and not self._within(v, left)):
                    continue
                hop = between(u, v)
                countries = [*path, v]
                if hop.keys() <= used and not distinct_possible(between, countries):
                    continue
                if v == b:
                    key = route_key_of(between, countries, self._options)
                    if key is not None:
                        heapq.heappush(heap, (*key[1:5], tuple(countries), True, used))
                    continue
                t, lv = self._hop(u, v)
                heapq.heappush(
                    heap,
                    (max(mt, t), st + t, max(ml, lv), sl + lv, tuple(countries), False, used | hop.keys()),
                )
        return True


def distinct_possible(between: Between, countries: list[Any]) -> bool:
    """Whether the hops can take one channel each, none twice (a matching of hops to channels).

    The search asks only when every channel of the last hop also links an earlier hop (else the
    last hop takes one of its own); hops are few, so augmenting paths from scratch are cheap.
    """
    hops = [between(u, v) for u, v in zip(countries, countries[1:], strict=False)]
    owner: dict[str, int] = {}

    def augment(i: int, seen: set[str]) -> bool:
        for key in hops[i]:
            if key in seen:
                continue
            seen.add(key)
            if key not in owner or augment(owner[key], seen):
                owner[key] = i
                return True
        return False

    return all(augment(i, set()) for i in range(len(hops)))


class UsableChannels:
    """The channels of ``CG`` that ``paths.usable`` keeps, read in place rather than copied.

    Copying a 50,000-edge channel graph (and projecting it) costs far more than the few hundred
    pairs a route search looks at, so the filter is applied to the pairs it reaches, once each.
    """

    def __init__(self, CG: nx.MultiGraph, fail: Iterable[str], track: str) -> None:
        if track not in TRACKS:
            raise BadArgument(f"unknown track {track!r}; expected one of {', '.join(TRACKS)}")
        self._adj = CG.adj
        self._allowed, self._failed = TRACKS[track], set(fail)
        self._everything = self._allowed is None and not self._failed
        self._neighbors: dict[Any, list[Any]] = {}
        self._between: dict[tuple[Any, Any], Mapping[str, dict[str, Any]]] = {}

    def _ok(self, key: str, d: Mapping[str, Any]) -> bool:
        return key not in self._failed and (self._allowed is None or d.get("track") in self._allowed)

    def between(self, u: Any, v: Any) -> Mapping[str, dict[str, Any]]:
        channels = self._between.get((u, v))
        if channels is None:  # a plain dict, filtered once: a search asks for the same pairs often
            channels = self._between[(u, v)] = {
                k: d for k, d in self._adj[u][v].items() if self._everything or self._ok(k, d)
            }
        return channels

    def neighbors(self, u: Any) -> Collection[Any]:
        if self._everything:
            return self._adj[u]
        nbrs = self._neighbors.get(u)
        if nbrs is None:
            nbrs = self._neighbors[u] = [
                v for v, channels in self._adj[u].items() if any(self._ok(k, d) for k, d in channels.items())
            ]
        return nbrs


Neighbors = Callable[[Any], Collection[Any]]


def distance(nbrs: Neighbors, a: Any, b: Any, limit: int | None) -> int | None:
    """Hops of a shortest ``a``--``b`` route (bidirectional breadth-first); None beyond ``limit`` or apart."""
    seen_a, seen_b = {a}, {b}
    front_a, front_b = [a], [b]
    depth = 0  # depth of front_a + depth of front_b; no route is that short
    while front_a and front_b:
        if limit is not None and depth >= limit:
            return None
        if len(front_a) > len(front_b):
            front_a, front_b, seen_a, seen_b = front_b, front_a, seen_b, seen_a
        nxt = []
        for u in front_a:
            for v in nbrs(u):
                if v in seen_b:
                    return depth + 1
                if v not in seen_a:
                    seen_a.add(v)
                    nxt.append(v)
        front_a = nxt
        depth += 1
    return None
