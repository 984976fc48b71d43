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
    cells = [[_cell(r.get(c)) for c in cols] for r in rows]
    width = terminal_width()
    shortest = [max(map(_longest_word, [c, *(row[i] for row in cells)])) for i, c in enumerate(cols)]
    if rows and sum(shortest) + 3 * len(cols) + 1 > width:
        return _records(cols, cells, width, title)  # no table fits without breaking an id: one block per row
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, show_lines=False)
    widest = [max(len(c), *(len(row[i]) for row in cells)) for i, c in enumerate(cols)]
    for c, col_width in zip(cols, _widths(shortest, widest, width - 3 * len(cols) - 1), strict=True):
        table.add_column(c, overflow="fold", width=col_width)
    for row in cells:
        table.add_row(*row)
    console = Console(file=io.StringIO(), width=width, force_terminal=False, no_color=True)
    console.print(table)
    out = console.file.getvalue().rstrip("\n")  # type: ignore[attr-defined]
    return out if rows else (out + "\n(no rows)")


def terminal_width() -> int:
    """The width tables are drawn for: rich's detection (``COLUMNS``, else the terminal's size, else 80)."""
    from rich.console import Console

    return Console().width


def _widths(least: list[int], most: list[int], room: int) -> list[int]:
    """Column widths between each column's longest word and its longest cell, filling ``room``.

    >>> _widths([5, 3, 4], [20, 3, 14], 22), _widths([5, 3], [6, 3], 40)
    ([11, 3, 8], [6, 3])
    """
    if sum(most) <= room:
        return list(most)
    spare = max(room - sum(least), 0)
    need = [m - w for w, m in zip(least, most, strict=True)]
    widths = [w + spare * n // sum(need) for w, n in zip(least, need, strict=True)]  # shared as needed
    return widths


def _longest_word(text: str) -> int:
    return max((len(word) for word in text.split()), default=0)


def _records(cols: Sequence[str], cells: Sequence[Sequence[str]], width: int, title: str | None) -> str:
    """Rows as ``column: value`` blocks, values wrapped at spaces only (an id is never split)."""
    import textwrap

    pad = max(len(c) for c in cols) + 2
    out = [title] if title else []
    for row in cells:
        out.append("")
        for c, value in zip(cols, row, strict=True):
            indent = pad if pad + _longest_word(value) <= width else 2  # else the value under its name
            lines = textwrap.wrap(
                value, max(width - indent, 1), break_long_words=False, break_on_hyphens=False
            ) or [""]
            if indent == pad:
                out.append(f"{c + ':':<{pad}}{lines[0]}".rstrip())
                lines = lines[1:]
            else:
                out.append(f"{c}:")
            out += [" " * indent + line for line in lines]
    return "\n".join(out).lstrip("\n")


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
