"""The Cypher files of ``cypher/``, loaded by name: the schema and the analyst's parameterized queries.

Where the files are found: ``$DDGRAPH_CYPHER_DIR`` when set, else the ``cypher`` folder of the
installed package. In a source checkout ``src/ddgraph/cypher`` is a symlink to the top-level
``cypher/`` folder (the one place the files are edited); building a wheel copies the files through
it as package data (``[tool.setuptools.package-data]`` in ``pyproject.toml``), so an installed
ddgraph carries them too.

Every query file starts with a header of ``// key: value`` lines, machine-readable::

    // name: channels_between
    // purpose: Channels between two countries as of a date, with their status on that date.
    // params: a (country id or ISO3), b (country id or ISO3), asOf (date YYYY-MM-DD)
    // example: {"a": "usa", "b": "chn", "asOf": "2024-03-31"}

``name`` is the file name without ``.cypher``; ``params`` lists every ``$parameter`` of the text (a
name, then an optional description in parentheses); ``example`` is a JSON object with exactly those
keys. :func:`load_query` checks all of this, so a file cannot drift from its header.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import QueryError

HEADER_KEYS = ("name", "purpose", "params", "example")
_HEADER_RE = re.compile(r"^//\s*([a-z_]+):\s?(.*)$")
_PARAM_RE = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_NAME_RE = re.compile(r"^[a-z][a-z0-9_]*$")


def cypher_dir() -> Path:
    """The folder holding ``schema.cypher`` and ``queries/``."""
    override = os.environ.get("DDGRAPH_CYPHER_DIR")
    if override:
        return Path(override)
    return Path(str(resources.files("ddgraph") / "cypher"))


@dataclass(frozen=True)
class Query:
    name: str
    purpose: str
    params: tuple[str, ...]
    param_help: dict[str, str] = field(hash=False, compare=False)
    example: dict[str, Any] = field(hash=False, compare=False)
    text: str = ""
    path: Path | None = None

    @property
    def country_params(self) -> tuple[str, ...]:
        """The parameters that name a country (their help starts with "country"): resolved by name."""
        return tuple(p for p in self.params if self.param_help.get(p, "").startswith("country"))


def _split_params(spec: str) -> list[tuple[str, str]]:
    """``a (country id, or ISO3), asOf`` -> [("a", "country id, or ISO3"), ("asOf", "")]."""
    out, depth, current = [], 0, ""
    for ch in spec + ",":
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == "," and depth == 0:
            item = current.strip()
            current = ""
            if not item:
                continue
            name, _, rest = item.partition("(")
            out.append((name.strip(), rest.rstrip(")").strip()))
        else:
            current += ch
    return out


def parse_query(text: str, path: Path) -> Query:
    """Parse a query file's header and check it against its text; raise :class:`QueryError` if broken."""
    header: dict[str, str] = {}
    for line in text.splitlines():
        match = _HEADER_RE.match(line.strip())
        if not match:
            if line.strip().startswith("//"):
                continue  # free comment lines may follow the header
            break
        header.setdefault(match.group(1), match.group(2).strip())
    missing = [k for k in HEADER_KEYS if k not in header]
    if missing:
        raise QueryError(f"{path}: header lacks {', '.join(f'// {k}:' for k in missing)}")
    if header["name"] != path.stem:
        raise QueryError(f"{path}: header name {header['name']!r} differs from the file name")
    params = _split_params(header["params"]) if header["params"] not in ("", "none") else []
    try:
        example = json.loads(header["example"])
    except json.JSONDecodeError as e:
        raise QueryError(f"{path}: example is not JSON ({e.msg})") from e
    names = [p for p, _ in params]
    used = sorted(set(_PARAM_RE.findall(_strip_comments(text))))
    if not isinstance(example, dict) or sorted(example) != sorted(names):
        raise QueryError(f"{path}: example must be a JSON object with exactly the params {names}")
    if sorted(names) != used:
        raise QueryError(f"{path}: params {sorted(names)} differ from the $parameters used {used}")
    return Query(header["name"], header["purpose"], tuple(names), dict(params), example, text, path)


def adhoc_query(text: str, label: str, path: Path | None = None) -> Query:
    """An ad-hoc query (``ddgraph cypher TEXT``, ``ddgraph query --file F``), named ``label``.

    A file that starts with a library header (``// name:`` ...) is checked as a query file is; any
    other text takes as parameters the ``$parameters`` it uses.

    >>> adhoc_query("MATCH (c:Country {id: $id}) RETURN c.name", "cli").params
    ('id',)
    """
    if not _strip_comments(text).strip():
        raise QueryError(f"{label}: the query is empty")
    if path is not None and text.lstrip().startswith("// name:"):
        return parse_query(text, path)
    used = tuple(sorted(set(_PARAM_RE.findall(_strip_comments(text)))))
    return Query(label, "", used, {}, {}, text, path)


def read_query_file(path: Path) -> str:
    """The text of a user's query file, or a one-line :class:`QueryError`."""
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as e:
        raise QueryError(f"{path}: not UTF-8 text (byte {e.start})") from e
    except OSError as e:
        raise QueryError(f"{path}: cannot read: {e.strerror or e}") from e


def _strip_comments(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.strip().startswith("//"))


@cache
def _load(directory: Path, name: str, folder: str = "queries") -> Query:
    path = directory / folder / f"{name}.cypher"
    if not _NAME_RE.match(name) or not path.is_file():
        known = ", ".join(query_names()) if folder == "queries" else "see cypher/" + folder
        raise QueryError(f"unknown query {name!r} (known: {known or 'none'})")
    return parse_query(path.read_text(encoding="utf-8"), path)


def load_query(name: str) -> Query:
    """The query ``cypher/queries/NAME.cypher``, header parsed and checked."""
    return _load(cypher_dir(), name)


def load_write(name: str) -> Query:
    """The write statement ``cypher/writes/NAME.cypher`` (not listed by ``ddgraph query --list``)."""
    return _load(cypher_dir(), name, "writes")


def store_statement(name: str) -> str:
    """The text of ``cypher/store/NAME.cypher``: a fixed statement the Neo4j store runs for its own
    bookkeeping (the load lock, digests, hashes read back), header checked like a query's. The
    statements whose label or relationship type varies are made in ``neo4j_store.write`` from
    whitelisted names only."""
    return _load(cypher_dir(), name, "store").text


def query_names() -> list[str]:
    folder = cypher_dir() / "queries"
    return sorted(p.stem for p in folder.glob("*.cypher")) if folder.is_dir() else []


def list_queries() -> list[Query]:
    return [load_query(name) for name in query_names()]


def schema_statements() -> list[str]:
    """The statements of ``cypher/schema.cypher`` (comments dropped, split on ``;``)."""
    path = cypher_dir() / "schema.cypher"
    if not path.is_file():
        raise QueryError(f"schema file not found: {path} (set DDGRAPH_CYPHER_DIR?)")
    body = _strip_comments(path.read_text(encoding="utf-8"))
    return [s.strip() for s in body.split(";") if s.strip()]


def parse_param(text: str) -> tuple[str, Any]:
    """``k=v`` from the command line: ``v`` is read as JSON when it is a number, boolean, null, list or
    object, and kept as text otherwise.

    >>> parse_param("maxHops=3"), parse_param("asOf=2024-03-31"), parse_param("a=usa")
    (('maxHops', 3), ('asOf', '2024-03-31'), ('a', 'usa'))
    """
    key, sep, raw = text.partition("=")
    if not sep or not key.strip():
        raise QueryError(f"parameter {text!r} is not of the form name=value")
    try:
        value = json.loads(raw)
    except json.JSONDecodeError:
        return key.strip(), raw
    return key.strip(), (value if not isinstance(value, str) else raw)
