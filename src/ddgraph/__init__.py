"""ddgraph: a source-cited graph of defense-diplomacy channels, analysable in-process or in Neo4j.

``ddgraph.open("graph")`` (or ``ddgraph.open(neo4j=True)``) gives a :class:`Graph` whose methods answer
the analyst's questions as pandas DataFrames (the ``notebook`` extra); see :mod:`ddgraph.notebook`.
"""

from .backend import Neo4jSettings, open_graph
from .dataset import Dataset, DatasetError, Problem, load_dataset
from .errors import DdgraphError
from .model import parse_date
from .notebook import Graph, open  # noqa: A004 - ddgraph.open(...) is the notebook entry point

__all__ = [
    "Dataset",
    "DatasetError",
    "DdgraphError",
    "Graph",
    "Neo4jSettings",
    "Problem",
    "load_dataset",
    "open",
    "open_graph",
    "parse_date",
]
__version__ = "0.1.0"
