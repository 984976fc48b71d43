"""One self-contained HTML page: the vendored Vega, the page's script and style, and its data, inlined.

Nothing is fetched when the page opens (no CDN, no second file), so a page works offline and can be
mailed as one file. The data travel as JSON in a ``<script type="application/json">`` element, escaped
so no value can close the element.

>>> html = render_page("T", "<p>hi</p>", {"a": "</script>"}, "timeline")
>>> "</script>\\"" in html, "<\\\\/script>" in html, html.count("<script")
(False, True, 3)
"""

from __future__ import annotations

import html as _html
import json
from collections.abc import Collection
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from ..errors import DdgraphError
from ..outputs import output_dir, write_file

#: The vendored charting library (see ``vendor/README.md``): name, version, licence.
VENDORED = {"file": "vega.min.js", "package": "vega", "version": "6.4.0", "licence": "BSD-3-Clause"}


class PageError(DdgraphError):
    """A page with nothing to show (writing it fails with :class:`~ddgraph.errors.OutputError`)."""


@cache
def _asset(*parts: str) -> str:
    return files("ddgraph.pages").joinpath(*parts).read_text(encoding="utf-8")


def _json(data: Any) -> str:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)
    return text.replace("</", "<\\/").replace("<!--", "<\\!--")


def render_page(title: str, body: str, data: Any, script: str) -> str:
    """The whole page: ``body`` (trusted HTML built with escaping), ``data`` as JSON, ``static/SCRIPT.js``."""
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="ddgraph; charts by {VENDORED["package"]} {VENDORED["version"]} \
({VENDORED["licence"]}), inlined">
<title>{_html.escape(title)}</title>
<style>{_asset("static", "page.css")}</style></head>
<body>
{body}
<script type="application/json" id="ddgraph-data">{_json(data)}</script>
<script>{_asset("vendor", VENDORED["file"])}</script>
<script>{_asset("static", "common.js")}
{_asset("static", script + ".js")}</script>
</body></html>
"""


def write_page(text: str, out_dir: Path, name: str, *, protect: Path | None = None) -> Path:
    """Write ``text`` to ``out_dir/name`` with :func:`ddgraph.outputs.write_file` (never in ``protect``)."""
    return write_file(output_dir(out_dir, protect=protect) / name, text, protect=protect)


def filter_list(
    kinds: Collection[str] | None = None,
    exclude_kinds: Collection[str] | None = None,
    tracks: Collection[str] | None = None,
) -> list[str]:
    """The channel filters of a page, one phrase each: every page states what it leaves out.

    >>> filter_list(exclude_kinds={"multilateral_forum"}, tracks={"1"})
    ['excluded kinds: multilateral_forum', 'tracks: 1']
    """
    out = []
    for words, values in (("kinds", kinds), ("excluded kinds", exclude_kinds), ("tracks", tracks)):
        if values:
            out.append(f"{words}: " + ", ".join(sorted(values)))
    return out


def esc(value: Any) -> str:
    """HTML-escaped text of a value (None as empty)."""
    return "" if value is None else _html.escape(str(value))
