"""Channel-breakdown paths: when the direct channels are down, which routes remain, and which channel matters.

:func:`paths` ranks the routes between two countries in a channel graph
(:func:`ddgraph.views.channel_graph`, which already leaves out channels recorded as suspended or
dormant) after failing some channels on purpose. Routes are ranked by

1. number of hops (fewer is better);
2. the route's weakest track (a chain is as official as its least official hop: 1 < 1.5 < 2), then
   the sum of the hop tracks;
3. the route's weakest level (leader < ministerial < senior official < working), then the sum;
4. the country sequence (for a stable order).

Each hop names its channel and lists the other channels that also link that pair. A route never
uses one channel on two hops: a channel (a multilateral forum) that links both hops' countries links
the ends directly, so going "through" a third member of the same forum is not another route.
:func:`channel_criticality` measures, for every channel, what the pair loses without it.

Examples
--------
>>> from ddgraph.views import channel_graph
>>> from ddgraph.examples import tiny_graph
>>> CG = channel_graph(tiny_graph(), "2024-01-01")
>>> [r["countries"] for r in paths(CG, "usa", "chn", fail=["dtl", "track2"])]
[['usa', 'chn']]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx

from ..channels import ChannelFilter, DatedGraph, dated
from ..countries import check_pair
from ..errors import BadArgument
from ..timeutil import Mode
from ..views import channel_graph, simple_graph
from ..vocabulary import LEVEL_RANK, TRACK_RANK
from .connectivity import disjoint_routes
from .route_search import (
    MAX_ASSIGNMENTS,
    MAX_EXPANDED,
    TRACKS,
    BestFirst,
    Between,
    UsableChannels,
    assign,
    distance,
    rank,
    route_key_of,
)

__all__ = [
    "CRITICALITY_COLUMNS",
    "MAX_ASSIGNMENTS",
    "MAX_EXPANDED",
    "TRACKS",
    "RouteSearch",
    "ROUTE_COLUMNS",
    "channel_criticality",
    "pair_routes",
    "paths",
    "route_key",
    "route_rows",
    "route_search",
    "usable",
]


def usable(CG: nx.MultiGraph, *, fail: Iterable[str] = (), track: str = "any") -> nx.MultiGraph:
    """``CG`` without the failed channels and the channels of other tracks.

    >>> from ddgraph.views import channel_graph
    >>> from ddgraph.examples import tiny_graph
    >>> sorted(k for *_, k in usable(channel_graph(tiny_graph(), "2024-01-01"), track="2").edges(keys=True))
    ['track2']
    """
    if track not in TRACKS:
        raise BadArgument(f"unknown track {track!r}; expected one of {', '.join(TRACKS)}")
    allowed, failed = TRACKS[track], set(fail)
    H = nx.MultiGraph()
    H.graph.update(CG.graph)
    H.add_nodes_from(CG.nodes(data=True))
    H.add_edges_from(
        (u, v, k, d)
        for u, v, k, d in CG.edges(keys=True, data=True)
        if k not in failed and (allowed is None or d.get("track") in allowed)
    )
    return H


def route_key(CG: nx.MultiGraph, countries: list[str]) -> tuple[Any, ...] | None:
    """The ranking key of a route given by its countries (None when every assignment repeats a channel).

    ``(hops, weakest track, sum of tracks, weakest level, sum of levels, countries)``, ranks from
    :data:`ddgraph.vocabulary.TRACK_RANK` and :data:`ddgraph.vocabulary.LEVEL_RANK`.

    >>> from ddgraph.views import channel_graph
    >>> from ddgraph.examples import tiny_graph
    >>> route_key(channel_graph(tiny_graph(), "2024-01-01"), ["usa", "chn"])
    (1, 0, 0, 1, 1, ('usa', 'chn'))
    """
    return route_key_of(CG.get_edge_data, countries)


def _route(between: Between, countries: list[str]) -> dict[str, Any]:
    combo = assign(between, countries)
    assert combo is not None
    steps = []
    for (u, v), (key, d) in zip(zip(countries, countries[1:], strict=False), combo, strict=True):
        channels = between(u, v)
        others = sorted((k for k in channels if k != key), key=lambda k: rank(channels[k], k))
        steps.append(
            {
                "from": u,
                "to": v,
                "channel": key,
                "name": d.get("name"),
                "kind": d.get("kind"),
                "track": d.get("track"),
                "level": d.get("level"),
                "status": d.get("status"),
                "since": d.get("from"),
                "sources": list(d.get("sources", ())),
                "alternatives": others,
            }
        )
    worst_track = max((s["track"] for s in steps), key=lambda t: TRACK_RANK.get(str(t), 9))
    worst_level = max((s["level"] for s in steps), key=lambda lv: LEVEL_RANK.get(str(lv), 9))
    return {
        "hops": len(steps),
        "countries": countries,
        "track": worst_track,
        "level": worst_level,
        "steps": steps,
    }


def paths(
    CG: nx.MultiGraph,
    a: str,
    b: str,
    *,
    fail: Collection[str] = (),
    max_hops: int | None = 4,
    track: str = "any",
    k: int | None = 10,
) -> list[dict[str, Any]]:
    """The best ``k`` routes from ``a`` to ``b`` of at most ``max_hops`` hops, after failing ``fail``.

    Parameters
    ----------
    CG : a channel graph as of a date.
    fail : mechanism ids to treat as down (in addition to those recorded as not open).
    max_hops : longest route considered (None = any length; beware of large graphs).
    track : ``"1"`` official channels only, ``"2"`` unofficial (1.5 and 2) only, ``"1.5"``, or ``"any"``.
    k : number of routes to return (None = all within ``max_hops``).

    Returns
    -------
    list of dict
        ``rank``, ``hops``, ``countries``, ``track`` and ``level`` (the weakest hop's), and ``steps``:
        for each hop ``from``, ``to``, ``channel``, ``name``, ``kind``, ``track``, ``level``, ``status``,
        ``since``, ``sources``, ``alternatives`` (other channels linking the same pair).

    Examples
    --------
    >>> from ddgraph.views import channel_graph
    >>> from ddgraph.examples import tiny_graph
    >>> r = paths(channel_graph(tiny_graph(), "2024-01-01"), "usa", "chn", k=1)[0]
    >>> r["steps"][0]["channel"], r["steps"][0]["alternatives"]
    ('dtl', ['forum', 'track2'])
    """
    return route_search(CG, a, b, fail=fail, max_hops=max_hops, track=track, k=k).routes


@dataclass(frozen=True)
class RouteSearch:
    """The answer of :func:`route_search`: the routes, and whether the search ran to its end.

    ``complete`` is False when :data:`MAX_EXPANDED` partial routes were extended before ``k`` routes
    were found: the routes given are then the first ones of the exact answer, in order, and fewer
    than asked. ``expanded`` counts the partial routes extended (the work done).
    """

    routes: list[dict[str, Any]]
    complete: bool
    expanded: int


def route_search(
    CG: nx.MultiGraph,
    a: str,
    b: str,
    *,
    fail: Collection[str] = (),
    max_hops: int | None = 4,
    track: str = "any",
    k: int | None = 10,
    budget: int | None = None,
) -> RouteSearch:
    """:func:`paths` with its bookkeeping: the best ``k`` routes found best first, with bounded work.

    For each route length from the shortest up, partial routes from ``a`` are extended best first by
    a lower bound of their final rank (each hop counted with its best channel): a route is only ever
    extended when it can still rank among the first ``k``, when its last country can reach ``b`` in
    the hops left, and when its hops can still take distinct channels. So the search stops at ``k``
    routes instead of enumerating every simple path, and at most ``budget`` (default
    :data:`MAX_EXPANDED`) partial routes are extended whatever the graph.

    >>> from ddgraph.views import channel_graph
    >>> from ddgraph.examples import tiny_graph
    >>> s = route_search(channel_graph(tiny_graph(), "2024-01-01"), "usa", "chn", k=1)
    >>> [r["countries"] for r in s.routes], s.complete
    ([['usa', 'chn']], True)
    """
    check_pair(a, b)
    usable_channels = UsableChannels(CG, fail, track)
    if a not in CG or b not in CG:
        return RouteSearch([], True, 0)
    limit = len(CG) - 1 if max_hops is None else min(max_hops, len(CG) - 1)
    hops = distance(usable_channels.neighbors, a, b, limit)
    if hops is None:
        return RouteSearch([], True, 0)
    search = BestFirst(usable_channels, a, b, MAX_EXPANDED if budget is None else budget)
    found: list[list[Any]] = []
    complete = True
    for length in range(hops, limit + 1):
        if k is not None and len(found) >= k:
            break
        complete = search.routes(length, None if k is None else k - len(found), found)
        if not complete:
            break
    out = [_route(usable_channels.between, p) for p in found]
    for i, r in enumerate(out, 1):
        r["rank"] = i
    return RouteSearch(out, complete, search.expanded)


def channel_criticality(
    CG: nx.MultiGraph, a: str, b: str, *, fail: Collection[str] = (), track: str = "any"
) -> list[dict[str, Any]]:
    """What the pair ``a``, ``b`` loses without each channel (most critical first).

    For every channel in the pair's component: whether the pair stays connected, the number of
    edge- and node-disjoint routes, and the shortest route length, with and without it. Sorted by
    (disconnects, drop in edge-disjoint routes, drop in node-disjoint routes, added hops, id).

    >>> from ddgraph.views import channel_graph
    >>> from ddgraph.examples import tiny_graph
    >>> rows = channel_criticality(channel_graph(tiny_graph(), "2023-01-01"), "usa", "chn")
    >>> [(r["channel"], r["disconnects"], r["edge_disjoint_drop"]) for r in rows]
    [('forum', True, 2)]
    """
    H = usable(CG, fail=fail, track=track)
    S = simple_graph(H)
    if a not in S or b not in S or not nx.has_path(S, a, b):
        return []
    comp = nx.node_connected_component(S, a)
    base = _measure(H, a, b)
    rows = []
    keys = sorted({kk for u, _, kk in H.edges(keys=True) if u in comp})
    for key in keys:
        data = next(d for *_, kk, d in H.edges(keys=True, data=True) if kk == key)
        after = _measure(usable(H, fail=[key]), a, b)
        rows.append(
            {
                "channel": key,
                "name": data.get("name"),
                "kind": data.get("kind"),
                "track": data.get("track"),
                "disconnects": not after["connected"],
                "edge_disjoint": base["edge_disjoint"],
                "edge_disjoint_after": after["edge_disjoint"],
                "edge_disjoint_drop": base["edge_disjoint"] - after["edge_disjoint"],
                "node_disjoint_drop": base["node_disjoint"] - after["node_disjoint"],
                "hops": base["hops"],
                "hops_after": after["hops"],
                "added_hops": (after["hops"] - base["hops"]) if after["connected"] else None,
            }
        )
    rows.sort(
        key=lambda r: (
            not r["disconnects"],
            -r["edge_disjoint_drop"],
            -r["node_disjoint_drop"],
            -(r["added_hops"] or 0),
            r["channel"],
        )
    )
    return rows


def _measure(H: nx.MultiGraph, a: str, b: str) -> dict[str, Any]:
    S = simple_graph(H)
    connected = nx.has_path(S, a, b)
    return {
        "connected": connected,
        "hops": nx.shortest_path_length(S, a, b) if connected else None,
        **disjoint_routes(H, a, b),
    }


def route_rows(routes: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Routes of :func:`paths` as flat rows (one per route) for a table or CSV.

    >>> from ddgraph.views import channel_graph
    >>> from ddgraph.examples import tiny_graph
    >>> route_rows(paths(channel_graph(tiny_graph(), "2024-01-01"), "usa", "chn", k=1))[0]["channels"]
    ['usa-chn: dtl (resumed)']
    """
    return [
        {
            "rank": r["rank"],
            "hops": r["hops"],
            "route": " > ".join(r["countries"]),
            "track": r["track"],
            "level": r["level"],
            "channels": [f"{s['from']}-{s['to']}: {s['channel']} ({s['status']})" for s in r["steps"]],
            "sources": sorted({x for s in r["steps"] for x in s["sources"]}),
        }
        for r in routes
    ]


#: The columns of ``ddgraph paths`` (table and csv) and of its ``--criticality`` table.
ROUTE_COLUMNS = ["rank", "hops", "route", "track", "level", "channels", "sources"]
CRITICALITY_COLUMNS = [
    "channel",
    "name",
    "track",
    "disconnects",
    "edge_disjoint",
    "edge_disjoint_after",
    "hops",
    "hops_after",
]


def pair_routes(
    G: nx.MultiDiGraph | DatedGraph,
    a: str,
    b: str,
    as_of: dt.date,
    *,
    fail: Collection[str] = (),
    max_hops: int | None = 4,
    track: str = "any",
    k: int | None = 10,
    kinds: Collection[str] | None = None,
    criticality: bool = False,
    mode: Mode = "possible",
) -> dict[str, Any]:
    """What ``ddgraph paths`` answers on ``as_of``: the routes, their rows, and the channels' criticality.

    ``G`` is a base graph or a :class:`~ddgraph.channels.DatedGraph`; ``kinds`` keeps only channels
    of those kinds. Returns ``routes`` (as :func:`paths`), ``rows`` (:func:`route_rows`),
    ``criticality`` (:func:`channel_criticality`, or None unless asked) and ``note`` (a sentence when
    the search stopped at its budget, else None). Raises :class:`~ddgraph.errors.BadArgument` for a
    channel in ``fail`` that the dataset does not have.

    >>> import datetime as dt
    >>> from ddgraph.examples import tiny_graph
    >>> answer = pair_routes(tiny_graph(), "usa", "chn", dt.date(2024, 1, 1), fail=["dtl"], k=1)
    >>> answer["rows"][0]["route"], answer["criticality"], answer["note"]
    ('usa > chn', None, None)
    """
    dg = dated(G, mode)
    unknown = sorted(set(fail) - set(dg.index))
    if unknown:
        raise BadArgument(f"unknown channel(s) to fail: {', '.join(unknown)}")
    CG = channel_graph(dg, as_of, ChannelFilter(kinds=frozenset(kinds) if kinds else None), mode=mode)
    found = route_search(CG, a, b, fail=fail, max_hops=max_hops, track=track, k=k)
    note = (
        None
        if found.complete
        else f"note: the search stopped after {found.expanded:,} partial routes; these are the best "
        f"{len(found.routes)}, in order (ask for fewer hops or routes for more)"
    )
    return {
        "routes": found.routes,
        "rows": route_rows(found.routes),
        "criticality": channel_criticality(CG, a, b, fail=fail, track=track) if criticality else None,
        "note": note,
    }
