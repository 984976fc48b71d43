"""Reports: centrality of countries and officials on one day or over a range of days, as files.

:func:`centrality_report` computes (pure, from the base graph); :func:`write_report` writes

* ``json`` -- ``report.json`` (every row and the sampling note);
* ``csv`` -- ``centrality.csv`` (one row per day, graph and node);
* ``md`` / ``html`` -- ``report.md`` / ``report.html`` with tables and plots (PNG for Markdown, inline
  SVG for HTML): centrality over time (drawn at every change point between the first and the last day,
  so a suspension between two sample days shows), the channel graph on the last day, a swimlane
  timeline of each dyad's channel status and events from the earliest recorded date; and two
  interactive pages (:mod:`ddgraph.pages`, self-contained): ``graph.html``, the channel map with its
  time slider opened on the last day, and ``timeline.html``, the timeline of every channel of at most
  three countries. Every page states the filters and the reading of imprecise dates.

The plots are :mod:`ddgraph.plots`'s (re-exported here).

Examples
--------
>>> from ddgraph.examples import tiny_graph
>>> import datetime as dt
>>> r = centrality_report(tiny_graph(), [dt.date(2024, 1, 1)])
>>> [row["node"] for row in r.rows("countries")][:1]
['chn']
"""

from __future__ import annotations

import datetime as dt
import html
import io
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from .analysis.centrality import centrality_table
from .channels import OPEN_CHANNELS, ChannelFilter, DatedGraph, data_begins, dated
from .errors import ReportError
from .outputs import output_dir, write_file
from .plots import (
    change_points,
    measure_over_time,
    plot_centrality_over_time,
    plot_channel_graph,
    plot_swimlanes,
    save,
    swimlane_lanes,
)
from .render import escape_markdown
from .timeutil import Mode, date_range, parse_date_arg, parse_step
from .views import channel_graph, person_graph

__all__ = [
    "MEASURES",
    "REPORT_FORMATS",
    "CentralityReport",
    "ReportError",
    "centrality_report",
    "change_points",
    "filters_text",
    "report_days",
    "measure_over_time",
    "plot_centrality_over_time",
    "plot_channel_graph",
    "plot_swimlanes",
    "score_properties",
    "swimlane_lanes",
    "write_report",
]

REPORT_FORMATS = ("md", "html", "csv", "json")
MEASURES = ("partners", "channels", "strength", "betweenness", "pagerank", "constraint", "effective_size")


@dataclass
class CentralityReport:
    """Centrality rows by day for the country graph and the person graph."""

    days: list[str]
    countries: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    persons: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    sampling: dict[str, Any] = field(default_factory=dict)
    mode: str = "possible"

    def rows(self, graph: str = "countries", day: str | None = None) -> list[dict[str, Any]]:
        """The rows of one graph on ``day`` (default: the last day)."""
        by_day = self.countries if graph == "countries" else self.persons
        return by_day.get(day or self.days[-1], [])

    def flat(self) -> list[dict[str, Any]]:
        """Every row with its ``date`` and ``graph``, for CSV and tables."""
        out = []
        for graph, by_day in (("countries", self.countries), ("persons", self.persons)):
            for day in self.days:
                for r in by_day.get(day, []):
                    out.append({"date": day, "graph": graph, **r})
        return out

    def table(self, graph: str = "countries", top: int | None = None) -> list[dict[str, Any]]:
        """The rows of one graph with their ``date`` first (``ddgraph report centrality`` on stdout);
        a one-day report keeps its ``top`` rows, a series every row."""
        rows = [
            {"date": r["date"], **{k: v for k, v in r.items() if k not in ("date", "graph")}}
            for r in self.flat()
            if r["graph"] == graph
        ]
        return rows[:top] if top is not None and len(self.days) == 1 else rows

    def as_dict(self) -> dict[str, Any]:
        return {
            "days": self.days,
            "mode": self.mode,
            "sampling": self.sampling,
            "countries": self.countries,
            "persons": self.persons,
        }


def report_days(
    as_of: str | None = None, start: str | None = None, end: str | None = None, step: str = "1y"
) -> list[dt.date]:
    """The days of a report, from its arguments as typed: ``as_of``, or ``start`` .. ``end`` by ``step``.

    ``end`` reads an imprecise date as its last day (``2025`` = 2025-12-31) and defaults to ``start``.

    >>> [d.isoformat() for d in report_days(start="2020", end="2022", step="1y")]
    ['2020-01-01', '2021-01-01', '2022-01-01']
    """
    if as_of is not None:
        return [parse_date_arg(as_of, name="--as-of")]
    parse_step(step)
    first = parse_date_arg(start or "", name="--from")
    last = parse_date_arg(end, end=True, name="--to") if end else first
    return date_range(first, last, step)


def centrality_report(
    G: nx.MultiDiGraph | DatedGraph,
    days: Sequence[dt.date],
    channels: ChannelFilter = OPEN_CHANNELS,
    *,
    mode: Mode = "possible",
    seed: int = 0,
    progress: Callable[[int, int], None] | None = None,
) -> CentralityReport:
    """Centrality of every country (channel graph on each day) and official (events up to each day).

    ``progress(done, total)`` is called after each day. ``channels`` says which channels count, as in
    :func:`ddgraph.views.channel_graph`.
    """
    if not days:
        raise ReportError("a report needs at least one day")
    dg = dated(G, mode)
    begins = data_begins(dg.G)
    if begins is not None and max(days) < begins:
        raise ReportError(
            f"every day of the report is before the data's first dated fact ({begins}): nothing to report"
        )
    report = CentralityReport(days=[d.isoformat() for d in days], mode=mode)
    for i, day in enumerate(days, 1):
        info: dict[str, Any] = {}
        CG = channel_graph(dg, day, channels, mode=mode)
        report.countries[day.isoformat()] = centrality_table(CG, seed=seed, info=info)
        P = person_graph(dg, end=day, mode=mode)
        report.persons[day.isoformat()] = centrality_table(P, seed=seed)
        if not info.get("exact", True):
            report.sampling[day.isoformat()] = info
        if progress is not None:
            progress(i, len(days))
    return report


# ------------------------------------------------------------------------------------------- writer
def _md_table(rows: list[dict[str, Any]], columns: Sequence[str]) -> str:
    def cell(v: Any) -> str:
        if v is None:
            return ""
        if isinstance(v, float):
            return f"{v:.4g}"
        return escape_markdown(str(v))  # names are data: never markup, never HTML

    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(cell(r.get(c)) for c in columns) + " |" for r in rows]
    return "\n".join(lines)


def _fmt(v: Any) -> str:
    if v is None:
        return ""
    return f"{v:.4g}" if isinstance(v, float) else str(v)


def _columns(rows: list[dict[str, Any]]) -> list[str]:
    return ["node", "name"] + [m for m in MEASURES if any(m in r for r in rows)]


def filters_text(channels: ChannelFilter) -> str:
    """The channel filter of a report in words (every page states it: :meth:`ChannelFilter.describe`).

    >>> filters_text(ChannelFilter(exclude_kinds={"multilateral_forum"})), filters_text(OPEN_CHANNELS)
    ('multilateral forum channels left out', 'none (every channel)')
    """
    return "; ".join(channels.describe()) or "none (every channel)"


def write_report(
    report: CentralityReport,
    G: nx.MultiDiGraph | DatedGraph,
    fmt: str,
    out_dir: Path,
    channels: ChannelFilter = OPEN_CHANNELS,
    *,
    mode: Mode = "possible",
    top: int = 20,
    protect: Path | None = None,
) -> list[Path]:
    """Write ``report`` in ``fmt`` (md, html, csv, json) into ``out_dir``; return the files written.

    Each file through :func:`ddgraph.outputs.write_file` (whole or not at all, never in ``protect``).
    """
    if fmt not in REPORT_FORMATS:
        raise ReportError(
            f"a report is written as {', '.join(REPORT_FORMATS[:-1])} or {REPORT_FORMATS[-1]}, not {fmt!r}"
        )
    output_dir(out_dir, protect=protect)
    written: list[Path] = []

    def put(name: str, data: str | bytes) -> None:
        written.append(write_file(out_dir / name, data, protect=protect))

    if fmt == "json":
        put("report.json", json.dumps(report.as_dict(), ensure_ascii=False, indent=2, default=str))
        return written
    if fmt == "csv":
        import csv

        rows = report.flat()
        cols = ["date", "graph", *_columns(rows)]
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(cols)
        w.writerows([["" if r.get(c) is None else r.get(c) for c in cols] for r in rows])
        put("centrality.csv", buf.getvalue())
        return written

    from .pages import map_data, map_page, timeline_data, timeline_page

    last = dt.date.fromisoformat(report.days[-1])
    dg = dated(G, mode)
    CG = channel_graph(dg, last, channels, mode=mode)
    scores = {r["node"]: r["betweenness"] for r in report.rows("countries")}
    series = None
    if len(report.days) > 1:
        points = change_points(dg, dt.date.fromisoformat(report.days[0]), last, channels, mode)
        series = (points, measure_over_time(dg, points, "betweenness", channels, mode))
    figures = {
        "centrality_over_time": plot_centrality_over_time(report, series=series),
        "channel_graph": plot_channel_graph(CG, scores),
        "swimlanes": plot_swimlanes(dg, None, last, channels, mode),
    }
    put(
        "graph.html",
        map_page(
            map_data(dg, channels, mode=mode, initial=last), title=f"Channels open on {last} and over time"
        ),
    )
    put("timeline.html", timeline_page(timeline_data(dg, today=last, mode=mode, channels=channels)))
    _, no_status = swimlane_lanes(dg, last, channels, mode)
    lanes_note = (
        f"Channels with no recorded status up to {last} have no lane: {'; '.join(no_status)}."
        if no_status
        else ""
    )
    countries, persons = report.rows("countries")[:top], report.rows("persons")[:top]
    note = "".join(
        f"\n\nBetweenness on {d} estimated from {i['pivots']} pivots: error at most "
        f"{i['error_bound']:.3g} per country with 95% probability."
        for d, i in report.sampling.items()
    )
    span = f" .. {report.days[-1]}" if len(report.days) > 1 else ""
    title = f"Centrality report, {report.days[0]}{span}"
    intro = (
        f"Channels open (active/resumed) on each day, imprecise dates read in '{report.mode}' mode. "
        f"Filters: {filters_text(channels)}. "
        "Betweenness in hops (normalized), PageRank weighted by channels, "
        "Burt's constraint (low = broker) "
        f"and effective size (high = broker).{note}"
    )
    if fmt == "md":
        for name, fig in figures.items():
            put(f"{name}.png", save(fig, "png"))
        md = [
            f"# {title}",
            "",
            intro,
            "",
            "![centrality over time](centrality_over_time.png)",
            "",
            f"## Countries on {report.days[-1]}",
            "",
            _md_table(countries, _columns(countries)),
            "",
            "![channel graph](channel_graph.png)",
            "",
            "[Interactive channel map, with a time slider](graph.html) · "
            "[Interactive timeline of the channels](timeline.html)",
            "",
            f"## Officials (events up to {report.days[-1]})",
            "",
            _md_table(persons, _columns(persons)),
            "",
            "## Channel status by dyad",
            "",
            "![swimlanes](swimlanes.png)",
            "",
            escape_markdown(lanes_note),
            "",
        ]
        put("report.md", "\n".join(md))
        return written
    svgs = {name: save(fig, "svg").decode("utf-8") for name, fig in figures.items()}

    def table(rows: list[dict[str, Any]]) -> str:
        cols = _columns(rows)
        head = "".join(f"<th>{html.escape(c)}</th>" for c in cols)
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(_fmt(r.get(c)))}</td>" for c in cols) + "</tr>" for r in rows
        )
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"

    page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>body{{font-family:sans-serif;max-width:1100px;margin:auto}}table{{border-collapse:collapse}}
td,th{{border:1px solid #ccc;padding:2px 6px;font-size:13px}}svg{{max-width:100%;height:auto}}</style></head>
<body><h1>{html.escape(title)}</h1><p>{html.escape(intro)}</p>
{svgs["centrality_over_time"]}
<h2>Countries on {report.days[-1]}</h2>{table(countries)}
{svgs["channel_graph"]}<p><a href="graph.html">Interactive channel map, with a time slider</a> ·
<a href="timeline.html">Interactive timeline of the channels</a></p>
<h2>Officials (events up to {report.days[-1]})</h2>{table(persons)}
<h2>Channel status by dyad</h2>{svgs["swimlanes"]}<p>{html.escape(lanes_note)}</p>
</body></html>
"""
    put("report.html", page)
    return written


def score_properties(report: CentralityReport) -> dict[str, dict[str, dict[str, Any]]]:
    """Scores of the last day as node properties to write back: ``{label: {node id: {prop: value}}}``."""
    out: dict[str, dict[str, dict[str, Any]]] = {"Country": {}, "Person": {}}
    for label, graph in (("Country", "countries"), ("Person", "persons")):
        for r in report.rows(graph):
            out[label][str(r["node"])] = {f"centrality_{m}": r[m] for m in MEASURES if r.get(m) is not None}
            out[label][str(r["node"])]["centrality_as_of"] = dt.date.fromisoformat(report.days[-1])  # a DATE
    return out
