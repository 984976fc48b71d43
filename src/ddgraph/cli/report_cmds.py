"""Report commands: ``ddgraph report centrality``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from ..channels import ChannelFilter, DatedGraph
from ..render import OUTPUT_FORMATS, default_format, render_rows
from ..reports import REPORT_FORMATS
from ..timeutil import Mode
from . import main
from .options import (
    as_of_option,
    dataset_of,
    date_range_options,
    exclude_kind_option,
    graph_source,
    mode_option,
    note_past_the_data,
    open_graph,
    out_dir_option,
)
from .progress import progress_bar


@main.group()
def report() -> None:
    """Reports written as files (md, html, csv, json) or shown as a table.

    Example:

        ddgraph report centrality --as-of 2024-07-28 --format html --out reports/
    """


@report.command()
@as_of_option("One day (ISO/EDTF).")
@date_range_options("First day of a series.", "Last day of a series (2025 = its last day).")
@click.option("--step", default="1y", show_default=True, help="Series step: 1y, 6m, 2w, 30d.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice([*OUTPUT_FORMATS, "md", "html"]),
    default=None,
    help="table/json/csv to standard output; md/html/csv/json files with --out.",
)
@out_dir_option("Directory to write the report into.")
@click.option(
    "--graph",
    "which",
    type=click.Choice(["countries", "persons"]),
    default="countries",
    show_default=True,
    help="Which graph to show on standard output.",
)
@click.option("--top", type=click.IntRange(1, 10_000), default=20, show_default=True)
@click.option(
    "--seed", type=int, default=0, show_default=True, help="Seed of betweenness sampling (>100k edges)."
)
@exclude_kind_option
@click.option("--write-back", is_flag=True, help="Store the last day's scores as node properties in Neo4j.")
@mode_option
@graph_source
def centrality(
    as_of: str | None,
    start: str | None,
    end: str | None,
    step: str,
    fmt: str | None,
    out: Path | None,
    which: str,
    top: int,
    seed: int,
    exclude_kinds: tuple[str, ...],
    write_back: bool,
    mode: Mode,
    source: Any,
    neo4j_settings: Any,
) -> None:
    """Degree, betweenness, PageRank and brokerage of countries and officials, on a day or a series.

    Example:

        ddgraph report centrality --from 2020 --to 2025 --step 1y --format md --out reports/
    """
    from ..reports import centrality_report, report_days, score_properties, write_report

    if (as_of is None) == (start is None):
        raise click.UsageError("give either --as-of D or --from D1 [--to D2] [--step 1y]")
    days = report_days(as_of, start, end, step)
    fmt = fmt or ("md" if out else default_format())
    if fmt in ("md", "html") and out is None:
        raise click.UsageError(f"--format {fmt} writes files: give a directory with --out")
    if out is not None and fmt not in REPORT_FORMATS:
        raise click.UsageError(
            f"--format {fmt} shows the report on standard output; with --out give "
            f"{', '.join(REPORT_FORMATS[:-1])} or {REPORT_FORMATS[-1]}"
        )
    settings = neo4j_settings
    G = DatedGraph(open_graph(source), mode)
    note_past_the_data(G.G, days[-1])
    channels = ChannelFilter(exclude_kinds=frozenset(exclude_kinds))
    with progress_bar(f"centrality, {len(days)} days") as progress:
        rep = centrality_report(G, days, channels, mode=mode, seed=seed, progress=progress)
    if write_back:
        from .. import neo4j_store

        writer = getattr(neo4j_store, "write_node_properties", None)
        if writer is None:
            raise click.ClickException("--write-back needs ddgraph.neo4j_store.write_node_properties")
        driver = settings.connect()
        try:
            for label, props in score_properties(rep).items():
                written = writer(driver, label, props, database=settings.database)
                keys = sorted({k for values in props.values() for k in values})
                click.echo(f"wrote {', '.join(keys)} to {written} {label} nodes in Neo4j", err=True)
        finally:
            driver.close()
    if out is not None:
        for path in write_report(rep, G, fmt, out, channels, mode=mode, top=top, protect=dataset_of(source)):
            click.echo(str(path))
        return
    title = f"{which} centrality" if fmt == "table" else None
    click.echo(render_rows(rep.table(which, top), fmt, title=title))
