"""Options shared by several commands, as decorators."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from ..render import OUTPUT_FORMATS

F = Callable[..., Any]


def data_dir(f: F) -> F:
    return click.argument(
        "data_dir", required=False, default="graph",
        type=click.Path(file_okay=False, path_type=Path),
    )(f)


def output_format(f: F) -> F:
    return click.option(
        "--format", "fmt", type=click.Choice(OUTPUT_FORMATS), default=None,
        help="Output format (default: table on a terminal, json when piped).",
    )(f)


@dataclass(frozen=True)
class Neo4jSettings:
    """Where the Neo4j server is; ``connect()`` opens a checked driver (errors: UnableToConnect)."""

    uri: str
    user: str
    password: str | None = field(repr=False)
    database: str

    def connect(self) -> Any:
        from ..neo4j_store import connect

        return connect(self.uri, self.user, self.password or "", self.database)


def neo4j_options(f: F) -> F:
    """``--uri/--user/--password/--database`` (env NEO4J_*), passed to the command as ``neo4j_settings``.

    The password is never given a default, never prompted for and never shown; ``connect()`` reports a
    missing one as one line.
    """

    @functools.wraps(f)
    def wrapper(*args: Any, neo4j_uri: str, neo4j_user: str, neo4j_password: str | None,
                neo4j_database: str, **kwargs: Any) -> Any:
        settings = Neo4jSettings(neo4j_uri, neo4j_user, neo4j_password, neo4j_database)
        return f(*args, neo4j_settings=settings, **kwargs)

    options = [
        click.option("--uri", "neo4j_uri", envvar="NEO4J_URI", default="bolt://127.0.0.1:7687",
                     show_default=True, show_envvar=True, help="Bolt URI of the Neo4j server."),
        click.option("--user", "neo4j_user", envvar="NEO4J_USER", default="neo4j", show_default=True,
                     show_envvar=True, help="Neo4j user."),
        click.option("--password", "neo4j_password", envvar="NEO4J_PASSWORD", default=None,
                     show_envvar=True, help="Neo4j password (required; prefer the environment variable)."),
        click.option("--database", "neo4j_database", envvar="NEO4J_DATABASE", default="neo4j",
                     show_default=True, show_envvar=True, help="Neo4j database name."),
    ]
    for option in reversed(options):
        wrapper = option(wrapper)
    return wrapper  # type: ignore[return-value]
