"""Interactive, self-contained HTML pages of the dated channel graph (Vega inlined; no CDN).

* :mod:`.timeline` -- a lane per channel of a pair or a country: status bands, events, dark periods;
* :mod:`.channel_map` -- the channel graph of countries with a time slider over its change points.

Both take the library's dated views and analyses as input and never read files or sessions.
"""

from .channel_map import map_data, map_page
from .page import PageError, page_data, render_page, write_page
from .timeline import timeline_data, timeline_page

__all__ = [
    "PageError",
    "map_data",
    "map_page",
    "page_data",
    "render_page",
    "timeline_data",
    "timeline_page",
    "write_page",
]
