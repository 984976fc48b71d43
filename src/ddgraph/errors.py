"""Every exception the library raises: one root, small classes, one-line messages.

The CLI catches :class:`DdgraphError` in one place and prints ``Error: <message>`` (exit 1), or, for a
:class:`DatasetError`, every problem as ``path:line: message``. Anything else reaching the CLI is a bug
in ddgraph ("internal error").

Examples
--------
>>> issubclass(UnknownCountry, DdgraphError) and issubclass(DatasetError, DdgraphError)
True
>>> str(DatasetError([Problem("graph/x.yaml", 3, "bad")]))
'graph/x.yaml:3: bad'
"""

from __future__ import annotations

from dataclasses import dataclass


class DdgraphError(Exception):
    """Base class of every error ddgraph reports to a user."""


@dataclass(frozen=True, order=True)
class Problem:
    """One problem found in the dataset, printable as ``path:line: message``."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        message = " ".join(self.message.split())  # one line per problem, whatever the input held
        # line 0: the problem is about the whole path (a missing directory), not a line in it
        return f"{self.path}:{self.line}: {message}" if self.line else f"{self.path}: {message}"


class DatasetError(DdgraphError):
    """The dataset has problems; ``problems`` lists every one of them."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(set(problems), key=lambda p: (p.path, p.line, p.message))
        super().__init__("\n".join(str(p) for p in self.problems))


class YamlProblem(DdgraphError):
    """A file that cannot be read as YAML; ``line`` is 1-based."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


class BadArgument(DdgraphError):
    """An argument outside its vocabulary (an unknown kind, track or mode)."""


class UnknownCountry(BadArgument):
    """A country name or code that is not in the dataset."""


class SameCountry(BadArgument):
    """A pair of countries that names one country twice."""


class BadDate(BadArgument):
    """A date argument that is not EDTF, or a range that ends before it starts."""


class NoDataset(DdgraphError):
    """No dataset directory was named and none was found (``$DDGRAPH_DATA``, ``./graph``, packaged)."""


class UnableToConnect(DdgraphError):
    """Neo4j cannot be reached, refused the credentials, or has no such database."""


class QueryError(DdgraphError):
    """An unknown query name, a bad parameter, or a write query run read-only."""


class StoreError(DdgraphError):
    """A property graph that cannot be stored in Neo4j as is (unknown label, bad property value...)."""


class StoreBusy(StoreError):
    """Another load or session holds the database: this write waited too long or lost the race."""


class ExportError(DdgraphError):
    """An export that cannot be written or a JSONL file that cannot be read."""


class OutputError(DdgraphError):
    """A file or directory that cannot or must not be written (a device, the dataset being read...)."""


class ReportError(DdgraphError):
    """A report that cannot be written (format, output directory)."""


class BulkError(DdgraphError):
    """A directory that cannot be converted to the bulk (JSON Lines) format."""


class SynthError(DdgraphError):
    """A synthetic dataset that cannot be generated with the requested sizes or directory."""


class FormatError(DdgraphError):
    """A graph file that the YAML writer cannot rewrite (``ddgraph fmt``)."""


__all__ = [
    "BadArgument",
    "BadDate",
    "DatasetError",
    "DdgraphError",
    "ExportError",
    "FormatError",
    "NoDataset",
    "OutputError",
    "Problem",
    "QueryError",
    "ReportError",
    "SameCountry",
    "StoreBusy",
    "StoreError",
    "SynthError",
    "BulkError",
    "UnableToConnect",
    "UnknownCountry",
    "YamlProblem",
]
