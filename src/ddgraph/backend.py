"""Where the graph comes from: the files of a dataset directory, or a Neo4j server read back.

:func:`open_graph` is the one seam every analysis command and the main job go through, so an analysis
never knows (or cares) whether its graph came from ``graph/*.yaml`` or from the database.

Example::

    G = open_graph("graph")
    G = open_graph(Neo4jSettings.from_env())
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from .dataset import load_dataset
from .graph import PropertyGraph, to_property_graph
from .views import base_graph


@dataclass(frozen=True)
class Neo4jSettings:
    """Where the Neo4j server is; ``connect()`` opens a checked driver (errors: UnableToConnect)."""

    uri: str = "bolt://127.0.0.1:7687"
    user: str = "neo4j"
    password: str | None = field(default=None, repr=False)
    database: str = "neo4j"

    @classmethod
    def from_env(cls) -> Neo4jSettings:
        """The settings of ``NEO4J_URI``, ``NEO4J_USER``, ``NEO4J_PASSWORD`` and ``NEO4J_DATABASE``."""
        env = os.environ
        return cls(
            env.get("NEO4J_URI", cls.uri),
            env.get("NEO4J_USER", cls.user),
            env.get("NEO4J_PASSWORD"),
            env.get("NEO4J_DATABASE", cls.database),
        )

    def connect(self) -> Any:
        from .neo4j_store import connect

        return connect(self.uri, self.user, self.password or "", self.database)


def open_property_graph(where: str | Path | Neo4jSettings) -> PropertyGraph:
    """The property graph of a dataset directory (validated) or read back from a Neo4j server."""
    if isinstance(where, Neo4jSettings):
        from .neo4j_store import read_graph

        driver = where.connect()
        try:
            return read_graph(driver, where.database)
        finally:
            driver.close()
    return to_property_graph(load_dataset(where))


def open_graph(where: str | Path | Neo4jSettings) -> nx.MultiDiGraph:
    """The base graph (:func:`ddgraph.views.base_graph`) of a dataset directory or a Neo4j server.

    Raises :class:`~ddgraph.errors.DatasetError` for invalid files and
    :class:`~ddgraph.errors.UnableToConnect` when the server does not answer.
    """
    return base_graph(open_property_graph(where))
