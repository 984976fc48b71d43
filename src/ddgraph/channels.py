"""The channel index: every mechanism read once from the base graph, and the filter of which count.

:func:`channel_index` turns each Mechanism of a base graph (:func:`ddgraph.views.base_graph`) into a
:class:`Channel`: its countries (through PART_OF) with their participation ranges, its status periods
and its uses, read in one mode of imprecise dates (:mod:`ddgraph.timeutil`). A :class:`DatedGraph`
holds a base graph with its index, built once; a :class:`ChannelFilter` says which channels count.
Every view and analysis takes these two values instead of keyword bags.

Why one module of ~500 lines: Channel, its index, ChannelFilter, the compact EdgeTable and DatedGraph
are one family of values built from each other in one pass and read together by every view; apart,
the filter's vocabulary would sit away from the fields it filters and the cache from what it caches.

Examples
--------
>>> from ddgraph.examples import tiny_graph
>>> dg = DatedGraph(tiny_graph())
>>> sorted(dg.index)
['dtl', 'forum', 'track2']
>>> [ch.id for ch in dg.index.values() if ChannelFilter(tracks={"2"}).keeps(ch)]
['track2']
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import networkx as nx
import numpy as np

from .errors import BadArgument
from .timeutil import (
    Mode,
    Period,
    as_date,
    check_mode,
    overlap,
    participation_range,
    start_day,
    status_periods,
)
from .vocabulary import FAILED_OUTCOMES, LEVELS, MECHANISM_KINDS, OPEN, STATUSES, TRACKS

Range = tuple[dt.date | None, dt.date | None]


def _labels(G: nx.MultiDiGraph, n: str) -> tuple[str, ...]:
    return tuple(G.nodes[n].get("labels", ()))


def _dated_days(G: nx.MultiDiGraph) -> list[dt.date]:
    keys = ("from", "to", "date")
    days = [d[k] for _, d in G.nodes(data=True) for k in keys if k in d]
    days += [d[k] for *_, d in G.edges(data=True) for k in keys if k in d]
    return [d for d in map(as_date, days) if d is not None]


def data_ends(G: nx.MultiDiGraph) -> dt.date | None:
    """The day of the graph's last dated fact (a status change, event, participation or office), or None.

    Read on the earliest days of the dates (``from``, ``to``, ``date``); a source's publication date is
    not a fact about the channels. An answer about a later day assumes nothing changed since.

    >>> from ddgraph.examples import tiny_graph
    >>> data_ends(tiny_graph())
    datetime.date(2024, 4, 16)
    """
    return max(_dated_days(G), default=None)


def data_begins(G: nx.MultiDiGraph) -> dt.date | None:
    """The day of the graph's first dated fact, read as :func:`data_ends` reads them, or None.

    >>> from ddgraph.examples import tiny_graph
    >>> data_begins(tiny_graph())
    datetime.date(2008, 3, 1)
    """
    return min(_dated_days(G), default=None)


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
        ordered = all(
            p.end is not None and p.end <= q.start for p, q in zip(periods, periods[1:], strict=False)
        )
        object.__setattr__(self, "_starts", tuple(p.start for p in periods) if ordered else None)
        object.__setattr__(self, "_start_texts", tuple(p.start.isoformat() for p in periods))
        items = sorted(self.countries.items())
        bounds = sorted({d for _, ranges in items for r in ranges for d in r if d is not None})
        # membership only changes at a boundary: test each stretch at its first day
        members = tuple(
            tuple(c for c, ranges in items if any(_in(r, first) for r in ranges))
            for first in (dt.date.min, *bounds)
        )
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

    def answered_ranges(self) -> list[Range]:
        """Where the last recorded use was not declined/unanswered (what ``require_answered`` keeps)."""
        out: list[Range] = []
        start: dt.date | None = None
        ok = True
        for use in self.uses:
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

    >>> from ddgraph.examples import tiny_graph
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

    >>> from ddgraph.examples import tiny_graph
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
            id=mid,
            name=str(data.get("name", mid)),
            kind=str(data.get("kind")),
            track=str(data.get("track")),
            level=str(data.get("level")),
            sources=tuple(data.get("sources", ())),
            countries={c: _merge(r) for c, r in sorted(ranges.items())},
            periods=periods,
            uses=tuple(sorted(uses, key=lambda u: (u.day, u.event))),
            triggers=triggers,
            known_from=periods[0].start if lower_bound else None,
        )
    return out


# ----------------------------------------------------------------------------- which channels count
def _words(
    name: str, value: Collection[str] | str | None, vocabulary: Collection[str]
) -> frozenset[str] | None:
    if value is None:
        return None
    words = frozenset({value} if isinstance(value, str) else value)
    unknown = sorted(words - set(vocabulary))
    if unknown:
        raise BadArgument(f"unknown {name} {unknown[0]!r}; expected one of {', '.join(vocabulary)}")
    return words


@dataclass(frozen=True)
class ChannelFilter:
    """Which channels an analysis counts: kinds, tracks, levels, statuses, and answered use.

    ``None`` keeps every value (``statuses=None``: every recorded status, as ``ddgraph channels``
    lists them); the default counts the open channels (:data:`ddgraph.vocabulary.OPEN`) of every kind.
    Values outside the model's vocabulary raise :class:`~ddgraph.errors.BadArgument`.

    >>> ChannelFilter(kinds={"hotline"}).kinds
    frozenset({'hotline'})
    >>> ChannelFilter(kinds={"hotlin"})
    Traceback (most recent call last):
    ...
    ddgraph.errors.BadArgument: unknown kind 'hotlin'; expected one of hotline, two_plus_two, ...
    """

    # any collection of words on the way in, a frozenset once checked
    kinds: Collection[str] | None = None
    exclude_kinds: Collection[str] = frozenset()
    tracks: Collection[str] | None = None
    levels: Collection[str] | None = None
    statuses: Collection[str] | None = OPEN
    #: drop a channel whose last recorded use on or before the day was declined or unanswered
    require_answered: bool = False

    def __post_init__(self) -> None:
        for name, word, vocabulary in (
            ("kinds", "kind", MECHANISM_KINDS),
            ("tracks", "track", TRACKS),
            ("levels", "level", LEVELS),
            ("statuses", "status", STATUSES),
        ):
            object.__setattr__(self, name, _words(word, getattr(self, name), vocabulary))
        object.__setattr__(self, "exclude_kinds", _words("kind", self.exclude_kinds, MECHANISM_KINDS))

    @property
    def selects(self) -> bool:
        """Whether kinds, tracks or levels leave some channel out."""
        return any(x is not None for x in (self.kinds, self.tracks, self.levels)) or bool(self.exclude_kinds)

    def keeps(self, ch: Channel) -> bool:
        """Whether the channel's kind, track and level are kept (its status is asked per day)."""
        return (
            (self.kinds is None or ch.kind in self.kinds)
            and (not self.exclude_kinds or ch.kind not in self.exclude_kinds)
            and (self.tracks is None or ch.track in self.tracks)
            and (self.levels is None or ch.level in self.levels)
        )

    def but(self, **changes: Any) -> ChannelFilter:
        """The same filter with some fields changed, e.g. ``f.but(statuses=None)``."""
        return replace(self, **changes)

    def describe(self) -> list[str]:
        """What the filter leaves out, one phrase each (every report and page states it); [] for none.

        The open statuses (the default) go without saying; the pages say which statuses they draw.

        >>> ChannelFilter(exclude_kinds={"multilateral_forum"}, tracks={"1"}).describe()
        ['multilateral forum channels left out', 'Track 1 only']
        >>> ChannelFilter(statuses=None).describe(), OPEN_CHANNELS.describe()
        (['every recorded status counts'], [])
        """

        def listed(values: Collection[str]) -> str:
            return ", ".join(sorted(v.replace("_", " ") for v in values))

        words = []
        if self.kinds:
            words.append(f"only {listed(self.kinds)} channels")
        if self.exclude_kinds:
            words.append(f"{listed(self.exclude_kinds)} channels left out")
        if self.tracks:
            words.append(f"Track {listed(self.tracks)} only")
        if self.levels:
            words.append(f"level {listed(self.levels)} only")
        if self.statuses is None:
            words.append("every recorded status counts")
        elif set(self.statuses) != set(OPEN):
            words.append(f"statuses {listed(self.statuses)} only")
        if self.require_answered:
            words.append("channels whose last use went unanswered count as closed")
        return words


#: Open channels of every kind: what an analysis counts unless told otherwise.
OPEN_CHANNELS = ChannelFilter()
#: Channels of every kind in any recorded status.
ANY_STATUS = ChannelFilter(statuses=None)


_NO_END = np.iinfo(np.int64).max


@dataclass(frozen=True)
class EdgeTable:
    """Every (pair of countries, channel, status period) that a filter keeps, as flat arrays of days.

    Row ``r`` says: countries ``countries[u[r]]`` and ``countries[v[r]]`` are linked by channel
    ``channels[k[r]]`` in its status period ``period[r]`` on the days ``start[r] <= d < end[r]``
    (day ordinals). Built once per filter by :meth:`DatedGraph.edge_table`; a day's edges are then one
    vectorised comparison (:func:`ddgraph.views.as_of_edges`). Channels whose status periods overlap
    (``rest``) are asked per day, as :func:`ddgraph.views.channel_graph` asks every channel.
    """

    countries: tuple[str, ...]
    channels: tuple[Channel, ...]
    u: np.ndarray
    v: np.ndarray
    k: np.ndarray
    period: np.ndarray
    start: np.ndarray
    end: np.ndarray
    rest: tuple[int, ...]
    graph_countries: int  # countries[:graph_countries] are the base graph's Country nodes


def _edge_table(dg: DatedGraph, channels: ChannelFilter) -> EdgeTable:
    countries = [n for n, d in dg.G.nodes(data=True) if "Country" in d.get("labels", ())]
    pos = {c: i for i, c in enumerate(countries)}
    kept = [ch for ch in dg.index.values() if channels.keeps(ch)]
    statuses = channels.statuses
    u: list[int] = []
    v: list[int] = []
    k: list[int] = []
    per: list[int] = []
    s: list[int] = []
    e: list[int] = []
    rest = []
    for ci, ch in enumerate(kept):
        if ch._starts is None:  # overlapping periods: the first one in force wins, asked per day
            rest.append(ci)
            continue
        answered = ch.answered_ranges() if channels.require_answered else [(None, None)]
        bounds = (None, *ch._bounds, None)
        for pi, period in enumerate(ch.periods):
            if statuses is not None and period.status not in statuses:
                continue
            for j, members in enumerate(ch._members):
                if len(members) < 2:
                    continue
                span = overlap((period.start, period.end), (bounds[j], bounds[j + 1]))
                for ra in answered:
                    got = overlap(span, ra) if span else None
                    if got is None:
                        continue
                    lo = got[0].toordinal() if got[0] is not None else 0
                    hi = got[1].toordinal() if got[1] is not None else _NO_END
                    ids = [pos.setdefault(m, len(pos)) for m in members]
                    for a, b in itertools.combinations(ids, 2):
                        u.append(a)
                        v.append(b)
                    n = len(ids) * (len(ids) - 1) // 2
                    k.extend([ci] * n)
                    per.extend([pi] * n)
                    s.extend([lo] * n)
                    e.extend([hi] * n)
    i32 = np.int32
    return EdgeTable(
        countries=tuple(pos),
        channels=tuple(kept),
        u=np.array(u, dtype=i32),
        v=np.array(v, dtype=i32),
        k=np.array(k, dtype=i32),
        period=np.array(per, dtype=i32),
        start=np.array(s, dtype=np.int64),
        end=np.array(e, dtype=np.int64),
        rest=tuple(rest),
        graph_countries=len(countries),
    )


class DatedGraph:
    """A base graph and its channel index in one reading of dates, built once and shared.

    Every view and analysis takes one: asking about many days (a timeline, a report series, the
    routes and the channels of one command) reads the mechanisms once instead of once per call.
    :func:`dated` turns a plain base graph into one.

    >>> from ddgraph.examples import tiny_graph
    >>> dg = DatedGraph(tiny_graph())
    >>> sorted(dg.index) == sorted(dg.index), dg.mode
    (True, 'possible')
    >>> dg.in_mode("certain").in_mode("possible") is dg
    True
    """

    def __init__(self, G: nx.MultiDiGraph, mode: Mode = "possible") -> None:
        check_mode(mode)
        self.G = G
        self.mode: Mode = mode
        self._index: dict[str, Channel] | None = None
        self._modes: dict[str, DatedGraph] = {mode: self}
        self._tables: dict[ChannelFilter, EdgeTable] = {}

    @property
    def index(self) -> dict[str, Channel]:
        """Every Mechanism as a :class:`Channel` in this mode (computed on first use)."""
        if self._index is None:
            self._index = channel_index(self.G, self.mode)
        return self._index

    def edge_table(self, channels: ChannelFilter) -> EdgeTable:
        """The :class:`EdgeTable` of ``channels`` in this mode (built on first use, then kept)."""
        if channels not in self._tables:
            self._tables[channels] = _edge_table(self, channels)
        return self._tables[channels]

    def in_mode(self, mode: Mode) -> DatedGraph:
        """The same graph read in ``mode`` (each mode's index is built once)."""
        if mode not in self._modes:
            other = DatedGraph(self.G, mode)
            other._modes = self._modes
            self._modes[mode] = other
        return self._modes[mode]

    def ends(self) -> dt.date | None:
        """The day of the last dated fact (:func:`ddgraph.views.data_ends`)."""
        return data_ends(self.G)


def dated(G: nx.MultiDiGraph | DatedGraph, mode: Mode = "possible") -> DatedGraph:
    """``G`` as a :class:`DatedGraph` in ``mode`` (a DatedGraph is reused, with its index)."""
    if isinstance(G, DatedGraph):
        return G.in_mode(mode)
    return DatedGraph(G, mode)
