"""Defaults of a load into Neo4j, importable without the Neo4j driver.

The CLI shows them in ``ddgraph load --help``; a command that never talks to Neo4j then does not pay
for importing the driver (most of a second of start-up). :mod:`ddgraph.neo4j_store` uses them.
"""

from __future__ import annotations

#: Changes (nodes + relationships) above which a load is staged in committed batches
#: (:func:`ddgraph.neo4j_store.load`), at least: a server with more transaction memory takes more in
#: one transaction (:func:`ddgraph.neo4j_store.txn_rows_of`).
TXN_ROWS = 50_000

#: Seconds a load may wait for a lock (another load, a session's open transaction) before it stops.
LOCK_TIMEOUT = 30.0

__all__ = ["LOCK_TIMEOUT", "TXN_ROWS"]
