"""Open a checked driver on a Neo4j server and apply the schema of ``cypher/schema.cypher``."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urlsplit

import neo4j
import neo4j.exceptions as nex

from ..cypher_library import schema_statements, store_statement
from ..errors import StoreError, UnableToConnect

_F = TypeVar("_F", bound=Callable[..., Any])

#: The schemes of the Bolt protocol, the only one ddgraph speaks (``http://`` is the Browser's).
URI_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")

DEFAULT_URI = "bolt://127.0.0.1:7687"
DEFAULT_USER = "neo4j"
DEFAULT_DATABASE = "neo4j"


def connect(
    uri: str = DEFAULT_URI, user: str = DEFAULT_USER, password: str = "", database: str = DEFAULT_DATABASE
) -> neo4j.Driver:
    """Open a driver and check, once, that ``database`` answers with these credentials.

    Raises :class:`~ddgraph.errors.UnableToConnect` with a one-line message (never the password) when
    the server is unreachable, refuses the credentials, or has no such database.
    """
    if not password:
        raise UnableToConnect("no Neo4j password: set NEO4J_PASSWORD (or pass --password)")
    shown = display_uri(uri)  # the only form of the URI any message holds
    try:
        parts = urlsplit(uri)
    except ValueError as e:
        raise UnableToConnect(f"invalid Neo4j URI {shown!r}") from e
    scheme = parts.scheme.lower()
    if scheme not in URI_SCHEMES:
        raise UnableToConnect(
            f"invalid Neo4j URI {shown!r}: ddgraph speaks Bolt, give bolt://HOST:7687 or neo4j://HOST:7687"
            + (" (http:// is the Browser's address)" if scheme in ("http", "https") else "")
        )
    if "@" in parts.netloc:
        raise UnableToConnect(
            f"the Neo4j URI {shown!r} holds credentials: give them with NEO4J_USER / NEO4J_PASSWORD"
        )
    try:
        # Server notifications (a property not in the schema yet...) would be logged to stderr.
        driver = neo4j.GraphDatabase.driver(
            uri,
            auth=(user, password),
            connection_timeout=10,
            notifications_min_severity=neo4j.NotificationMinimumSeverity.OFF,
        )
    except (ValueError, nex.ConfigurationError) as e:
        raise UnableToConnect(f"invalid Neo4j URI {shown!r}") from e
    try:
        driver.verify_connectivity()
        with driver.session(database=database) as session:
            session.run(store_statement("probe")).consume()
    except nex.AuthError as e:
        driver.close()
        raise UnableToConnect(
            f"Neo4j at {shown} refused the credentials of user {user!r} (check NEO4J_USER / NEO4J_PASSWORD)"
        ) from e
    except nex.ClientError as e:
        driver.close()
        if e.code and "DatabaseNotFound" in e.code:
            raise UnableToConnect(f"Neo4j at {shown} has no database {database!r}") from e
        raise UnableToConnect(f"Neo4j at {shown} refused the connection: {e.message or e.code}") from e
    except (nex.ServiceUnavailable, nex.SessionExpired, OSError) as e:
        driver.close()
        raise UnableToConnect(f"cannot reach Neo4j at {shown} (is the server running?)") from e
    except nex.Neo4jError as e:
        driver.close()
        raise UnableToConnect(f"Neo4j at {shown} failed: {e.message or e.code}") from e
    return driver


def unavailable(what: str, rolled_back: bool = True) -> str:
    """The one line for a Neo4j server that became unavailable during ``what`` (``"the load"``): the
    driver's own text spans lines. ``rolled_back`` says that nothing was written (the server rolls
    back a transaction it did not commit); false for a command that may only have read."""
    written = (
        "; nothing was written (the server rolls back a transaction it did not commit)" if rolled_back else ""
    )
    return f"Neo4j became unavailable during {what}{written}: run it again once the server is back"


def server_gone(what: str) -> Callable[[_F], _F]:
    """Make a write that meets a server gone away (stopped, restarted, the connection cut) raise one
    :class:`~ddgraph.errors.StoreError` line instead of the driver's error, which spans lines.

    ``what`` names the write (``"the load"``). A commit whose answer was lost may have happened: the
    message says so, since running the write again is the way to know (a load of the same graph then
    writes nothing).
    """

    def decorate(write: _F) -> _F:
        @functools.wraps(write)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            try:
                return write(*args, **kwargs)
            except nex.IncompleteCommit as e:
                raise StoreError(
                    f"Neo4j went away while {what} committed, so it may or may not have been written: "
                    "run it again once the server is back"
                ) from e
            except (nex.ServiceUnavailable, nex.SessionExpired) as e:
                raise StoreError(unavailable(what)) from e

        return guarded  # type: ignore[return-value]

    return decorate


#: How many times a read transaction is run when the answer to its commit is lost.
READ_ATTEMPTS = 3


def read_retried(session: neo4j.Session, work: Callable[..., Any], *args: Any) -> Any:
    """``session.execute_read(work, *args)``, run again when the answer to its commit was lost.

    The driver retries every other connection failure itself, but not a lost commit
    (``IncompleteCommit``): it cannot know the transaction wrote nothing. A read transaction did not,
    so it is run again; after :data:`READ_ATTEMPTS` it is reported as a server gone away.
    """
    for attempt in range(1, READ_ATTEMPTS + 1):
        try:
            return session.execute_read(work, *args)
        except nex.IncompleteCommit as e:
            if attempt == READ_ATTEMPTS:
                raise nex.ServiceUnavailable(str(e)) from e
    raise AssertionError("unreachable")  # pragma: no cover


@server_gone("the schema's creation")
def apply_schema(
    driver: neo4j.Driver,
    database: str = DEFAULT_DATABASE,
    *,
    one_transaction: bool = False,
    await_indexes: bool = True,
) -> int:
    """Run every statement of ``cypher/schema.cypher`` (all ``IF NOT EXISTS``) and wait for the indexes.

    ``one_transaction``: all statements in one transaction (a schema-only transaction; about 20% faster
    on a database without the schema, as after ``neo4j-admin database import``). ``await_indexes=False``
    returns once the statements committed: the uniqueness constraints are in force then (creating one
    checks the data), the other indexes may still be populating. Returns the number of statements run:
    0 when every constraint and index is there by name and online (nothing to run or wait for).
    """
    statements = schema_statements()
    with driver.session(database=database) as session:
        if _schema_in_place(session, statements):
            return 0
        if one_transaction:
            with session.begin_transaction() as tx:
                for statement in statements:
                    tx.run(statement).consume()
                tx.commit()
        else:
            for statement in statements:
                session.run(statement).consume()
        if await_indexes:
            session.run(store_statement("await_indexes")).consume()
    return len(statements)


#: The name each statement of the schema gives its constraint or index.
_SCHEMA_NAME = re.compile(r"CREATE (?:CONSTRAINT|(?:[A-Z]+ )?INDEX) ([A-Za-z_][A-Za-z0-9_]*) IF NOT EXISTS")


def _schema_in_place(session: neo4j.Session, statements: list[str]) -> bool:
    """Whether every constraint and index of ``statements`` exists by its name and every index is
    online: the statements would change nothing then (IF NOT EXISTS goes by the name too), and two
    SHOW commands answer in one round trip each instead of one a statement."""
    names = [match.group(1) for match in map(_SCHEMA_NAME.match, statements) if match]
    if len(names) != len(statements):
        return False
    indexes = {r["name"]: r["state"] for r in session.run(store_statement("show_indexes"))}
    constraints = {r["name"] for r in session.run(store_statement("show_constraints"))}
    return all(name in constraints or name in indexes for name in names) and all(
        state == "ONLINE" for state in indexes.values()
    )


def display_uri(uri: str) -> str:
    """``uri`` without its user and password, if it holds any: the form that may be printed.

    >>> display_uri("bolt://neo4j:SECRET@db.example:7687")
    'bolt://***@db.example:7687'
    >>> display_uri("bolt://127.0.0.1:7687")
    'bolt://127.0.0.1:7687'
    """
    try:
        parts = urlsplit(uri)
    except ValueError:
        return "<unparsable URI>"
    if "@" not in parts.netloc:
        return uri
    return parts._replace(netloc="***@" + parts.netloc.rpartition("@")[2]).geturl()
