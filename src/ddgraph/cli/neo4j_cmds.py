"""Commands over a Neo4j server: load the files into it, run the named queries of cypher/queries/."""

from __future__ import annotations

import gc
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from ..cypher_library import Query, adhoc_query, list_queries, load_query, parse_param, read_query_file
from ..dataset import files_digest, gc_paused, load_dataset, load_dataset_digest
from ..errors import DdgraphError
from ..graph import to_property_graph
from ..neo4j_defaults import LOCK_TIMEOUT, TXN_ROWS
from ..render import default_format, render_rows
from . import main
from .completion import complete_query_names
from .options import Neo4jSettings, data_dir, neo4j_options, output_format
from .progress import progress_bar


@main.command(name="load")
@data_dir
@click.option(
    "--full",
    is_flag=True,
    help="Read the database back and diff even when these files were the last ones loaded "
    "(after editing the database by hand).",
)
@click.option(
    "--lock-timeout",
    type=click.FloatRange(min=0.5),
    default=LOCK_TIMEOUT,
    show_default=True,
    metavar="SECONDS",
    help="Stop when a lock (another load, a session's open transaction) is held longer than this.",
)
@click.option(
    "--txn-rows",
    type=click.IntRange(min=1),
    default=None,
    metavar="N",
    help="A change of more nodes and relationships than this is staged in committed batches and made "
    "visible at once by a last transaction (readers never see half a load). Default: what a quarter "
    f"of the server's transaction memory holds, at least {TXN_ROWS:,}.",
)
@click.option(
    "--bulk",
    is_flag=True,
    help="First load into an EMPTY database of the server scripts/neo4j-local runs "
    "(DDGRAPH_NEO4J_HOME): stop it, neo4j-admin database import, start it again.",
)
@neo4j_options
def load_cmd(
    data_dir: Path,
    full: bool,
    bulk: bool,
    lock_timeout: float,
    txn_rows: int | None,
    neo4j_settings: Neo4jSettings,
) -> None:
    """Validate DATA_DIR (default graph/) and make Neo4j hold exactly its graph.

    Only the differences are written, in one transaction (a big change is staged in batches and
    made visible by one last transaction, so it fits the server's memory): a second load of the same files
    reports 0 changes (without reading the graph back), and a load that fails or is killed leaves
    the previous state. Two loads at once never mix: the second waits for the first and then stops,
    saying so. The centrality scores of `report centrality --write-back` are kept. With --bulk, a
    first load into an empty database of the local server goes through neo4j-admin's import
    instead (the server restarts); later loads are incremental.

    Example:

        NEO4J_PASSWORD=... ddgraph load graph/

        NEO4J_PASSWORD=... scripts/neo4j-local start && ddgraph load --bulk graph/
    """
    if bulk and full:
        raise click.UsageError("--bulk is a first load into an empty database; --full diffs a loaded one")
    from ..neo4j_store import LoadSummary, apply_schema, holds_files, load
    from ..neo4j_store.admin_import import ManagedServer, bulk_load

    shown = data_dir.as_posix().rstrip("/") + "/"
    # The same files (and code) as the load the database records: it holds their graph, untouched.
    files = None if bulk else files_digest(data_dir)
    driver = _driver_if_up(neo4j_settings) if files and not full else None
    frozen = False
    try:
        if driver is not None and files and holds_files(driver, files, neo4j_settings.database):
            apply_schema(driver, neo4j_settings.database)
            click.echo(f"loaded {shown}: {LoadSummary()}")
            return
        with gc_paused():
            # nothing is written when the files are invalid; files: None when they changed while read
            dataset, files = load_dataset_digest(data_dir, files) if files else (load_dataset(data_dir), None)
            graph = to_property_graph(dataset)
            # both live until the command ends: frozen, no collection walks their objects again
            gc.freeze()
            frozen = True
        if bulk:
            s = neo4j_settings
            server = ManagedServer.from_env()
            summary = bulk_load(
                s.connect, graph, server, s.uri, s.password or "", s.database, lock_timeout=lock_timeout
            )
            click.echo(f"loaded {shown} with neo4j-admin import: {summary}")
            return
        if driver is None:
            driver = neo4j_settings.connect()
        with progress_bar("loading") as progress:
            apply_schema(driver, neo4j_settings.database)
            summary = load(
                driver,
                graph,
                neo4j_settings.database,
                progress=progress,
                full=full,
                lock_timeout=lock_timeout,
                txn_rows=txn_rows,
                files=files,
            )
    finally:
        if driver is not None:
            driver.close()
        if frozen:
            gc.unfreeze()
    click.echo(f"loaded {shown}: {summary}")


def _driver_if_up(settings: Neo4jSettings) -> Any:
    """A driver when the server answers, else None: the files are then validated first, and the
    load reports the connection error only if they are valid."""
    try:
        return settings.connect()
    except DdgraphError:
        return None


def _param_option(f: Callable[..., None]) -> Callable[..., None]:
    return click.option(
        "--param",
        "-p",
        "params",
        multiple=True,
        metavar="NAME=VALUE",
        help="A query parameter (repeatable); numbers, booleans, null and lists are read as JSON.",
    )(f)


_WRITE_HELP = "Allow a query that writes to the graph (administration and side effects stay refused)."


@main.command()
@click.argument("name", required=False, shell_complete=complete_query_names)
@_param_option
@click.option(
    "--file",
    "query_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="Run the Cypher of this file instead of a named query (same checks, parameters with -p).",
)
@click.option("--example", is_flag=True, help="Run with the example parameters of the query's header.")
@click.option("--list", "list_", is_flag=True, help="List the queries: purpose, parameters, example.")
@click.option("--write", is_flag=True, help=_WRITE_HELP)
@output_format
@neo4j_options
def query(
    name: str | None,
    params: tuple[str, ...],
    query_file: Path | None,
    example: bool,
    list_: bool,
    write: bool,
    fmt: str | None,
    neo4j_settings: Neo4jSettings,
) -> None:
    """Run the named query of cypher/queries/ (or --file) against Neo4j, read-only unless --write.

    Read-only refuses writes, administration commands (SHOW, TERMINATE...), LOAD CSV and any
    procedure or function off its allow-list of reads (apoc.export.*, apoc.load.*, ...).

    Example:

        ddgraph query channels_between -p a=USA -p b=China -p asOf=2024-03-31

        ddgraph query alternative_routes --example --format json

        ddgraph query --file my.cypher -p country=sgp

        ddgraph query --list
    """
    fmt = fmt or default_format()
    if list_:
        rows = [
            {
                "name": q.name,
                "purpose": q.purpose,
                "params": ", ".join(q.params),
                "example": " ".join(f"-p {k}={_param_text(v)}" for k, v in q.example.items()),
            }
            for q in list_queries()
        ]
        click.echo(render_rows(rows, fmt, ["name", "purpose", "params", "example"]))
        return
    if query_file is not None and name:
        raise click.UsageError("give a query NAME or --file, not both")
    if query_file is not None:
        chosen: str | Query = adhoc_query(read_query_file(query_file), str(query_file), query_file)
    elif name:
        chosen = name
    else:
        raise click.UsageError("give a query NAME or --file (see `ddgraph query --list`)")
    # an unknown name is the user's mistake to report, before any server is asked
    resolved = load_query(chosen) if isinstance(chosen, str) else chosen
    values = dict(resolved.example) if example else {}
    values.update(parse_param(p) for p in params)
    from ..neo4j_store import run_query

    with neo4j_settings.connect() as driver:
        result = run_query(driver, chosen, values, neo4j_settings.database, write=write)
    click.echo(render_rows(result.rows, fmt, result.columns))


def _param_text(value: object) -> str:
    """An example value as ``-p`` takes it: text as is, anything else as JSON."""
    return value if isinstance(value, str) else json.dumps(value)


@main.command()
@click.argument("text")
@_param_option
@click.option("--write", is_flag=True, help=_WRITE_HELP)
@output_format
@neo4j_options
def cypher(
    text: str, params: tuple[str, ...], write: bool, fmt: str | None, neo4j_settings: Neo4jSettings
) -> None:
    """Run an ad-hoc Cypher query TEXT against Neo4j, with the checks of `ddgraph query` (read-only).

    Parameters are the $names the text uses, given with -p; TEXT "-" reads the query from standard input.

    Example:

        ddgraph cypher 'MATCH (m:Mechanism {id: $id}) RETURN m.name AS name' -p id=usa-chn-dtl
    """
    source = sys.stdin.read() if text == "-" else text
    values = dict(parse_param(p) for p in params)
    from ..neo4j_store import run_query

    with neo4j_settings.connect() as driver:
        adhoc = adhoc_query(source, "cypher")
        result = run_query(driver, adhoc, values, neo4j_settings.database, write=write)
    click.echo(render_rows(result.rows, fmt or default_format(), result.columns))
