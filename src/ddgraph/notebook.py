"""The notebook API: ``ddgraph.open(...)`` and answers as pandas DataFrames with real dates.

The same library calls as the CLI (``ddgraph channels``, ``paths``, ``timeline``, ``report
centrality``), so a notebook and a terminal agree; only the shape differs: a DataFrame per answer,
``datetime.date`` values in the date columns, lists kept as lists. pandas is the ``notebook`` extra
(``pip install 'ddgraph[notebook]'``).

Example::

    import ddgraph
    g = ddgraph.open("graph")                       # or ddgraph.open(neo4j=True) for NEO4J_* settings
    g.channels("USA", "China", as_of="2024-03-31")  # one row per direct channel
    g.dark_periods("USA", "CHN", start="2000")
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .backend import Neo4jSettings, open_graph
from .channels import ChannelFilter, DatedGraph
from .countries import resolve_country, resolve_pair
from .errors import DdgraphError
from .timeutil import Mode, parse_date_arg

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

DARK_COLUMNS = ("start", "end", "duration_days", "ongoing", "closed", "reopened_by", "unknown_before")

#: Columns that hold days (ISO text in the library's rows), turned into ``datetime.date``.
DATE_COLUMNS = frozenset({"since", "date", "start", "end", "as_of", "from", "to", "last_use_date"})


class MissingExtra(DdgraphError):
    """pandas is not installed: install the notebook extra."""


def _pandas() -> Any:
    try:
        import pandas
    except ImportError as e:  # pragma: no cover - pandas is a test dependency
        raise MissingExtra("the notebook API needs pandas: pip install 'ddgraph[notebook]'") from e
    return pandas


def _day(value: Any) -> Any:
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        return dt.date.fromisoformat(value)
    return value


def frame(rows: Sequence[dict[str, Any]], columns: Sequence[str] | None = None) -> pd.DataFrame:
    """Rows of the library as a DataFrame: ISO days in :data:`DATE_COLUMNS` become ``datetime.date``."""
    pd = _pandas()
    df = pd.DataFrame(list(rows), columns=list(columns) if columns else None)
    for col in df.columns:
        if col in DATE_COLUMNS:
            df[col] = df[col].map(_day).astype(object)
    return df


def _date(value: str | dt.date | None, name: str, *, end: bool = False) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return parse_date_arg(str(value), end=end, name=name)


class Graph:
    """A dated channel graph (from the files or Neo4j) with the analyst's questions as methods."""

    def __init__(self, G: Any, mode: Mode = "possible") -> None:
        self.dated = DatedGraph(G, mode)
        self.mode = mode

    def country(self, text: str) -> str:
        """The country id of a code or name (``USA``, ``usa``, ``China``)."""
        return resolve_country(self.dated.G, text)

    def channels(
        self,
        a: str,
        b: str,
        as_of: str | dt.date,
        *,
        kinds: Iterable[str] | None = None,
        tracks: Iterable[str] | None = None,
        require_answered: bool = False,
    ) -> pd.DataFrame:
        """The direct channels of A and B on a day, in every status (as ``ddgraph channels``)."""
        from .analysis.connectivity import pair_channels

        ca, cb = resolve_pair(self.dated.G, a, b)
        day = _date(as_of, "as_of")
        assert day is not None
        filt = ChannelFilter(
            kinds=set(kinds) if kinds else None,
            tracks=set(tracks) if tracks else None,
            require_answered=require_answered,
        )
        return frame(pair_channels(self.dated, ca, cb, day, filt, mode=self.mode)["channels"])

    def connectivity(self, a: str, b: str, as_of: str | dt.date) -> dict[str, Any]:
        """How well A and B connect on a day (routes, minimum channel cut, bridges), as a dict."""
        from .analysis.connectivity import pair_channels

        ca, cb = resolve_pair(self.dated.G, a, b)
        day = _date(as_of, "as_of")
        assert day is not None
        return dict(pair_channels(self.dated, ca, cb, day, mode=self.mode)["connectivity"])

    def paths(
        self,
        a: str,
        b: str,
        as_of: str | dt.date,
        *,
        fail: Iterable[str] = (),
        track: str = "any",
        max_hops: int = 4,
        k: int = 10,
    ) -> pd.DataFrame:
        """Routes between A and B with some channels down (as ``ddgraph paths``), one row per route."""
        from .analysis.paths import paths, route_rows
        from .views import channel_graph

        ca, cb = resolve_pair(self.dated.G, a, b)
        day = _date(as_of, "as_of")
        assert day is not None
        CG = channel_graph(self.dated, day, mode=self.mode)
        return frame(route_rows(paths(CG, ca, cb, fail=list(fail), max_hops=max_hops, track=track, k=k)))

    def timeline(
        self, a: str, b: str, *, start: str | dt.date | None = None, end: str | dt.date | None = None
    ) -> pd.DataFrame:
        """The pair's connectivity at every change point (as ``ddgraph timeline``)."""
        from .analysis.timeline import pair_timeline

        ca, cb = resolve_pair(self.dated.G, a, b)
        rows = pair_timeline(
            self.dated,
            ca,
            cb,
            ChannelFilter(),
            start=_date(start, "start"),
            end=_date(end, "end", end=True),
            mode=self.mode,
        )
        return frame(rows)

    def dark_periods(
        self,
        a: str,
        b: str,
        *,
        start: str | dt.date | None = None,
        end: str | dt.date | None = None,
        kinds: Iterable[str] | None = None,
        track: str = "1",
    ) -> pd.DataFrame:
        """Periods with no open direct channel of ``track`` (as ``ddgraph timeline --dark-periods``)."""
        from .analysis.timeline import dark_periods

        ca, cb = resolve_pair(self.dated.G, a, b)
        filt = ChannelFilter(kinds=set(kinds) if kinds else None, tracks=None if track == "any" else {track})
        rows = dark_periods(
            self.dated,
            ca,
            cb,
            filt,
            start=_date(start, "start"),
            end=_date(end, "end", end=True),
            mode=self.mode,
        )
        return frame(rows, DARK_COLUMNS if not rows else None)

    def centrality(
        self, as_of: str | dt.date, *, exclude_kinds: Iterable[str] = (), graph: str = "countries"
    ) -> pd.DataFrame:
        """Degree, betweenness, PageRank and brokerage on a day (as ``ddgraph report centrality``)."""
        from .reports import centrality_report

        day = _date(as_of, "as_of")
        assert day is not None
        rep = centrality_report(
            self.dated, [day], ChannelFilter(exclude_kinds=frozenset(exclude_kinds)), mode=self.mode
        )
        return frame(rep.table(graph))


def open(  # noqa: A001 - the notebook entry point reads as ddgraph.open(...)
    path: str | Path | None = "graph",
    *,
    neo4j: bool | Neo4jSettings = False,
    mode: Mode = "possible",
) -> Graph:
    """The dataset of ``path`` (default ``graph/``), or with ``neo4j`` the graph read back from Neo4j
    (``True``: the ``NEO4J_*`` environment; or :class:`~ddgraph.backend.Neo4jSettings`)."""
    if neo4j:
        settings = neo4j if isinstance(neo4j, Neo4jSettings) else Neo4jSettings.from_env()
        return Graph(open_graph(settings), mode)
    return Graph(open_graph(path if path is not None else "graph"), mode)


__all__ = ["DATE_COLUMNS", "Graph", "MissingExtra", "frame", "open"]
