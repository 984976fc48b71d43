"""Library exceptions: small classes the CLI turns into one ``Error: ...`` line (exit 1)."""

from __future__ import annotations


class DdgraphError(Exception):
    """Base class of every error ddgraph reports to a user."""


class UnknownCountry(DdgraphError):
    """A country name or code that is not in the dataset."""


class BadDate(DdgraphError):
    """A date argument that is not EDTF."""


class UnableToConnect(DdgraphError):
    """Neo4j cannot be reached, refused the credentials, or has no such database."""


class QueryError(DdgraphError):
    """An unknown query name, a bad parameter, or a write query run read-only."""
