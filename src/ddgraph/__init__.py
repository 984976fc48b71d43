"""ddgraph: a source-cited graph of defense-diplomacy channels, analysable in-process or in Neo4j."""

from .dataset import Dataset, DatasetError, Problem, load_dataset
from .model import parse_date

__all__ = ["Dataset", "DatasetError", "Problem", "load_dataset", "parse_date"]
__version__ = "0.1.0"
