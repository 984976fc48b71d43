"""Commands over the files: validate, export, stats, lint, fmt."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..dataset import check_dataset, load_dataset
from ..export import FORMATS, VIEWS, write_export
from ..graph import to_property_graph
from ..render import default_format, render_object
from ..stats import compute_stats
from . import main
from .options import Neo4jSettings, data_dir, neo4j_options, output_format
from .progress import progress_bar


@main.command()
@data_dir
def validate(data_dir: Path) -> None:
    """Parse and cross-check every file of DATA_DIR (default graph/).

    Exit 0 with a one-line summary, or exit 1 listing every problem as path:line: message.

    Example:

        ddgraph validate graph/
    """
    with progress_bar("validating") as progress:
        result = check_dataset(data_dir, progress=progress)  # keeps no record: bounded memory
    counts = ", ".join(f"{n} {kind}" for kind, n in result.counts.items())
    click.echo(f"{data_dir}: valid: {len(result)} records in {len(result.files)} files ({counts})")


@main.command()
@data_dir
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="jsonl",
    show_default=True,
    help="jsonl (APOC apoc.export.json lines), graphml (networkx, Gephi), csv (neo4j-admin import), "
    "gexf (Gephi, dynamic: its timeline plays the channels opening and closing) or datapackage "
    "(Frictionless: plain CSV per kind, datapackage.json, a data dictionary).",
)
@click.option(
    "--view",
    type=click.Choice(VIEWS),
    default="property",
    show_default=True,
    help="property: the whole property graph; channels: countries joined by dated channel edges "
    "(gexf always writes this view).",
)
@click.option(
    "--officials", is_flag=True, help="Channels view: officials as nodes too, joined by their meetings."
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=None,
    help="File to write (a directory for csv and datapackage); standard output when omitted.",
)
@click.option(
    "--from-neo4j",
    is_flag=True,
    help="Export the graph read back from Neo4j instead of the files (same writer, same bytes).",
)
@neo4j_options
def export(
    data_dir: Path,
    fmt: str,
    view: str,
    officials: bool,
    output: Path | None,
    from_neo4j: bool,
    neo4j_settings: Neo4jSettings,
) -> None:
    """Export the validated dataset (or, with --from-neo4j, what Neo4j holds) as a property graph.

    Example:

        ddgraph export --format jsonl -o ddgraph.jsonl

        ddgraph export --from-neo4j --format jsonl | diff - ddgraph.jsonl

        ddgraph export --format gexf --officials -o channels.gexf
    """
    dataset = None
    if from_neo4j:
        from ..neo4j_store import read_graph

        with neo4j_settings.connect() as driver:
            graph = read_graph(driver, neo4j_settings.database)
    else:
        dataset = load_dataset(data_dir)
        graph = to_property_graph(dataset)
    text = write_export(graph, fmt, output, view=view, officials=officials, dataset=dataset, protect=data_dir)
    if text is not None:
        click.echo(text, nl=False)


@main.command()
@data_dir
@output_format
def stats(data_dir: Path, fmt: str | None) -> None:
    """Counts by kind, facts per source and date coverage of the dataset.

    Example:

        ddgraph stats --format json
    """
    click.echo(
        render_object(compute_stats(to_property_graph(load_dataset(data_dir))), fmt or default_format())
    )


def _rules_table() -> str:
    from ..lint import RULES

    return "\n".join(f"{r.code}  {r.name:<28} {r.rationale}" for r in RULES)


@main.command()
@data_dir
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text: one 'path:line: CODE message' per finding; json: a list of objects.",
)
@click.option(
    "--select", multiple=True, metavar="CODES", help="Only these rules (codes or prefixes, e.g. DD1,DD601)."
)
@click.option("--ignore", multiple=True, metavar="CODES", help="Leave these rules out (codes or prefixes).")
@click.option("--rules", "list_rules", is_flag=True, help="List the rules (code, name, rationale) and exit.")
def lint(
    data_dir: Path, fmt: str, select: tuple[str, ...], ignore: tuple[str, ...], list_rules: bool
) -> None:
    """Data-quality rules over the validated dataset of DATA_DIR (default graph/).

    Prints each finding as path:line: CODE message and exits 1 when there is any; prints nothing
    and exits 0 on a clean dataset. Invalid data is reported as by `ddgraph validate`.

    Example:

        ddgraph lint graph --select DD1 --ignore DD104
    """
    from ..lint import lint_dataset, select_rules

    if list_rules:
        click.echo(_rules_table())
        return
    rules = select_rules(select, ignore)
    findings = lint_dataset(load_dataset(data_dir), rules)
    if fmt == "json":
        click.echo(json.dumps([f.as_dict() for f in findings], ensure_ascii=False, indent=2))
    else:
        for finding in findings:
            click.echo(str(finding))
    if findings:
        click.echo(f"Found {len(findings)} finding(s).", err=True)
        raise click.exceptions.Exit(1)


@main.command()
@data_dir
@click.option(
    "--check", is_flag=True, help="Change nothing: list the files that would change and exit 1 if any."
)
def fmt(data_dir: Path, check: bool) -> None:
    """Normalise the layout of the YAML files of DATA_DIR in place (comments, order and quotes kept).

    Each file is rewritten atomically, only when its layout differs; running it twice changes nothing.

    Example:

        ddgraph fmt --check graph
    """
    from ..yamlwriter import format_dir

    changed = format_dir(data_dir, check=check)
    for path in changed:
        click.echo(f"{'would reformat' if check else 'reformatted'} {path}")
    if check and changed:
        raise click.exceptions.Exit(1)
