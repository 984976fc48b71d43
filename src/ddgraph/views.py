"""Dated networkx views of the property graph: the channel graph of countries and the person graph.

Every analysis starts from :func:`base_graph` -- the whole :class:`~ddgraph.graph.PropertyGraph` as a
networkx ``MultiDiGraph`` -- whether it came from ``graph/*.yaml`` or was read back from Neo4j, and
derives the graph it needs here:

* :func:`channel_graph` -- countries linked, on a date, by each channel (Mechanism) in the requested
  statuses (open = active/resumed by default). A ``MultiGraph`` whose edge key is the mechanism id, so
  a multilateral forum projected onto every pair of its members stays identifiable.
* :func:`person_graph` -- officials linked by the events they attended together.
* :func:`resolve_country` -- a country id from an id, an ISO code or a name/alias in any language.

Dates are read as documented in :mod:`ddgraph.timeutil` (``possible`` / ``certain`` modes).

Examples
--------
>>> G = tiny_graph()
>>> CG = channel_graph(G, "2024-01-01", tracks={"1"})
>>> sorted((u, v, k) for u, v, k in CG.edges(keys=True) if k != "forum")
[('chn', 'usa', 'dtl')]
"""

from __future__ import annotations

import bisect
import datetime as dt
import difflib
import itertools
import unicodedata
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from .errors import UnknownCountry
from .export import to_networkx
from .graph import PropertyGraph
from .timeutil import Mode, Period, parse_date_arg, participation_range, start_day, status_periods

#: Statuses in which a channel is open for use.
OPEN = frozenset({"active", "resumed"})
#: Outcomes of a use that mean the other side did not pick up.
FAILED_OUTCOMES = frozenset({"declined", "unanswered"})
#: Outcomes of an event that mean it did not take place (no co-attendance for the person graph).
NOT_HELD = frozenset({"declined", "unanswered", "cancelled", "planned"})
TRACK_RANK = {"1": 0, "1.5": 1, "2": 2}
LEVEL_RANK = {"leader": 0, "ministerial": 1, "senior_official": 2, "working": 3}

DateLike = dt.date | str
Range = tuple[dt.date | None, dt.date | None]


def base_graph(pg: PropertyGraph) -> nx.MultiDiGraph:
    """The property graph as a networkx ``MultiDiGraph``: the one input of every view and analysis.

    >>> from ddgraph.graph import PropertyGraph
    >>> base_graph(PropertyGraph()).number_of_nodes()
    0
    """
    return to_networkx(pg)


def _day(value: DateLike) -> dt.date:
    return value if isinstance(value, dt.date) else parse_date_arg(value)


def _labels(G: nx.MultiDiGraph, n: str) -> tuple[str, ...]:
    return tuple(G.nodes[n].get("labels", ()))


# ------------------------------------------------------------------------------------ channel index
@dataclass(frozen=True)
class Use:
    """A recorded use of a mechanism: a session, a call, a meeting (event id, start day, outcome)."""

    event: str
    day: dt.date
    kind: str | None
    outcome: str | None
    name: str | None


@dataclass(frozen=True)
class Channel:
    """Everything the views need about one mechanism, read once from the base graph."""

    id: str
    name: str
    kind: str
    track: str
    level: str
    sources: tuple[str, ...]
    countries: Mapping[str, tuple[Range, ...]]  # country -> merged participation ranges
    periods: tuple[Period, ...]
    uses: tuple[Use, ...]
    triggers: Mapping[str, str] = field(default_factory=dict)  # StatusChange id -> Event id
    # the first status is only a lower bound (lower_bound: true): the channel is older than this day,
    # and what it was before is unknown, not closed
    known_from: dt.date | None = None
    # Precomputed once for the as-of views (channel_graph asks every mechanism about every day):
    # period starts when the periods follow each other without overlap (else None: scan in order),
    # their ISO texts, and the members between consecutive membership boundaries.
    _starts: tuple[dt.date, ...] | None = field(init=False, repr=False, compare=False)
    _start_texts: tuple[str, ...] = field(init=False, repr=False, compare=False)
    _bounds: tuple[dt.date, ...] = field(init=False, repr=False, compare=False)
    _members: tuple[tuple[str, ...], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        periods = self.periods
        ordered = all(p.end is not None and p.end <= q.start
                      for p, q in zip(periods, periods[1:], strict=False))
        object.__setattr__(self, "_starts", tuple(p.start for p in periods) if ordered else None)
        object.__setattr__(self, "_start_texts", tuple(p.start.isoformat() for p in periods))
        items = sorted(self.countries.items())
        bounds = sorted({d for _, ranges in items for r in ranges for d in r if d is not None})
        # membership only changes at a boundary: test each stretch at its first day
        members = tuple(tuple(c for c, ranges in items if any(_in(r, first) for r in ranges))
                        for first in (dt.date.min, *bounds))
        object.__setattr__(self, "_bounds", tuple(bounds))
        object.__setattr__(self, "_members", members)

    def _period_index(self, day: dt.date) -> int | None:
        if self._starts is not None:
            i = bisect.bisect_right(self._starts, day) - 1
            if i >= 0:
                end = self.periods[i].end
                if end is None or day < end:
                    return i
            return None
        for i, period in enumerate(self.periods):
            if period.contains(day):
                return i
        return None

    def status_on(self, day: dt.date) -> Period | None:
        """The status period in force on ``day`` (None before the first recorded status)."""
        i = self._period_index(day)
        return None if i is None else self.periods[i]

    def _members_on(self, day: dt.date) -> tuple[str, ...]:
        return self._members[bisect.bisect_right(self._bounds, day)]

    def countries_on(self, day: dt.date) -> list[str]:
        """The participating countries on ``day``, sorted."""
        return list(self._members_on(day))

    def last_use(self, day: dt.date) -> Use | None:
        """The last use with a recorded outcome (other than planned) on or before ``day``."""
        if not self.uses:
            return None
        best = None
        for use in self.uses:
            if use.day <= day and use.outcome is not None and use.outcome != "planned":
                best = use if best is None or (use.day, use.event) >= (best.day, best.event) else best
        return best


def _in(r: Range, day: dt.date) -> bool:
    return (r[0] is None or r[0] <= day) and (r[1] is None or day < r[1])


def _merge(ranges: Iterable[Range]) -> tuple[Range, ...]:
    lo, hi = dt.date.min, dt.date.max
    spans = sorted((s or lo, e or hi) for s, e in ranges if (s or lo) < (e or hi))
    out: list[list[dt.date]] = []
    for s, e in spans:
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return tuple((None if s == lo else s, None if e == hi else e) for s, e in out)


def country_of(G: nx.MultiDiGraph, node: str) -> str | None:
    """The country a Country or Organization node belongs to, following PART_OF; None if none.

    >>> country_of(tiny_graph(), "pla")
    'chn'
    """
    seen: set[str] = set()
    while node not in seen:
        seen.add(node)
        labels = _labels(G, node)
        if "Country" in labels:
            return node
        if "Organization" not in labels:
            return None
        parents = [v for _, v, d in G.out_edges(node, data=True) if d.get("type") == "PART_OF"]
        if not parents:
            return None
        node = parents[0]
    return None


def channel_index(G: nx.MultiDiGraph, mode: Mode = "possible") -> dict[str, Channel]:
    """Every Mechanism of ``G`` as a :class:`Channel`: countries (via PART_OF), status periods, uses.

    Compute it once and pass it as ``index=`` to the views when asking about many dates.

    >>> sorted(channel_index(tiny_graph()))
    ['dtl', 'forum', 'track2']
    """
    out: dict[str, Channel] = {}
    for mid, data in G.nodes(data=True):
        if "Mechanism" not in data.get("labels", ()):
            continue
        ranges: dict[str, list[Range]] = {}
        changes: list[dict[str, Any]] = []
        triggers: dict[str, str] = {}
        uses: list[Use] = []
        for party, _, rel in G.in_edges(mid, data=True):
            if rel.get("type") == "PARTICIPATES_IN":
                country = country_of(G, party)
                if country is not None:
                    ranges.setdefault(country, []).append(participation_range(rel, mode))
            elif rel.get("type") == "OF_MECHANISM":
                ev = G.nodes[party]
                day = start_day(ev, mode, prefix="date")
                if day is not None:
                    uses.append(Use(party, day, ev.get("kind"), ev.get("outcome"), ev.get("name")))
        for _, sc, rel in G.out_edges(mid, data=True):
            if rel.get("type") == "HAS_STATUS":
                changes.append(dict(G.nodes[sc]))
                for _, ev, trel in G.out_edges(sc, data=True):
                    if trel.get("type") == "TRIGGERED_BY":
                        triggers[sc] = ev
        periods = tuple(status_periods(changes, mode))
        first = min(changes, key=lambda c: c.get("seq", 0), default=None)
        lower_bound = bool(periods and first is not None and first.get("lower_bound"))
        out[mid] = Channel(
            id=mid, name=str(data.get("name", mid)), kind=str(data.get("kind")), track=str(data.get("track")),
            level=str(data.get("level")), sources=tuple(data.get("sources", ())),
            countries={c: _merge(r) for c, r in sorted(ranges.items())},
            periods=periods,
            uses=tuple(sorted(uses, key=lambda u: (u.day, u.event))), triggers=triggers,
            known_from=periods[0].start if lower_bound else None,
        )
    return out


def _keep(ch: Channel, kinds: Collection[str] | None, exclude_kinds: Collection[str] | None,
          tracks: Collection[str] | None, levels: Collection[str] | None) -> bool:
    return ((kinds is None or ch.kind in kinds) and (not exclude_kinds or ch.kind not in exclude_kinds)
            and (tracks is None or ch.track in tracks) and (levels is None or ch.level in levels))


# ------------------------------------------------------------------------------------ channel graph
def channel_graph(
    G: nx.MultiDiGraph,
    as_of: DateLike,
    *,
    kinds: Collection[str] | None = None,
    exclude_kinds: Collection[str] | None = None,
    tracks: Collection[str] | None = None,
    levels: Collection[str] | None = None,
    statuses: Collection[str] | None = OPEN,
    require_answered: bool = False,
    mode: Mode = "possible",
    index: Mapping[str, Channel] | None = None,
) -> nx.MultiGraph:
    """Countries linked on ``as_of`` by every channel in the requested statuses.

    Parameters
    ----------
    G : the base graph (:func:`base_graph`).
    as_of : the day (``date`` or ISO/EDTF text; imprecise text stands for its first day).
    kinds, exclude_kinds, tracks, levels : keep only mechanisms of these kinds / not of these kinds /
        of these tracks (``"1"``, ``"1.5"``, ``"2"``) / of these levels. None keeps all.
    statuses : statuses that count (default: open = active, resumed); None keeps every recorded status.
    require_answered : drop a channel whose last recorded use on or before ``as_of`` was declined or
        unanswered (it exists on paper but nobody picked up).
    mode : ``possible`` or ``certain`` reading of imprecise dates (:mod:`ddgraph.timeutil`).
    index : a precomputed :func:`channel_index` (same ``mode``) to save work over many dates.

    Returns
    -------
    networkx.MultiGraph
        Nodes: every Country (``name``, ``iso3``). Edges: one per (pair of participating countries,
        mechanism), key = mechanism id, attributes ``mechanism``, ``name``, ``kind``, ``track``,
        ``level``, ``status``, ``from`` (start of the current status), ``status_change``, ``event``
        (what triggered that status, if recorded), ``sources``, ``parties`` (number of countries),
        ``multilateral``, ``last_use``, ``last_outcome``. The edges of one mechanism share one
        attribute dict (a forum of 30 members is 435 edges): copy it before changing one edge.

    Examples
    --------
    >>> G = tiny_graph()
    >>> sorted(channel_graph(G, "2023-01-01", statuses=None).edges(keys=True, data="status"))[:2]
    [('chn', 'usa', 'dtl', 'suspended'), ('chn', 'usa', 'forum', 'active')]
    """
    day = _day(as_of)
    idx = index if index is not None else channel_index(G, mode)
    CG = nx.MultiGraph(as_of=day.isoformat(), mode=mode)
    for n, data in G.nodes(data=True):
        if "Country" in data.get("labels", ()):
            CG.add_node(n, name=data.get("name", n), iso3=data.get("iso3"))
    filtered = kinds is not None or bool(exclude_kinds) or tracks is not None or levels is not None
    adj = CG._adj  # edges are written as MultiGraph.add_edge writes them, without a dict per edge
    for ch in idx.values():
        if filtered and not _keep(ch, kinds, exclude_kinds, tracks, levels):
            continue
        i = ch._period_index(day)
        if i is None:
            continue
        period = ch.periods[i]
        if statuses is not None and period.status not in statuses:
            continue
        last = ch.last_use(day)
        if require_answered and last is not None and last.outcome in FAILED_OUTCOMES:
            continue
        members = ch._members_on(day)
        if len(members) < 2:
            continue
        attrs = {
            "mechanism": ch.id, "name": ch.name, "kind": ch.kind, "track": ch.track, "level": ch.level,
            "status": period.status, "from": ch._start_texts[i], "status_change": period.change,
            "from_is_lower_bound": i == 0 and ch.known_from is not None,
            "event": ch.triggers.get(period.change), "sources": list(ch.sources), "parties": len(members),
            "multilateral": len(members) > 2, "last_use": last.event if last else None,
            "last_outcome": last.outcome if last else None,
        }
        key = ch.id
        for u in members:
            if u not in adj:  # an index of another graph: add_edge would add the node
                CG.add_node(u)
        for j, u in enumerate(members):
            nbrs = adj[u]
            for v in members[j + 1:]:
                keydict = nbrs.get(v)
                if keydict is None:
                    nbrs[v] = adj[v][u] = {key: attrs}
                else:
                    keydict[key] = attrs
    return CG


def simple_graph(CG: nx.MultiGraph) -> nx.Graph:
    """The simple projection of a channel graph: one edge per linked pair, ``weight`` = channels, ``keys``.

    >>> sorted(simple_graph(channel_graph(tiny_graph(), "2023-01-01")).edges(data="weight"))
    [('chn', 'usa', 1), ('chn', 'vnm', 1), ('usa', 'vnm', 1)]
    """
    S = nx.Graph()
    S.add_nodes_from(CG.nodes(data=True))
    for u, v, k in CG.edges(keys=True):
        if S.has_edge(u, v):
            S[u][v]["weight"] += 1
            S[u][v]["keys"].append(k)
        else:
            S.add_edge(u, v, weight=1, keys=[k])
    for _, _, d in S.edges(data=True):
        d["keys"].sort()
    return S


def mechanism_graph(CG: nx.MultiGraph) -> nx.Graph:
    """The bipartite country--mechanism graph of a channel graph (mechanism nodes are ``("m", id)``).

    One multilateral mechanism is one node here, so removing it removes all the links it carries.

    >>> sorted(mechanism_graph(channel_graph(tiny_graph(), "2023-01-01")).neighbors(("m", "forum")))
    ['chn', 'usa', 'vnm']
    """
    B = nx.Graph()
    B.add_nodes_from(CG.nodes, bipartite=0)
    for u, v, k in CG.edges(keys=True):
        B.add_node(("m", k), bipartite=1)
        B.add_edge(u, ("m", k))
        B.add_edge(v, ("m", k))
    return B


# ------------------------------------------------------------------------------------- person graph
def person_graph(
    G: nx.MultiDiGraph,
    *,
    start: DateLike | None = None,
    end: DateLike | None = None,
    event_kinds: Collection[str] | None = None,
    held_only: bool = True,
    mode: Mode = "possible",
) -> nx.Graph:
    """Officials linked by the events they attended together (``weight`` = events, ``events`` = ids).

    Parameters
    ----------
    start, end : keep events whose start day is in ``[start, end]`` (inclusive; None = unbounded).
    event_kinds : keep only these event kinds (e.g. ``{"session", "call", "meeting"}``); None = all.
    held_only : skip events that did not take place (declined, unanswered, cancelled, planned).

    Examples
    --------
    >>> P = person_graph(tiny_graph())
    >>> sorted(P.edges(data="weight"))
    [('austin', 'dong', 1)]
    """
    lo = _day(start) if start is not None else None
    hi = _day(end) if end is not None else None
    P = nx.Graph()
    for n, data in G.nodes(data=True):
        if "Person" in data.get("labels", ()):
            nationality = next((v for _, v, d in G.out_edges(n, data=True)
                                if d.get("type") == "CITIZEN_OF"), None)
            P.add_node(n, name=data.get("name", n), nationality=nationality)
    for ev, data in G.nodes(data=True):
        if "Event" not in data.get("labels", ()):
            continue
        if event_kinds is not None and data.get("kind") not in event_kinds:
            continue
        if held_only and data.get("outcome") in NOT_HELD:
            continue
        day = start_day(data, mode, prefix="date")
        if day is None or (lo is not None and day < lo) or (hi is not None and day > hi):
            continue
        people = sorted({p for p, _, d in G.in_edges(ev, data=True)
                         if d.get("type") == "ATTENDED" and "Person" in _labels(G, p)})
        for u, v in itertools.combinations(people, 2):
            if P.has_edge(u, v):
                P[u][v]["weight"] += 1
                P[u][v]["events"].append(ev)
            else:
                P.add_edge(u, v, weight=1, events=[ev])
    for _, _, d in P.edges(data=True):
        d["events"].sort()
    return P


# -------------------------------------------------------------------------------- country resolution
def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", _norm(text).replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def country_names(G: nx.MultiDiGraph) -> dict[str, str]:
    """Every normalized id, ISO code, name and alias of the Country nodes -> country id."""
    names: dict[str, str] = {}
    for n, data in sorted(G.nodes(data=True)):
        if "Country" not in data.get("labels", ()):
            continue
        keys = [n, data.get("iso3"), data.get("name"), *(v for k, v in data.items() if k.startswith("name_")),
                *data.get("aliases", ())]
        for key in keys:
            if isinstance(key, str) and key.strip():
                names.setdefault(_norm(key), n)
                names.setdefault(_fold(key), n)
    return names


def resolve_country(G: nx.MultiDiGraph, text: str) -> str:
    """The id of the country named ``text``: id, ISO 3166 code (any case), or a name/alias in any language.

    Raises :class:`~ddgraph.errors.UnknownCountry` with suggestions when nothing matches.

    >>> G = tiny_graph()
    >>> resolve_country(G, "USA"), resolve_country(G, "Trung Quốc"), resolve_country(G, "中国")
    ('usa', 'chn', 'chn')
    >>> resolve_country(G, "Chna")
    Traceback (most recent call last):
    ...
    ddgraph.errors.UnknownCountry: unknown country 'Chna' (did you mean China (CHN)?)
    """
    names = country_names(G)
    for key in (_norm(text), _fold(text)):
        if key in names:
            return names[key]
    try:  # official names and alpha-2 codes the dataset does not spell out ("US", "Viet Nam")
        import pycountry

        found = pycountry.countries.lookup(text.strip())
        if found.alpha_3.lower() in G and "Country" in _labels(G, found.alpha_3.lower()):
            return str(found.alpha_3.lower())
    except LookupError:
        pass
    close = difflib.get_close_matches(_fold(text), list(names), n=6, cutoff=0.6)
    ids = list(dict.fromkeys(names[c] for c in close))[:3]
    hint = " or ".join(f"{G.nodes[i].get('name', i)} ({G.nodes[i].get('iso3', i.upper())})" for i in ids)
    raise UnknownCountry(f"unknown country {text!r}" + (f" (did you mean {hint}?)" if hint else
                                                         " (not in the dataset)"))


# ---------------------------------------------------------------------------------------- examples
def tiny_graph() -> nx.MultiDiGraph:
    """A three-country example: a US--China hotline suspended in 2022, a forum, a Track 2 dialogue.

    Used by the docstring examples and the unit tests.
    """
    from .graph import Node

    pg = PropertyGraph()
    src = {"sources": ["s"]}
    pg.add_node(Node("s", ("Source",), {"id": "s", "sources": ["s"]}))
    for cid, iso, name, extra in [("usa", "USA", "United States", {"name_vi": "Hoa Kỳ"}),
                                  ("chn", "CHN", "China", {"name_vi": "Trung Quốc", "name_zh": "中国"}),
                                  ("vnm", "VNM", "Vietnam", {"name_vi": "Việt Nam"})]:
        pg.add_node(Node(cid, ("Country",), {"id": cid, "iso3": iso, "name": name, "name_en": name, **extra,
                                             **src}))
    pg.add_node(Node("pla", ("Organization",), {"id": "pla", "name": "PLA", "kind": "military", **src}))
    pg.add_relationship("PART_OF", "pla", "chn", src)
    for mid, kind, track in [("dtl", "hotline", "1"), ("forum", "multilateral_forum", "1"),
                             ("track2", "track2_dialogue", "2")]:
        pg.add_node(Node(mid, ("Mechanism",), {"id": mid, "name": mid.upper(), "kind": kind, "track": track,
                                               "level": "ministerial", **src}))
    pg.add_relationship("PARTICIPATES_IN", "usa", "dtl", src)
    pg.add_relationship("PARTICIPATES_IN", "pla", "dtl", src)
    for c in ("usa", "chn", "vnm"):
        pg.add_relationship("PARTICIPATES_IN", c, "forum", src)
    pg.add_relationship("PARTICIPATES_IN", "usa", "track2", src)
    pg.add_relationship("PARTICIPATES_IN", "chn", "track2", {"from": "2023-06-01", **src})
    history = [("dtl", "active", "2008-03-01", "2008-03-31", None), ("dtl", "suspended", "2022-08-05",
                                                                     "2022-08-05", "cut"),
               ("dtl", "resumed", "2023-11-15", "2023-11-15", None), ("forum", "active", "2010", "2010-12-31",
                                                                      None),
               ("track2", "active", "2023-03-01", "2023-03-31", None)]
    seqs: dict[str, int] = {}
    for mid, status, frm, latest, ev in history:
        seq = seqs[mid] = seqs.get(mid, -1) + 1
        sid = f"{mid}--{status}"
        pg.add_node(Node(sid, ("StatusChange",), {"id": sid, "mechanism": mid, "status": status, "seq": seq,
                                                  "from": frm if len(frm) == 10 else f"{frm}-01-01",
                                                  "from_latest": latest, **src}))
        pg.add_relationship("HAS_STATUS", mid, sid, {"seq": seq, **src})
        if ev:
            pg.add_node(Node(ev, ("Event", "Suspension"), {"id": ev, "name": "China cuts channels",
                                                           "kind": "suspension", "date": frm, **src}))
            pg.add_relationship("TRIGGERED_BY", sid, ev, src)
    for pid in ("austin", "dong"):
        pg.add_node(Node(pid, ("Person",), {"id": pid, "name": pid.title(), **src}))
    pg.add_node(Node("call1", ("Event", "Call"), {"id": "call1", "name": "Call", "kind": "call",
                                                  "date": "2024-04-16", "outcome": "answered", **src}))
    pg.add_node(Node("call0", ("Event", "Call"), {"id": "call0", "name": "Call", "kind": "call",
                                                  "date": "2023-02-10", "outcome": "declined", **src}))
    for ev in ("call0", "call1"):
        pg.add_relationship("OF_MECHANISM", ev, "dtl", src)
        pg.add_relationship("ATTENDED", "austin", ev, src)
        pg.add_relationship("ATTENDED", "dong", ev, src)
    return base_graph(pg)
