"""``ddgraph run``: the main job, rendered for a person."""

from __future__ import annotations

from pathlib import Path

import click

from ..pipeline import PAIR, REPORT_DAY, ROUTES_DAY, run_main_job
from ..render import render_rows
from . import main
from .options import Neo4jSettings, data_dir, neo4j_options


@main.command()
@data_dir
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default="out",
    show_default=True,
    help="Directory for the centrality report.",
)
@click.option(
    "--embedded", is_flag=True, help="Analyse the files in-process, even when NEO4J_PASSWORD is set."
)
@neo4j_options
def run(data_dir: Path, out: Path, embedded: bool, neo4j_settings: Neo4jSettings) -> None:
    """The main job: validate, load into Neo4j, answer the US–China questions, report.

    With NEO4J_PASSWORD set the files are loaded and the analyses read the graph back from Neo4j (a
    server that does not answer is an error); without it, or with --embedded, everything runs on the
    embedded dataset.

    Example:

        ddgraph run --out out/

        ddgraph run --embedded --out out/
    """
    settings = (
        None
        if embedded
        else {
            "uri": neo4j_settings.uri,
            "user": neo4j_settings.user,
            "password": neo4j_settings.password,
            "database": neo4j_settings.database,
        }
    )
    job = run_main_job(data_dir, out, neo4j=settings, progress=lambda msg: click.echo(f"... {msg}", err=True))
    nodes = ", ".join(f"{v} {k}" for k, v in job.stats["nodes"].items())
    click.echo(
        f"{data_dir}: valid: {job.records} records; graph: {nodes}; "
        f"{job.stats['total_relationships']} relationships"
    )
    if job.neo4j_note:
        click.echo(job.neo4j_note)
    if job.load_summary:
        click.echo(f"loaded into Neo4j: {job.load_summary}")
    click.echo(f"analyses on: {job.backend}")
    a, b = (c.upper() for c in PAIR)
    for day, rows in job.channels.items():
        click.echo(
            render_rows(
                rows,
                "table",
                ["mechanism", "kind", "track", "status", "since", "event"],
                title=f"{a}-{b} channels on {day}",
            )
        )
    click.echo(
        render_rows(
            [{**d, "closed": [c["channel"] for c in d["closed"]]} for d in job.dark_periods],
            "table",
            ["start", "end", "duration_days", "closed", "reopened_by"],
            title=f"{a}-{b} dark periods of bilateral military channels (track 1)",
        )
    )
    click.echo(
        render_rows(
            [
                {
                    "rank": r["rank"],
                    "route": " > ".join(r["countries"]),
                    "channels": [s["channel"] for s in r["steps"]],
                }
                for r in job.routes
            ],
            "table",
            title=f"{a}-{b} track 1 routes on {ROUTES_DAY} without their {len(job.failed_for_routes)} "
            "direct channels",
        )
    )
    click.echo(
        render_rows(
            job.brokers,
            "table",
            ["node", "name", "partners", "channels", "betweenness", "pagerank", "constraint"],
            title=f"brokers on {REPORT_DAY} (multilateral forums left out)",
        )
    )
    for path in job.report_files:
        click.echo(f"report: {path}")
