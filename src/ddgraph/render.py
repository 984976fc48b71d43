"""Rendering rows for the terminal: table (rich), JSON or CSV. The only module that formats output."""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from collections.abc import Sequence
from typing import Any

OUTPUT_FORMATS = ("table", "json", "csv")

#: Control characters never reach a terminal or a CSV raw (data read back from Neo4j may hold them).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def escape_controls(text: str) -> str:
    r"""``text`` with control characters written as ``\xNN`` escapes.

    >>> escape_controls("Call \x1b[31mdeclined\x07")
    'Call \\x1b[31mdeclined\\x07'
    """
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


#: Markdown's punctuation that can start markup (emphasis, links, code, headings, tables), and HTML's.
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+!|~>-])")
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}


def escape_markdown(text: str) -> str:
    r"""``text`` as literal Markdown: HTML as entities, markup punctuation backslash-escaped, one line.

    A name can hold neither a tag (``<script>``, ``<img onerror=...>``) nor a link that a renderer
    would follow; newlines become spaces (a table row is one line), control characters ``\xNN``.

    >>> escape_markdown('<img src=x onerror="alert(1)"> [x](javascript:1) | *b*')
    '&lt;img src=x onerror=&quot;alert\\(1\\)&quot;&gt; \\[x\\]\\(javascript:1\\) \\| \\*b\\*'
    """
    text = escape_controls(" ".join(text.splitlines()))
    text = "".join(_HTML.get(c, c) for c in text)
    return _MARKDOWN.sub(r"\\\1", text)


def default_format() -> str:
    """``table`` on a terminal, ``json`` when piped (so scripts get machine-readable output)."""
    return "table" if sys.stdout.isatty() else "json"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "; ".join(_cell(v) for v in value)
    if isinstance(value, float):
        return f"{value:.6g}"
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return escape_controls(str(value))


def render_rows(
    rows: Sequence[dict[str, Any]], fmt: str, columns: Sequence[str] | None = None, title: str | None = None
) -> str:
    """Render ``rows`` (a list of dicts) as ``table``, ``json`` or ``csv`` text."""
    cols = list(columns) if columns else list(dict.fromkeys(k for r in rows for k in r))
    if fmt == "json":
        return json.dumps(
            [{c: r.get(c) for c in cols} for r in rows], ensure_ascii=False, indent=2, default=str
        )
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(cols)
        for r in rows:
            w.writerow([_cell(r.get(c)) for c in cols])
        return buf.getvalue().rstrip("\n")
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, show_lines=False)
    for c in cols:
        table.add_column(c, overflow="fold")
    for r in rows:
        table.add_row(*[_cell(r.get(c)) for c in cols])
    console = Console(file=io.StringIO(), width=160, force_terminal=False, no_color=True)
    console.print(table)
    out = console.file.getvalue().rstrip("\n")  # type: ignore[attr-defined]
    return out if rows else (out + "\n(no rows)")


def render_object(obj: Any, fmt: str) -> str:
    """Render a nested result: JSON as is; table/csv flatten one level into key/value rows."""
    if fmt == "json":
        return json.dumps(obj, ensure_ascii=False, indent=2, default=str)
    rows = []
    for key, value in obj.items():
        if isinstance(value, dict):
            for sub, v in value.items():
                rows.append({"key": f"{key}.{sub}", "value": _cell(v)})
        else:
            rows.append({"key": key, "value": _cell(value)})
    return render_rows(rows, fmt, ["key", "value"])
