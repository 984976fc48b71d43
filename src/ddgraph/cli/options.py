"""Options shared by several commands, as decorators; their choices come from the model's vocabulary."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
import networkx as nx

from ..backend import Neo4jSettings, open_graph
from ..datadir import ENV, dataset_dir
from ..render import OUTPUT_FORMATS
from ..timeutil import MODES
from ..views import past_the_data
from ..vocabulary import MECHANISM_KINDS, TRACKS

F = Callable[..., Any]

__all__ = [
    "Neo4jSettings",
    "as_of_option",
    "date_range_options",
    "data_dir",
    "dataset_of",
    "exclude_kind_option",
    "graph_source",
    "kind_option",
    "mode_option",
    "neo4j_options",
    "note_past_the_data",
    "open_graph",
    "out_dir_option",
    "output_format",
    "track_filter",
]


def _dataset(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path | None:
    """The named directory, else $DDGRAPH_DATA, ./graph or the packaged dataset (errors: NoDataset)."""
    if ctx.resilient_parsing:  # shell completion: nothing is read
        return value
    return dataset_dir(value)


def data_dir(f: F) -> F:
    return click.argument(
        "data_dir",
        required=False,
        default=None,
        callback=_dataset,
        type=click.Path(file_okay=False, path_type=Path),
    )(f)


def output_format(f: F) -> F:
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(OUTPUT_FORMATS),
        default=None,
        help="Output format (default: table on a terminal, json when piped).",
    )(f)


def as_of_option(help: str, *, required: bool = False) -> Callable[[F], F]:
    """``--as-of`` (text, parsed by the command with ``parse_date_arg``: a bad date is one line, exit 1)."""
    return click.option("--as-of", "as_of", required=required, help=help)


def date_range_options(first: str, last: str) -> Callable[[F], F]:
    """``--from`` and ``--to`` (passed as ``start`` and ``end``), each with its help text."""

    def decorate(f: F) -> F:
        f = click.option("--to", "end", default=None, help=last)(f)
        return click.option("--from", "start", default=None, help=first)(f)

    return decorate


def out_dir_option(help: str, *, required: bool = False) -> Callable[[F], F]:
    """``--out DIR``, a directory the command writes into (through :mod:`ddgraph.outputs`)."""
    return click.option(
        "--out", "out", type=click.Path(file_okay=False, path_type=Path), required=required, help=help
    )


def mode_option(f: F) -> F:
    return click.option(
        "--mode",
        type=click.Choice(MODES),
        default="possible",
        show_default=True,
        help="Imprecise dates: 'possible' counts a status from its earliest day, 'certain' from its latest.",
    )(f)


def kind_option(f: F) -> F:
    return click.option(
        "--kind",
        "kinds",
        multiple=True,
        type=click.Choice(MECHANISM_KINDS),
        help="Keep only mechanisms of this kind (repeatable).",
    )(f)


def exclude_kind_option(f: F) -> F:
    return click.option(
        "--exclude-kind",
        "exclude_kinds",
        multiple=True,
        type=click.Choice(MECHANISM_KINDS),
        help="Leave out mechanisms of this kind (repeatable), e.g. multilateral_forum: a "
        "forum links every member to every other and hides who brokers.",
    )(f)


def track_filter(f: F) -> F:
    return click.option(
        "--channel-track",
        "tracks",
        multiple=True,
        type=click.Choice(TRACKS),
        help="Keep only channels of this track (repeatable).",
    )(f)


def neo4j_options(f: F) -> F:
    """``--uri/--user/--password/--database`` (env NEO4J_*), passed to the command as ``neo4j_settings``.

    The password is never given a default, never prompted for and never shown; ``connect()`` reports a
    missing one as one line.
    """

    @functools.wraps(f)
    def wrapper(
        *args: Any,
        neo4j_uri: str,
        neo4j_user: str,
        neo4j_password: str | None,
        neo4j_database: str,
        **kwargs: Any,
    ) -> Any:
        settings = Neo4jSettings(neo4j_uri, neo4j_user, neo4j_password, neo4j_database)
        return f(*args, neo4j_settings=settings, **kwargs)

    options = [
        click.option(
            "--uri",
            "neo4j_uri",
            envvar="NEO4J_URI",
            default="bolt://127.0.0.1:7687",
            show_default=True,
            show_envvar=True,
            help="Bolt URI of the Neo4j server.",
        ),
        click.option(
            "--user",
            "neo4j_user",
            envvar="NEO4J_USER",
            default="neo4j",
            show_default=True,
            show_envvar=True,
            help="Neo4j user.",
        ),
        click.option(
            "--password",
            "neo4j_password",
            envvar="NEO4J_PASSWORD",
            default=None,
            show_envvar=True,
            help="Neo4j password (required; prefer the environment variable).",
        ),
        click.option(
            "--database",
            "neo4j_database",
            envvar="NEO4J_DATABASE",
            default="neo4j",
            show_default=True,
            show_envvar=True,
            help="Neo4j database name.",
        ),
    ]
    for option in reversed(options):
        wrapper = option(wrapper)
    return wrapper  # type: ignore[return-value]


def graph_source(f: F) -> F:
    """``--data-dir``, ``--neo4j`` and the Neo4j connection options, passed as ``source``: a directory
    or :class:`~ddgraph.backend.Neo4jSettings`, for :func:`~ddgraph.backend.open_graph`."""

    @functools.wraps(f)
    def wrapper(
        *args: Any, data_dir: Path, use_neo4j: bool, neo4j_settings: Neo4jSettings, **kwargs: Any
    ) -> Any:
        return f(
            *args, source=neo4j_settings if use_neo4j else data_dir, neo4j_settings=neo4j_settings, **kwargs
        )

    wrapped = neo4j_options(wrapper)
    wrapped = click.option(
        "--neo4j", "use_neo4j", is_flag=True, help="Read the graph back from Neo4j instead of the files."
    )(wrapped)
    return click.option(
        "--data-dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        callback=_dataset,
        help=f"Dataset directory (when not reading from Neo4j); default: ${ENV}, else ./graph, else the "
        "packaged dataset.",
    )(wrapped)


def dataset_of(source: Path | Neo4jSettings) -> Path | None:
    """The dataset directory a command reads (None from Neo4j): no output may be written inside it."""
    return source if isinstance(source, Path) else None


def note_past_the_data(G: nx.MultiDiGraph, *days: dt.date | None) -> None:
    """Say on standard error when the last asked day is after the data's last dated fact."""
    asked = [d for d in days if d is not None]
    note = past_the_data(G, max(asked)) if asked else None
    if note:
        click.echo(note, err=True)
