"""Analysis commands: channels, connectivity, paths, timeline.

Each command reads the graph (the files by default, Neo4j with ``--neo4j``), resolves the countries,
calls one library function and renders the rows.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
import networkx as nx

from ..render import OUTPUT_FORMATS, default_format, render_object, render_rows
from ..timeutil import MODES, parse_date_arg
from ..views import base_graph, channel_graph, resolve_country
from . import main
from .options import Neo4jSettings, neo4j_options

F = Callable[..., Any]


def graph_source(f: F) -> F:
    """``--data-dir``, ``--neo4j`` and the shared Neo4j connection options (passed as ``neo4j_settings``)."""
    f = neo4j_options(f)
    f = click.option("--neo4j", "use_neo4j", is_flag=True,
                     help="Read the graph back from Neo4j instead of the files.")(f)
    return click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path), default="graph",
                        show_default=True, help="Dataset directory (when not reading from Neo4j).")(f)


def output_format(f: F) -> F:
    return click.option("--format", "fmt", type=click.Choice(OUTPUT_FORMATS), default=None,
                        help="Output format (default: table on a terminal, json when piped).")(f)


def mode_option(f: F) -> F:
    return click.option("--mode", type=click.Choice(MODES), default="possible", show_default=True,
                        help="Imprecise dates: 'possible' counts a status from its earliest day, "
                             "'certain' from its latest.")(f)


def load_graph(data_dir: Path, use_neo4j: bool, settings: Neo4jSettings | None = None) -> nx.MultiDiGraph:
    """The base graph from the files, or read back from Neo4j (imported lazily)."""
    if use_neo4j:
        from ..neo4j_store import read_graph

        assert settings is not None
        driver = settings.connect()
        try:
            pg = read_graph(driver, settings.database)
        finally:
            driver.close()
    else:
        from ..dataset import load_dataset
        from ..graph import to_property_graph

        pg = to_property_graph(load_dataset(data_dir))
    return base_graph(pg)


def _source(kw: dict[str, Any]) -> nx.MultiDiGraph:
    return load_graph(kw.pop("data_dir"), kw.pop("use_neo4j"), kw.pop("neo4j_settings"))


def _filters(kinds: tuple[str, ...], tracks: tuple[str, ...]) -> dict[str, Any]:
    return {"kinds": set(kinds) or None, "tracks": set(tracks) or None}


def _emit(fmt: str | None, rows: list[dict[str, Any]], columns: list[str], title: str,
          extra: dict[str, Any] | None = None, extra_columns: list[str] | None = None,
          extra_title: str = "") -> None:
    fmt = fmt or default_format()
    if fmt == "json":
        click.echo(render_object({title: rows, **(extra or {})} if extra is not None else rows, "json"))
        return
    click.echo(render_rows(rows, fmt, columns, title=title if fmt == "table" else None))
    if extra and fmt == "table":
        for name, value in extra.items():
            click.echo(render_rows(value, fmt, extra_columns, title=extra_title or name))


kind_option = click.option("--kind", "kinds", multiple=True,
                           help="Keep only mechanisms of this kind (repeatable).")
track_filter = click.option("--channel-track", "tracks", multiple=True, type=click.Choice(["1", "1.5", "2"]),
                            help="Keep only channels of this track (repeatable).")


@main.command()
@click.argument("a")
@click.argument("b")
@click.option("--as-of", "as_of", required=True, help="Day (ISO/EDTF; 2024-03 = its first day).")
@kind_option
@track_filter
@click.option("--require-answered", is_flag=True,
              help="Count a channel whose last use before the day went unanswered/declined as closed.")
@mode_option
@output_format
@graph_source
def channels(a: str, b: str, as_of: str, kinds: tuple[str, ...], tracks: tuple[str, ...],
             require_answered: bool, mode: str, fmt: str | None, **kw: Any) -> None:
    """Direct channels between countries A and B and their status on a day, and how well A and B connect.

    A suspended channel names the event that suspended it. After the channels: whether A and B are
    connected, the number of edge- and node-disjoint routes, the minimum set of channels whose loss
    cuts them apart, and the network's bridges, articulation points and critical channels (json: one
    object with "channels" and "connectivity"; csv: the channels only). Countries by ISO code or name.

    Example:

        ddgraph channels USA CHN --as-of 2022-09-01
    """
    from ..analysis.connectivity import (
        articulation_points,
        bridges,
        connectivity_summary,
        critical_channels,
        direct_channels,
    )

    day = parse_date_arg(as_of, name="--as-of")
    G = _source(kw)
    ca, cb = resolve_country(G, a), resolve_country(G, b)
    filters = {**_filters(kinds, tracks), "require_answered": require_answered}
    rows = direct_channels(G, ca, cb, day, mode=mode, **filters)  # type: ignore[arg-type]
    CG = channel_graph(G, day, mode=mode, **filters)  # type: ignore[arg-type]
    summary = {**connectivity_summary(CG, ca, cb), "as_of": day.isoformat(),
               "articulation_points": articulation_points(CG), "critical_channels": critical_channels(CG),
               "bridges": [f"{r['a']}-{r['b']} ({', '.join(r['channels'])})" for r in bridges(CG)]}
    fmt = fmt or default_format()
    if fmt == "json":
        click.echo(render_object({"channels": rows, "connectivity": summary}, "json"))
        return
    click.echo(render_rows(rows, fmt, ["mechanism", "name", "kind", "track", "level", "status", "since",
                                       "event", "last_use", "last_outcome", "sources",
                                       "since_is_lower_bound"],
                           title=f"channels {a}-{b} on {day}" if fmt == "table" else None))
    if fmt == "table":
        click.echo(render_object(summary, "table"))


@main.command()
@click.argument("a")
@click.argument("b")
@click.option("--as-of", "as_of", required=True, help="Day (ISO/EDTF).")
@click.option("--fail", multiple=True, help="Treat this channel (mechanism id) as down (repeatable).")
@click.option("--max-hops", type=click.IntRange(1, 10), default=4, show_default=True)
@click.option("--track", type=click.Choice(["1", "1.5", "2", "any"]), default="any", show_default=True,
              help="1: official channels only; 2: Track 1.5/2 only.")
@click.option("--k", "k", type=click.IntRange(1, 1000), default=10, show_default=True, help="Routes to show.")
@click.option("--criticality", is_flag=True,
              help="Also rank every channel by what the pair loses without it.")
@kind_option
@mode_option
@output_format
@graph_source
def paths(a: str, b: str, as_of: str, fail: tuple[str, ...], max_hops: int, track: str, k: int,
          criticality: bool, kinds: tuple[str, ...], mode: str, fmt: str | None, **kw: Any) -> None:
    """Routes between A and B when direct channels are down (as recorded, or --fail on purpose).

    Ranked by hops, then the weakest track (1 > 1.5 > 2), then level; each hop names its channel.

    Example:

        ddgraph paths USA CHN --as-of 2023-01-01 --track 1 --fail shangri-la-dialogue
    """
    from ..analysis.paths import channel_criticality
    from ..analysis.paths import paths as find_paths

    day = parse_date_arg(as_of, name="--as-of")
    G = _source(kw)
    ca, cb = resolve_country(G, a), resolve_country(G, b)
    CG = channel_graph(G, day, mode=mode, kinds=set(kinds) or None)  # type: ignore[arg-type]
    unknown = sorted(set(fail) - {key for *_, key in CG.edges(keys=True)}
                     - {n for n, d in G.nodes(data=True) if "Mechanism" in d.get("labels", ())})
    if unknown:
        raise click.BadParameter(f"unknown channel(s): {', '.join(unknown)}", param_hint="--fail")
    routes = find_paths(CG, ca, cb, fail=fail, max_hops=max_hops, track=track, k=k)
    fmt = fmt or default_format()
    if fmt == "json":
        out: Any = {"routes": routes}
        if criticality:
            out["criticality"] = channel_criticality(CG, ca, cb, fail=fail, track=track)
        click.echo(render_object(out, "json"))
        return
    rows = [{"rank": r["rank"], "hops": r["hops"], "route": " > ".join(r["countries"]), "track": r["track"],
             "level": r["level"],
             "channels": [f"{s['from']}-{s['to']}: {s['channel']} ({s['status']})" for s in r["steps"]],
             "sources": sorted({x for s in r["steps"] for x in s["sources"]})} for r in routes]
    if criticality and fmt == "csv":
        rows = channel_criticality(CG, ca, cb, fail=fail, track=track)
        click.echo(render_rows(rows, fmt))
        return
    click.echo(render_rows(rows, fmt, ["rank", "hops", "route", "track", "level", "channels", "sources"],
                           title=f"routes {a}-{b} on {day}" if fmt == "table" else None))
    if criticality:
        click.echo(render_rows(channel_criticality(CG, ca, cb, fail=fail, track=track), fmt,
                               ["channel", "name", "track", "disconnects", "edge_disjoint",
                                "edge_disjoint_after", "hops", "hops_after"], title="channel criticality"))


@main.command()
@click.argument("a", required=False)
@click.argument("b", required=False)
@click.option("--country", default=None, help="One country instead of a pair: every channel it takes part in "
                                                "(with --format html).")
@click.option("--from", "start", default=None, help="First day shown (ISO/EDTF).")
@click.option("--to", "end", default=None, help="Last day shown (ISO/EDTF; 2025 = its last day).")
@click.option("--dark-periods", "dark", is_flag=True,
              help="Show only the periods when no open channel of --dark-track linked A and B directly.")
@click.option("--dark-track", type=click.Choice(["1", "1.5", "2", "any"]), default="1", show_default=True)
@kind_option
@mode_option
@click.option("--format", "fmt", type=click.Choice([*OUTPUT_FORMATS, "html"]), default=None,
              help="table/json/csv to standard output (default: table on a terminal, json when piped); "
                   "html writes an interactive page into --out.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Directory to write timeline.html into (--format html).")
@graph_source
def timeline(a: str | None, b: str | None, country: str | None, start: str | None, end: str | None,
             dark: bool, dark_track: str, kinds: tuple[str, ...], mode: str, fmt: str | None,
             out: Path | None, **kw: Any) -> None:
    """The connectivity of A and B at every change point, and their dark periods; or an interactive page.

    --format html --out DIR writes timeline.html: a lane per channel of the pair (or of --country),
    status bands, events with their evidence, dark periods shaded; one file that works offline.

    Example:

        ddgraph timeline USA CHN --from 2022 --to 2025

        ddgraph timeline USA CHN --format html --out pages/
    """
    from ..analysis.timeline import dark_periods, pair_timeline

    if (country is None) == (a is None or b is None) or (country is not None and a is not None):
        raise click.UsageError("give two countries A B, or one with --country")
    if (fmt == "html") != (out is not None) or (country is not None and fmt != "html"):
        raise click.UsageError("the timeline page needs --format html --out DIR (and --country needs it)")
    d1 = parse_date_arg(start, name="--from") if start else None
    d2 = parse_date_arg(end, end=True, name="--to") if end else None
    G = _source(kw)
    filters = {"kinds": set(kinds) or None}
    if fmt == "html":
        from ..pages import timeline_data, timeline_page, write_page

        ids = {k: resolve_country(G, v) for k, v in (("a", a), ("b", b), ("country", country)) if v}
        data = timeline_data(G, **ids, start=d1, today=d2, mode=mode,  # type: ignore[arg-type]
                             dark_tracks=None if dark_track == "any" else {dark_track},
                             kinds=set(kinds) or None)
        click.echo(str(write_page(timeline_page(data), out, "timeline.html")))  # type: ignore[arg-type]
        return
    ca, cb = resolve_country(G, a), resolve_country(G, b)  # type: ignore[arg-type]
    darks = dark_periods(G, ca, cb, start=d1, end=d2, mode=mode,  # type: ignore[arg-type]
                         tracks=None if dark_track == "any" else {dark_track}, **filters)
    dark_rows = [{**d, "closed": [f"{c['channel']} ({c['status']}, {c['event']})" for c in d["closed"]]}
                 for d in darks] if fmt != "json" else darks
    dark_cols = ["start", "end", "duration_days", "ongoing", "closed", "reopened_by", "unknown_before"]
    if dark:
        _emit(fmt, dark_rows, dark_cols, f"dark periods {a}-{b}")
        return
    rows = pair_timeline(G, ca, cb, start=d1, end=d2, mode=mode, **filters)  # type: ignore[arg-type]
    _emit(fmt, rows, ["date", "changes", "direct", "direct_track1", "connected", "connected_track1"],
          "timeline", extra={"dark_periods": dark_rows}, extra_columns=dark_cols,
          extra_title=f"dark periods {a}-{b} (track {dark_track})")
