"""One self-contained HTML page: the vendored Vega, the page's script and style, and its data, inlined.

Nothing is fetched when the page opens (no CDN, no second file), so a page works offline and can be
mailed as one file. The charting library and the data travel gzip-compressed and base64-encoded in
``<script type="application/gzip+base64">`` elements, which the browser inflates with its own
``DecompressionStream`` before drawing: the page weighs about a third of its plain text, and base64
holds no character that could close the element. :func:`page_data` reads the data back.

>>> html = render_page("T", "<p>hi</p>", {"a": "</script>"}, "timeline")
>>> "</script>\\"" in html, page_data(html), html.count("<script")
(False, {'a': '</script>'}, 3)
"""

from __future__ import annotations

import base64
import gzip
import html as _html
import json
import re
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from ..errors import DdgraphError
from ..outputs import output_dir, write_file

#: The vendored charting library (see ``vendor/README.md``): name, version, licence.
VENDORED = {"file": "vega.min.js", "package": "vega", "version": "6.4.0", "licence": "BSD-3-Clause"}
#: The type of the inlined, compressed blocks (not JavaScript: the browser leaves them alone).
PACKED = "application/gzip+base64"


class PageError(DdgraphError):
    """A page with nothing to show (writing it fails with :class:`~ddgraph.errors.OutputError`)."""


@cache
def _asset(*parts: str) -> str:
    return files("ddgraph.pages").joinpath(*parts).read_text(encoding="utf-8")


def _pack(text: str) -> str:
    # mtime=0: the same data give the same page, byte for byte
    return base64.b64encode(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)).decode("ascii")


@cache
def _packed_library() -> str:
    return _pack(_asset("vendor", VENDORED["file"]))


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)


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
<noscript><p class="warning">This page draws its charts with JavaScript; the same facts are in the
ddgraph command that wrote it (<code>--format json</code>).</p></noscript>
{body}
<script type="{PACKED}" id="ddgraph-library" data-name="{VENDORED["package"]} {VENDORED["version"]}">\
{_packed_library()}</script>
<script type="{PACKED}" id="ddgraph-data">{_pack(_json(data))}</script>
<script>{_asset("static", "common.js")}
{_asset("static", script + ".js")}</script>
</body></html>
"""


def page_data(text: str) -> Any:
    """The data block of a page written by :func:`render_page`, decoded (for tests and tools).

    Raises :class:`PageError` when ``text`` holds no data block.
    """
    found = re.search(
        rf'<script type="{re.escape(PACKED)}" id="ddgraph-data">([A-Za-z0-9+/=]*)</script>', text
    )
    if found is None:
        raise PageError("not a ddgraph page: no data block")
    return json.loads(gzip.decompress(base64.b64decode(found.group(1))).decode("utf-8"))


def write_page(text: str, out_dir: Path, name: str, *, protect: Path | None = None) -> Path:
    """Write ``text`` to ``out_dir/name`` with :func:`ddgraph.outputs.write_file` (never in ``protect``)."""
    return write_file(output_dir(out_dir, protect=protect) / name, text, protect=protect)


def esc(value: Any) -> str:
    """HTML-escaped text of a value (None as empty)."""
    return "" if value is None else _html.escape(str(value))
