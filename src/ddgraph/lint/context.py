"""The frame of the lint rules: what a rule sees (:class:`Context`), what it reports (:class:`Hit`), and
the :class:`Finding` printed as ``path:line: CODE message``.

Indexes are built once per dataset, lazily (``cached_property``), so a run of a few rules pays
only for what they read.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from .. import model as m
from ..dataset import Dataset
from ..errors import DdgraphError

FAR_PAST = dt.date.min
FAR_FUTURE = dt.date.max


class LintSelectionError(DdgraphError):
    """A --select/--ignore code that names no rule."""


@dataclass(frozen=True, order=True)
class Finding:
    """One finding, printable as ``path:line: CODE message``."""

    path: str
    line: int
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.code} {self.message}"

    def as_dict(self) -> dict[str, Any]:
        return {"path": self.path, "line": self.line, "code": self.code, "message": self.message}


@dataclass(frozen=True)
class Hit:
    """What a rule reports: the record, where in it (a field path for the line), and the message."""

    record: str
    loc: tuple[Any, ...]
    message: str


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    rationale: str
    check: Callable[[Context], Iterable[Hit]]


# ---------------------------------------------------------------------------------------- helpers
def _start(d: m.DateValue | None) -> dt.date:
    return d.earliest if d is not None else FAR_PAST


def _end(d: m.DateValue | None) -> dt.date:
    if d is None or d.latest is None:
        return FAR_FUTURE
    return d.latest


def _overlap(a0: dt.date, a1: dt.date, b0: dt.date, b1: dt.date) -> bool:
    return a0 <= b1 and b0 <= a1


#: A date written inside an id: ``-2023``, ``-2023-06``, ``-2023-06-01`` (a whole hyphen-separated part).


# ---------------------------------------------------------------------------------------- context
@dataclass
class Context:
    """The dataset and the indexes the rules share, each built once."""

    ds: Dataset

    @cached_property
    def country_of(self) -> dict[str, str | None]:
        """The country each country/organization belongs to (through ``part_of``), None for international."""
        out: dict[str, str | None] = {cid: cid for cid in self.ds.countries}
        for oid in self.ds.organizations:
            seen: set[str] = set()
            cur: str | None = oid
            while cur is not None and cur in self.ds.organizations and cur not in seen:
                seen.add(cur)
                cur = self.ds.organizations[cur].part_of
            out[oid] = cur if cur in self.ds.countries else None
        return out

    def party_root(self, party: str) -> str:
        """A party's country, or the top body of an international organization, or a person's nationality."""
        if party in self.ds.persons:
            nationality = self.ds.persons[party].nationality
            return nationality if nationality else party
        country = self.country_of.get(party)
        if country is not None:
            return country
        cur = party
        seen: set[str] = set()
        while cur in self.ds.organizations and cur not in seen:
            seen.add(cur)
            parent = self.ds.organizations[cur].part_of
            if parent is None:
                break
            cur = parent
        return cur

    @cached_property
    def events_of(self) -> dict[str, list[tuple[str, m.Event]]]:
        out: dict[str, list[tuple[str, m.Event]]] = defaultdict(list)
        for eid, ev in self.ds.events.items():
            if ev.mechanism:
                out[ev.mechanism].append((eid, ev))
        for items in out.values():
            items.sort(key=lambda item: (item[1].date.earliest, item[0]))
        return out

    @cached_property
    def newest_source(self) -> tuple[str, dt.date] | None:
        dated = [(s.published.earliest, sid) for sid, s in self.ds.sources.items() if s.published is not None]
        if not dated:
            return None
        day, sid = max(dated)
        return sid, day


def _periods(mech: m.Mechanism) -> list[tuple[dt.date, dt.date, m.StatusEntry]]:
    """Each status entry with the days it can cover: from its earliest day to the next entry's earliest."""
    out = []
    for i, entry in enumerate(mech.status):
        nxt = mech.status[i + 1] if i + 1 < len(mech.status) else None
        end = nxt.date.earliest - dt.timedelta(days=1) if nxt is not None else FAR_FUTURE
        out.append((entry.date.earliest, max(end, entry.date.earliest), entry))
    return out


_USED = {m.Outcome.HELD, m.Outcome.ANSWERED}
_USE_KINDS = {
    m.EventKind.SESSION,
    m.EventKind.MEETING,
    m.EventKind.CALL,
    m.EventKind.SUMMIT,
    m.EventKind.EXERCISE,
}
_FOUNDING = {m.Status.PROPOSED, m.Status.AGREED, m.Status.ACTIVE}


def _used(ev: m.Event) -> bool:
    """The channel was used: a session/meeting/call/summit/exercise held or answered."""
    if ev.outcome is not None:
        return ev.outcome in _USED and ev.kind in _USE_KINDS | {m.EventKind.VISIT}
    return ev.kind in _USE_KINDS
