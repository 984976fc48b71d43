"""One stable YAML writer for graph files: comments, key order, quotes and flow style kept.

``ddgraph fmt`` normalises graph files through it, and importers write through it, so every YAML file
that ddgraph touches has one layout: mappings indented by 2, list items by 4 with the dash at 2
(``  - id: ...``), no line re-wrapping (a flow mapping stays on its line). It is ruamel.yaml's round
trip: what a curator wrote -- comments, the order of keys and records, quoting, ``{...}`` and
``[...]`` on one line, block scalars -- is kept; only the layout is made the same. Formatting a
formatted file changes nothing.

Example::

    changed = format_dir("graph", check=True)   # the files that `ddgraph fmt` would rewrite
"""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from .errors import DdgraphError


class FormatError(DdgraphError):
    """A graph file that cannot be formatted (it is not YAML)."""


def _yaml() -> YAML:
    y = YAML(typ="rt")
    y.preserve_quotes = True
    y.indent(mapping=2, sequence=4, offset=2)
    y.width = 1_000_000  # never re-wrap: a curated line stays one line
    y.allow_unicode = True
    return y


def dump(data: Any) -> str:
    """``data`` (as :func:`load` reads it, or plain dicts and lists) as YAML text in the house layout."""
    out = io.StringIO()
    _yaml().dump(data, out)
    return out.getvalue()


def load(text: str) -> Any:
    """The round-trip document of ``text`` (comments and order attached), for :func:`dump`."""
    return _yaml().load(text)


def format_text(text: str) -> str:
    """``text`` in the house layout; a formatted text comes back unchanged."""
    return dump(load(text))


def _write_atomically(path: Path, text: str) -> None:
    """Replace ``path`` by ``text`` in one rename, keeping its mode; nothing half-written on failure."""
    mode = path.stat().st_mode & 0o7777
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def format_file(path: Path, check: bool = False) -> bool:
    """Whether ``path`` is not in the house layout; rewrite it unless ``check``."""
    try:
        text = path.read_text(encoding="utf-8")
        formatted = format_text(text)
    except (OSError, UnicodeDecodeError, YAMLError) as e:
        raise FormatError(f"{path}: cannot be formatted: {' '.join(str(e).split())}") from e
    if formatted == text:
        return False
    if not check:
        _write_atomically(path.resolve(), formatted)  # a symlinked file is rewritten at its target
    return True


def format_dir(root: str | Path, check: bool = False) -> list[Path]:
    """The YAML graph files under ``root`` not in the house layout (rewritten in place unless ``check``).

    Every file is formatted in memory before any is written, so a file that cannot be formatted
    leaves the whole directory untouched.
    """
    from .dataset import graph_files

    files = [p for p in graph_files(Path(root)) if p.suffix in (".yaml", ".yml")]
    changed = [p for p in files if format_file(p, check=True)]
    if not check:
        for path in changed:
            format_file(path)
    return changed


__all__ = ["FormatError", "dump", "format_dir", "format_file", "format_text", "load"]
