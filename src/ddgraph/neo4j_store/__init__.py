"""The one bridge between the property graph and a real Neo4j: connect, schema, diff-load, read back, query.

The package's modules: :mod:`.connect` (a checked driver, the schema), :mod:`.diff` (pure: storability,
digest, diff — tested without a server), :mod:`.read` (read back, the load bookkeeping), :mod:`.lock`
(the load lock), :mod:`.write` (:func:`load`, scores, clear) and :mod:`.query` (the named queries).
Everything is re-exported here.

:func:`load` is idempotent and atomic. It reads what the database holds (the id and content hash of
every node and relationship, not the graph), computes the difference with the graph built from the
files, and applies only the creates/updates/deletes, in ONE write transaction when the change is small
(:func:`txn_rows_of`: what a quarter of the server's transaction memory holds, at least
:data:`TXN_ROWS` rows): a reader never sees a half-loaded dataset, and a load that is killed leaves the
previous complete state (the server rolls back a transaction whose client went away). A bigger change
is staged: the new nodes, labelled :data:`STAGING_LABEL` only, and the relationships that touch them
are committed in batches that fit the server's transaction memory, and one last transaction (which
held the load lock throughout) makes them visible with the updates and deletes. Loading the same files
twice reports 0 changes; a fact removed from the files is removed from the database.

Readers: a staged node has no ddgraph label, so no labelled pattern sees it. A query that matches a
node *without* a label next to a relationship other than ``PART_OF`` adds ``NOT x:DdgraphStaged``
(the files of ``cypher/queries/`` do); :func:`read_graph` leaves staged relationships out.

:func:`read_graph` is the inverse of :func:`load`: ``read_graph(load(g)) == g`` exactly (dates back to
ISO strings for :data:`~ddgraph.graph.DATE_KEYS`, the same property types, lists and label order), so an
export written from Neo4j is byte-equal to one written from the files.

Storage conventions:

* every node and relationship stores ``ddgraph_hash``, the content hash of what the load wrote
  (:func:`~ddgraph.neo4j_store.diff.node_hash`, :func:`~ddgraph.neo4j_store.diff.rel_hash`), which the
  next load's diff reads instead of the properties; :func:`read_graph` leaves it out;
* a node keeps its labels (primary label from :data:`~ddgraph.graph.NODE_LABELS` first, then the kind
  label such as ``Hotline``) and its properties, ``id`` included; no extra label is added;
* a relationship keeps its type and properties and stores its graph id in the ``id`` property (a
  property of that name is therefore reserved on relationships);
* every :data:`~ddgraph.graph.DATE_KEYS` value is a native ``date``, so Cypher can filter with
  ``WHERE r.from <= date($asOf)``;
* the database is owned by ddgraph: every node carrying one of the ``NODE_LABELS`` and every
  relationship of one of the ``REL_TYPES`` is managed (and deleted when absent from the files);
* one bookkeeping node labelled :data:`LOAD_LABEL` (not a ddgraph label, so :func:`read_graph` and the
  exports never see it) holds the SHA-256 of the graph the last load wrote (:func:`graph_digest`).
  A load of the same graph then checks that digest and the node and relationship counts instead of
  reading the whole graph back. With the digest it records one per shard (the nodes of a primary
  label, the relationships of a type, split by id into shards of about 256 at most:
  :func:`~.diff.shard_digests`), so a load of an edited graph reads back, by id, the (id, hash) pairs
  of the shards that changed only (the counts check the others; shards recorded before any later
  write are not trusted). The ddgraph writes outside :func:`load`
  (:func:`write_node_properties`, :func:`run_query` with ``write=True``) forget the digest in their
  own transaction, so the next load diffs for real; so does ``load(..., full=True)`` (``ddgraph load
  --full``), for a database edited by hand. The same node is the load lock (:mod:`.lock`): concurrent
  loads never interleave, and the one that waited behind the other says so;
* the centrality scores a write-back stores (``centrality_*`` properties, :data:`SCORE_PREFIX`) are
  annotations, not facts: a load keeps them and :func:`read_graph` leaves them out.

Cypher text never contains a value: labels and types come from the fixed whitelist in
:mod:`ddgraph.graph` (one query text per label/type), every value travels as a ``$parameter``.

The library never prints: :func:`load` reports per-batch progress through a callback.
"""

from __future__ import annotations

from ..errors import QueryError, StoreBusy, StoreError, UnableToConnect
from ..graph import DATE_KEYS, NODE_LABELS, REL_TYPES
from .connect import (
    DEFAULT_DATABASE,
    DEFAULT_URI,
    DEFAULT_USER,
    URI_SCHEMES,
    apply_schema,
    connect,
    display_uri,
)
from .diff import (
    ALLOWED_LABELS,
    STORAGE_VERSION,
    Counts,
    Diff,
    LoadSummary,
    diff_graphs,
    graph_digest,
    validate_graph,
)
from .lock import LockWatch
from .query import QueryResult, run_query
from .read import LOAD_LABEL, SCORE_PREFIX, STAGING_LABEL, read_graph
from .write import (
    BATCH_SIZE,
    LOCK_TIMEOUT,
    MEMORY_SETTINGS,
    TXN_ROWS,
    Progress,
    _ident,
    clear,
    holds_files,
    load,
    txn_rows_of,
    write_node_properties,
)

__all__ = [
    "ALLOWED_LABELS",
    "BATCH_SIZE",
    "TXN_ROWS",
    "txn_rows_of",
    "DATE_KEYS",
    "DEFAULT_DATABASE",
    "DEFAULT_URI",
    "DEFAULT_USER",
    "LOAD_LABEL",
    "LOCK_TIMEOUT",
    "MEMORY_SETTINGS",
    "SCORE_PREFIX",
    "STAGING_LABEL",
    "URI_SCHEMES",
    "LockWatch",
    "StoreBusy",
    "NODE_LABELS",
    "REL_TYPES",
    "STORAGE_VERSION",
    "Counts",
    "Diff",
    "LoadSummary",
    "Progress",
    "QueryError",
    "QueryResult",
    "StoreError",
    "UnableToConnect",
    "_ident",
    "apply_schema",
    "clear",
    "connect",
    "diff_graphs",
    "display_uri",
    "graph_digest",
    "holds_files",
    "load",
    "read_graph",
    "run_query",
    "validate_graph",
    "write_node_properties",
]
