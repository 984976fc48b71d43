"""The load lock: every ddgraph write takes the bookkeeping node first, and no write waits forever.

Concurrent writers queue on one node, ``(:DdgraphLoad {id: 'load'})`` (a uniqueness constraint of
``cypher/schema.cypher`` makes its MERGE race-free): the first statement of a load, a write-back or a
``query --write`` sets it, so a second load waits until the first has committed or rolled back, and
never interleaves with it. The node's ``generation`` counts the writes that committed; a load reads it
before it begins and again once it holds the lock, so a load that waited behind another one sees that
the database changed under it and stops (:class:`~ddgraph.errors.StoreBusy`) rather than overwrite the
other load's result: the database then holds exactly the other load's files.

:class:`LockWatch` bounds the wait for any lock (the bookkeeping node, or a node another session holds
in an open transaction): a thread watches the load's own transaction in ``SHOW TRANSACTIONS`` (it is
tagged with a token in its metadata) and, once it has been blocked longer than the timeout, terminates
it and names the transaction it waited for. A long load that is working, not waiting, is never cut.
"""

from __future__ import annotations

import re
import threading
import time
from types import TracebackType
from typing import Any

import neo4j
import neo4j.exceptions as nex

from ..cypher_library import store_statement
from ..errors import StoreBusy

#: The generation of the bookkeeping node as committed (read without waiting for a lock).
_READ_GENERATION = store_statement("read_generation")

#: The lock: a write to the bookkeeping node, the first statement of every ddgraph write transaction.
#: Every lock statement returns the mark of a bulk load that is about to replace the database.
_TAKE_LOCK = store_statement("take_lock")

#: Once the lock is held the generation read is the latest committed one; this write is counted.
_NEXT_GENERATION = store_statement("next_generation")

#: A write outside ``load`` (scores, ``query --write``): the next load must diff for real.
_FORGET_DIGEST = store_statement("forget_digest")

#: A write that may change facts (``query --write``): the content hashes may be stale too, so the next
#: load reads the whole graph back and diffs it (as ``load --full`` does).
_FORGET_HASHES = store_statement("forget_hashes")

#: ``load --bulk``, holding the lock on an empty database: the mark every later writer refuses at.
_MARK_BULK = store_statement("mark_bulk")

#: A bulk load that did not replace the database takes its mark away.
_UNMARK_BULK = store_statement("unmark_bulk")

_WRITE_DIGEST = store_statement("write_digest")

#: What ``load`` records: the digest, and the digest of each shard (``key=digest`` texts), so that the
#: next load reads back the hashes of the shards that differ only (:func:`~.diff.shard_digests`);
#: and, given the digest of the files the graph was made from, which files those were (``$files``:
#: ``key=value`` texts naming the graph's digest and counts too, or null; :func:`~.write.holds_files`).
_WRITE_LOAD_DIGEST = store_statement("write_load_digest")

#: An unchanged load of other files (a comment edited): which files make the graph the database holds.
#: The texts name that graph's digest, so they count only while the node still records it.
_WRITE_FILES = store_statement("write_files")

#: What an unchanged reload reads before it parses anything (:func:`~.write.holds_files`).
_READ_FILES = store_statement("read_files")

#: The bookkeeping node of an older ddgraph (no id): replaced by the one above.
_DROP_OLD_BOOKKEEPING = store_statement("drop_old_bookkeeping")


def take_lock(
    tx: neo4j.Transaction | neo4j.ManagedTransaction,
    statement: str = _TAKE_LOCK,
    *,
    writer: str,
    **params: Any,
) -> neo4j.Record | None:
    """Run a lock statement in ``tx`` (it waits while another writer holds the lock); refuse, with
    :class:`~ddgraph.errors.StoreBusy`, while a ``load --bulk`` is replacing the database: it
    committed its mark before stopping the server, and whatever commits now would be lost.
    Returns the statement's row (``params``: its other parameters)."""
    row = tx.run(statement, writer=writer, **params).single()
    if row is not None and row["bulk"] is not None:
        raise StoreBusy(
            f"a bulk load (`ddgraph load --bulk`, marked {row['since']}) is replacing this database with "
            "neo4j-admin import; what this wrote would be lost, so nothing was written. Wait for it; if "
            "it is no longer running, `ddgraph load --bulk` again (the database is empty) clears the mark"
        )
    return row


_SHOW_MINE = store_statement("show_my_transaction")

_SHOW_THESE = store_statement("show_transactions")

_TERMINATE = store_statement("terminate_transaction")

_BLOCKERS = re.compile(r"[A-Za-z0-9_.-]+-transaction-\d+")


class LockWatch:
    """Terminate the transaction tagged ``token`` once it has waited for a lock for ``timeout`` seconds.

    Use as a context manager around the transaction; :attr:`message` says, afterwards, what it waited
    for when it was terminated (else ``None``).
    """

    def __init__(
        self, driver: neo4j.Driver, database: str, token: str, timeout: float, poll: float = 0.25
    ) -> None:
        self.driver, self.database, self.token = driver, database, token
        self.timeout, self.poll = timeout, poll
        self.message: str | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="ddgraph-lock-watch", daemon=True)

    def __enter__(self) -> LockWatch:
        self._thread.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        blocked_since: float | None = None
        try:
            with self.driver.session(database=self.database) as session:
                while not self._stop.wait(self.poll):
                    # a staged load has two transactions: its lock and a batch; either may wait
                    rows = session.run(_SHOW_MINE, token=self.token).data()
                    blocked = [r for r in rows if str(r["status"]).startswith("Blocked")]
                    if not blocked:
                        blocked_since = None
                        continue
                    blocked_since = blocked_since or time.monotonic()
                    if time.monotonic() - blocked_since >= self.timeout:
                        self.message = self._describe(session, str(blocked[0]["status"]))
                        for r in rows:
                            session.run(_TERMINATE, id=r["transactionId"]).consume()
                        return
        except (nex.Neo4jError, nex.DriverError, OSError):
            return  # the server went away: the load itself reports that

    def _describe(self, session: neo4j.Session, status: str) -> str:
        ids = _BLOCKERS.findall(status)
        holders = []
        for row in session.run(_SHOW_THESE, ids=ids).data():
            meta = row["metaData"] or {}
            if meta.get("app") == "ddgraph load":
                holders.append(f"another ddgraph load ({row['transactionId']})")
            else:
                holders.append(f"transaction {row['transactionId']} of user {row['username']!r}")
        who = ", ".join(holders) or (", ".join(ids) or "another transaction")
        return (
            f"waited {self.timeout:g} s for a lock held by {who}; nothing was written "
            "(run the load again once that transaction has ended)"
        )
