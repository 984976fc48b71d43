"""The interactive timeline page: a lane per channel, status bands, event markers, dark periods.

:func:`timeline_data` reads only the library's dated views -- :func:`ddgraph.views.channel_index`
(status periods and uses of every channel) and :func:`ddgraph.analysis.timeline.dark_periods` -- and the
event and source nodes of the base graph for what a reader needs to check a fact: the date as written,
the verbatim evidence quote, the source and its link. :func:`timeline_page` turns that into one
self-contained HTML page (Vega, inlined; ``static/timeline.js``) with a text alternative table.

Three scopes: a pair of countries (every channel both ever took part in, and the pair's dark periods),
one country (every channel it took part in), or, for the centrality report, every channel of at most
``max_parties`` countries.

Examples
--------
>>> import datetime as dt
>>> from ddgraph.examples import tiny_graph
>>> data = timeline_data(tiny_graph(), a="usa", b="chn", today=dt.date(2025, 1, 1))
>>> [lane["id"] for lane in data["lanes"]]
['dtl', 'forum', 'track2']
>>> [(b["status"], b["start"], b["end"]) for b in data["bands"] if b["lane"] == "dtl" and not b["fuzzy"]][:2]
[('active', '2008-03-01', '2022-08-05'), ('suspended', '2022-08-05', '2023-11-15')]
>>> [(e["id"], e["outcome"]) for e in data["events"] if e["lane"] == "dtl"]
[('cut', None), ('call0', 'declined'), ('call1', 'answered')]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from typing import Any

import networkx as nx

from ..analysis.timeline import dark_periods
from ..channels import OPEN_CHANNELS, Channel, ChannelFilter, DatedGraph, country_of, dated
from ..humandate import human_date
from ..model import Outcome, Status
from ..timeutil import Mode
from .page import PageError, esc, render_page

ONE_DAY = dt.timedelta(days=1)
#: The statuses in the model's order (the legend's), and their colours (also the report's swimlanes).
STATUS_COLORS = dict(
    zip(
        [s.value for s in Status],
        ["#c7c7c7", "#9ecae1", "#31a354", "#de2d26", "#74c476", "#fdae6b", "#636363"],
        strict=True,
    )
)
#: Event outcomes in the model's order and their colours; "none" for an event without an outcome.
OUTCOME_COLORS = {
    **dict(
        zip(
            [o.value for o in Outcome],
            ["#1a9850", "#35978f", "#f46d43", "#a50026", "#762a83", "#4575b4"],
            strict=True,
        )
    ),
    "none": "#737373",
}
#: Relationships that tie an event to the countries involved (besides the channel it belongs to).
_INVOLVES = ("ATTENDED", "REFUSED", "SANCTIONED")


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def source_info(G: nx.MultiDiGraph, sid: str) -> dict[str, Any]:
    """What a page shows of a source: id, title, publisher, date, link (None for a seed article)."""
    data = G.nodes[sid] if sid in G else {}
    return {
        "id": sid,
        "title": data.get("title") or data.get("name") or sid,
        "publisher": data.get("publisher"),
        "published": data.get("published_edtf"),
        "url": data.get("url"),
        "seed": data.get("seed"),
    }


def _quotes(G: nx.MultiDiGraph, data: Mapping[str, Any]) -> list[dict[str, Any]]:
    return [
        {"text": q, "source": s}
        for q, s in zip(data.get("evidence_quotes", ()), data.get("evidence_sources", ()), strict=False)
    ]


def event_info(G: nx.MultiDiGraph, eid: str, mode: Mode = "possible") -> dict[str, Any]:
    """An event as the pages show it: its date as written and in words, outcome, quotes and sources."""
    ev = G.nodes[eid]
    start = ev.get("date") if mode == "possible" else (ev.get("date_latest") or ev.get("date"))
    latest = ev.get("date_latest") or ev.get("date")
    return {
        "id": eid,
        "name": ev.get("name", eid),
        "kind": ev.get("kind") or "event",
        "outcome": ev.get("outcome"),
        "start": start,
        "latest": latest,
        "date": ev.get("date_edtf"),
        "date_text": ev.get("date_text") or human_date(str(ev.get("date_edtf"))),
        "description": ev.get("description"),
        "note": ev.get("note"),
        "quotes": _quotes(G, ev),
        "sources": list(ev.get("sources", ())),
    }


def _countries_of_event(G: nx.MultiDiGraph, eid: str) -> set[str]:
    out: set[str] = set()
    for x, y, d in [*G.in_edges(eid, data=True), *G.out_edges(eid, data=True)]:
        if d.get("type") not in _INVOLVES:
            continue
        other = x if y == eid else y
        labels = G.nodes[other].get("labels", ())
        if "Person" in labels:
            out.update(v for _, v, r in G.out_edges(other, data=True) if r.get("type") == "CITIZEN_OF")
        else:
            country = country_of(G, other)
            if country is not None:
                out.add(country)
    return out


def _clip(
    ranges: list[tuple[dt.date | None, dt.date | None]], lo: dt.date, hi: dt.date | None
) -> list[tuple[dt.date, dt.date | None]]:
    """``[lo, hi)`` cut to the union of ``ranges`` (None = unbounded)."""
    out = []
    for s, e in ranges:
        start = max(lo, s) if s is not None else lo
        end = hi if e is None else (e if hi is None else min(hi, e))
        if end is None or start < end:
            out.append((start, end))
    return out


def _joint(ch: Channel, members: Collection[str]) -> list[tuple[dt.date | None, dt.date | None]]:
    """When every country of ``members`` took part in ``ch`` (their participation ranges intersected)."""
    ranges: list[tuple[dt.date | None, dt.date | None]] = [(None, None)]
    for c in members:
        nxt = []
        for s, e in ranges:
            for cs, ce in ch.countries.get(c, ()):
                lo = s if cs is None else (cs if s is None else max(s, cs))
                hi = e if ce is None else (ce if e is None else min(e, ce))
                if lo is None or hi is None or lo < hi:
                    nxt.append((lo, hi))
        ranges = nxt
    return ranges


def timeline_data(
    G: nx.MultiDiGraph | DatedGraph,
    *,
    a: str | None = None,
    b: str | None = None,
    country: str | None = None,
    max_parties: int = 3,
    start: dt.date | None = None,
    today: dt.date | None = None,
    mode: Mode = "possible",
    dark_tracks: Collection[str] | None = frozenset({"1"}),
    channels: ChannelFilter = OPEN_CHANNELS,
) -> dict[str, Any]:
    """Lanes, status bands, events, dark periods and sources of a timeline page, as JSON-able data.

    Scope: the pair ``a``/``b``, else ``country``, else every channel of 2..``max_parties`` countries.
    A band runs from its status's first day to the next status (the last one to ``today``), cut to when
    the scope's countries took part; the axis runs from ``start`` (default: the earliest date shown) to
    ``today`` (default: the current day). An imprecise start (``2007-41``) is its own ``fuzzy`` band over the
    days the date allows. Events are a channel's uses and the events that triggered its status changes;
    for a pair, events that involve both countries but no channel go on a lane of their own.
    ``channels`` selects the lanes by kind, track and level (:meth:`ChannelFilter.keeps`; a lane shows
    every status) and says which statuses are open for the dark periods, read on ``dark_tracks``
    (None: every track); the page states it (:meth:`ChannelFilter.describe`).
    """
    today = today or dt.date.today()
    dg = dated(G, mode)
    G, idx = dg.G, dg.index
    members = [c for c in (a, b) if c] if a else ([country] if country else [])
    chosen = []
    kept = channels
    for ch in sorted(idx.values(), key=lambda c: (c.kind, c.id)):
        if not kept.keeps(ch):
            continue
        if members and not set(members) <= set(ch.countries):
            continue
        if not members and not 2 <= len(ch.countries) <= max_parties:
            continue
        chosen.append(ch)
    names = {n: d.get("name", n) for n, d in G.nodes(data=True) if "Country" in d.get("labels", ())}
    iso = {n: d.get("iso3") or n.upper() for n, d in G.nodes(data=True) if "Country" in d.get("labels", ())}
    lanes: list[dict[str, Any]] = []
    bands: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    used_sources: set[str] = set()
    seen_events: set[str] = set()
    for ch in chosen:
        joint = _joint(ch, members)  # every day when there are no members to intersect
        parties = ", ".join(iso[c] for c in ch.countries if c in iso)
        lanes.append(
            {
                "id": ch.id,
                "label": f"{ch.name} ({ch.kind.replace('_', ' ')}, Track {ch.track})",
                "name": ch.name,
                "kind": ch.kind,
                "track": ch.track,
                "level": ch.level,
                "parties": parties,
                "members": len(ch.countries),
                "sources": list(ch.sources),
            }
        )
        used_sources.update(ch.sources)
        for i, period in enumerate(ch.periods):
            props = period.props
            earliest, latest = props.get("from"), props.get("from_latest") or props.get("from")
            fuzzy_end = dt.date.fromisoformat(latest) + ONE_DAY if latest else period.start
            fuzzy_start = dt.date.fromisoformat(earliest) if earliest else period.start
            end = period.end or max(today, period.start + ONE_DAY)
            event = ch.triggers.get(period.change)
            info: dict[str, Any] = {
                "lane": ch.id,
                "status": period.status,
                "change": period.change,
                "since": props.get("from_edtf"),
                "since_text": props.get("from_text") or human_date(str(props.get("from_edtf"))),
                "ongoing": period.end is None,
                "event": event,
                "event_name": G.nodes[event].get("name") if event else None,
                "quotes": _quotes(G, props),
                "sources": list(props.get("sources", ())),
                "note": props.get("note"),
                "lower_bound": i == 0 and ch.known_from is not None,
            }
            used_sources.update(info["sources"])
            for s, e in _clip(joint, period.start, end):
                bands.append({**info, "start": _iso(s), "end": _iso(e), "fuzzy": False})
            if fuzzy_end - fuzzy_start > ONE_DAY:  # the days an imprecise start allows
                for s, e in _clip(joint, fuzzy_start, fuzzy_end):
                    bands.append({**info, "start": _iso(s), "end": _iso(e), "fuzzy": True})
        lane_events = [u.event for u in ch.uses] + [ev for ev in ch.triggers.values()]
        for eid in dict.fromkeys(lane_events):
            info = event_info(G, eid, mode)
            if info["start"] is None:
                continue
            seen_events.add(eid)
            used_sources.update(info["sources"])
            events.append({**info, "lane": ch.id})
    if a and b:
        other = []
        for eid, data in G.nodes(data=True):
            if "Event" in data.get("labels", ()) and eid not in seen_events and data.get("date"):
                if {a, b} <= _countries_of_event(G, eid):
                    other.append(eid)
        if other:
            lanes.append(
                {
                    "id": "(other events)",
                    "label": "Other events of the pair (no channel)",
                    "name": "Other events",
                    "kind": "events",
                    "track": "",
                    "level": "",
                    "parties": f"{iso[a]}, {iso[b]}",
                    "members": 2,
                    "sources": [],
                }
            )
            for eid in sorted(other):
                info = event_info(G, eid, mode)
                used_sources.update(info["sources"])
                events.append({**info, "lane": "(other events)"})
    if not lanes:
        scope = f"{names.get(a, a)} and {names.get(b, b)}" if a else names.get(country, country or "")
        raise PageError(f"no channel to show for {scope}" if scope else "no channel to show")
    events.sort(key=lambda e: (e["start"], e["id"]))
    dark = []
    if a and b:
        for d in dark_periods(dg, a, b, kept.but(tracks=dark_tracks), mode=mode):
            closed = "; ".join(f"{c['channel']} ({c['status']}, {c['event']})" for c in d["closed"])
            dark.append(
                {
                    "start": d["start"],
                    "end": d["end"] or today.isoformat(),
                    "ongoing": d["ongoing"],
                    "days": d["duration_days"]
                    if d["end"]
                    else (today - dt.date.fromisoformat(d["start"])).days,
                    "closed": closed,
                    "reopened_by": d["reopened_by"],
                    "unknown_before": d.get("unknown_before", []),
                }
            )
    first = start.isoformat() if start else min([x["start"] for x in bands] + [x["start"] for x in events])
    if a and b:
        title = f"Channels between {names.get(a, a)} and {names.get(b, b)}"
    elif country:
        title = f"Channels of {names.get(country, country)}"
    else:
        title = f"Channels of at most {max_parties} countries"
    filters = channels.describe()
    return {
        "title": title,
        "scope": {"a": a, "b": b, "country": country, "max_parties": max_parties},
        "mode": mode,
        "start": first,
        "end": today.isoformat(),
        "filters": filters,
        "dark_tracks": sorted(dark_tracks) if dark_tracks else None,
        "lanes": lanes,
        "bands": bands,
        "events": events,
        "dark": dark,
        "sources": {s: source_info(G, s) for s in sorted(used_sources)},
        "status_colors": STATUS_COLORS,
        "outcome_colors": OUTCOME_COLORS,
    }


def _tables(data: dict[str, Any]) -> str:
    """The text alternative: the headers here, the rows filled in by the page from its data."""
    dark = (
        """<h3>Dark periods</h3><table id="dark-table"><thead><tr><th>first dark day</th><th>until</th>
<th>days</th><th>closed</th><th>reopened by</th>
<th>history unknown before this (may have been open)</th></tr></thead><tbody></tbody></table>"""
        if data["scope"]["a"]
        else ""
    )
    return f"""<details id="text-alternative" open><summary>The timeline as tables</summary>
<h3>Status periods</h3><table id="status-table"><thead><tr><th>channel</th><th>status</th>
<th>since (as written)</th><th>since</th><th>from</th><th>until</th><th>triggered by</th></tr></thead>
<tbody></tbody></table>
<h3>Events</h3><p class="note">Each event's name is a button: it shows the evidence and the links to
its sources above the tables.</p>
<table id="events-table"><thead><tr><th>date (as written)</th><th>date</th><th>channel</th>
<th>event</th><th>kind</th><th>outcome</th><th>evidence</th><th>sources</th></tr></thead>
<tbody></tbody></table>{dark}</details>"""


def timeline_page(data: dict[str, Any]) -> str:
    """The self-contained HTML page of :func:`timeline_data`."""
    dark = ""
    if data["scope"]["a"]:
        track = ", ".join(data["dark_tracks"] or ["any"])
        dark = f" Shaded: dark periods, when no open channel of track {esc(track)} linked the pair directly."
    filters = "; ".join(data["filters"]) or "none (every channel)"
    body = f"""<header><h1>{esc(data["title"])}</h1>
<p class="note">From {esc(data["start"])} to {esc(data["end"])}. One lane per channel; bands are its
status, fading in (dashed outline) over the days an imprecise date allows. Markers are the events of the
channel, shaped by kind and coloured by outcome; hover or focus one (Tab moves from marker to marker)
for its date as written, the verbatim evidence and its sources, click it or press Enter to keep the
details.{dark} Imprecise dates read in
<b>{esc(data["mode"])}</b> mode. Filters: {esc(filters)}.</p></header>
<main class="timeline"><div id="chart" role="img" aria-label="{esc(data["title"])}: timeline chart; the
same facts are in the tables below"></div>
<aside id="details" aria-live="polite"><p>Click a band or an event marker to see its evidence here.</p>
</aside>
<div id="tooltip" role="tooltip" hidden></div>
{_tables(data)}</main>"""
    return render_page(data["title"], body, data, "timeline")
