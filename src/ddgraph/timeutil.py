"""What a date means for an analysis: date arguments, imprecise starts, status periods.

The dataset keeps imprecise dates (``2023-03``, ``2007-41`` = late 2007, ``2021~``) with their earliest
and latest day (:class:`ddgraph.model.DateValue`; in the property graph the ``from`` / ``from_latest``
properties). An analysis asks a yes/no question -- *was this channel active on D?* -- so it must pick a
reading. ddgraph offers two, chosen with ``mode``:

``possible`` (the default)
    a status period starts on the **earliest** day its date allows (``from``). A channel opened in
    "2023-03" counts as active from 2023-03-01: *it may have been active*.
``certain``
    a status period starts on the **latest** day its date allows (``from_latest``). The same channel
    counts as active only from 2023-03-31: *it was certainly active*. A start with no known latest
    day (an open interval) never certainly happened.

In both modes a period **ends** on the earliest day of the next status change of the same mechanism,
exclusive: ``active 2019 -> suspended 2022-08-05`` is active up to and including 2022-08-04 and
suspended from 2022-08-05. (The loader refuses histories whose consecutive dates overlap, so the next
change never starts before the previous one could have.) Periods are half-open day ranges
``[start, end)``; ``end`` None means "still in this status".

Participation of a party in a mechanism (``PARTICIPATES_IN`` with ``from``/``to``) is read the same
way for its start; its ``to`` ends it: in ``possible`` mode the party counts up to and including the
latest day of ``to``, in ``certain`` mode up to (excluding) its earliest day.

Examples
--------
>>> import datetime as dt
>>> from ddgraph.model import parse_date
>>> started_by(parse_date("2023-03"), dt.date(2023, 3, 15), "possible")
True
>>> started_by(parse_date("2023-03"), dt.date(2023, 3, 15), "certain")
False
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from .errors import BadArgument, BadDate
from .model import DateValue, parse_date

Mode = Literal["possible", "certain"]
MODES: tuple[str, ...] = ("possible", "certain")

_STEP_RE = re.compile(r"^\s*(\d+)\s*([dwmy])\s*$", re.IGNORECASE)


def parse_date_arg(text: str, *, end: bool = False, name: str = "date") -> dt.date:
    """Parse a command-line date (ISO ``2024-03-31`` or any EDTF) into one day; raise :class:`BadDate`.

    An imprecise date stands for its first day, or its last day with ``end=True`` (so that
    ``--to 2024`` covers all of 2024).

    >>> parse_date_arg("2024-03-31")
    datetime.date(2024, 3, 31)
    >>> parse_date_arg("2024-03", end=True)
    datetime.date(2024, 3, 31)
    >>> parse_date_arg("31/03/2024")
    Traceback (most recent call last):
    ...
    ddgraph.errors.BadDate: bad date '31/03/2024': use ISO 8601 / EDTF, e.g. 2024-03-31, 2024-03 or 2024
    """
    if isinstance(text, dt.date):
        return text
    try:
        value = parse_date(str(text))
    except ValueError:
        raise BadDate(
            f"bad {name} {str(text)!r}: use ISO 8601 / EDTF, e.g. 2024-03-31, 2024-03 or 2024"
        ) from None
    if end:
        if value.latest is None:
            raise BadDate(f"bad {name} {str(text)!r}: an open interval has no last day")
        return value.latest
    return value.earliest


def parse_step(text: str) -> tuple[int, str]:
    """Parse a step such as ``1y``, ``6m``, ``2w`` or ``30d`` into ``(count, unit)``; raise BadDate.

    >>> parse_step("6m")
    (6, 'm')
    """
    match = _STEP_RE.match(str(text))
    if not match or int(match.group(1)) == 0:
        raise BadDate(f"bad step {text!r}: use a count and a unit, e.g. 1y, 6m, 2w or 30d")
    return int(match.group(1)), match.group(2).lower()


def add_step(day: dt.date, count: int, unit: str) -> dt.date:
    """``day`` plus ``count`` days/weeks/months/years (month ends clamp: Jan 31 + 1m = Feb 28/29).

    >>> add_step(dt.date(2024, 1, 31), 1, "m")
    datetime.date(2024, 2, 29)
    """
    if unit == "d":
        return day + dt.timedelta(days=count)
    if unit == "w":
        return day + dt.timedelta(weeks=count)
    months = count * (12 if unit == "y" else 1)
    y, mo = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, mo + 1
    last = (dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


#: Sample days a series may have at the most (``--from 0001 --to 9999 --step 1d`` would be 3.6 million).
MAX_SERIES_DAYS = 10_000


def date_range(start: dt.date, stop: dt.date, step: str) -> list[dt.date]:
    """The days ``start, start+step, ...`` up to and including ``stop``; at most :data:`MAX_SERIES_DAYS`.

    >>> [d.isoformat() for d in date_range(dt.date(2022, 1, 1), dt.date(2024, 1, 1), "1y")]
    ['2022-01-01', '2023-01-01', '2024-01-01']
    >>> len(date_range(dt.date(1, 1, 1), dt.date(9999, 12, 31), "1000y"))  # stops at 9999-12-31
    10
    """
    check_range(start, stop)
    count, unit = parse_step(step)
    if unit in ("d", "w"):
        days = (stop - start).days // (count * (7 if unit == "w" else 1)) + 1
    else:
        months = (stop.year - start.year) * 12 + stop.month - start.month
        days = months // (count * (12 if unit == "y" else 1)) + 1
    if days > MAX_SERIES_DAYS:
        raise BadDate(
            f"a series from {start} to {stop} every {step} has {days:,} days; at most "
            f"{MAX_SERIES_DAYS:,} (use a longer step or a shorter range)"
        )
    out, i = [], 0
    day = start
    while day <= stop:
        out.append(day)
        i += 1
        try:
            day = add_step(start, count * i, unit)  # from start, so month ends do not drift
        except (OverflowError, ValueError):  # past 9999-12-31: the range ends there anyway
            break
    return out


def check_range(start: dt.date | None, end: dt.date | None) -> None:
    """Raise :class:`BadDate` when a range ends before it starts (None = unbounded on that side).

    >>> check_range(dt.date(2025, 1, 1), dt.date(2020, 12, 31))
    Traceback (most recent call last):
    ...
    ddgraph.errors.BadDate: the range ends (2020-12-31) before it starts (2025-01-01)
    """
    if start is not None and end is not None and end < start:
        raise BadDate(f"the range ends ({end}) before it starts ({start})")


def as_date(value: Any) -> dt.date | None:
    """A property value (ISO text, ``date``, Neo4j ``Date``) as a ``datetime.date``; None stays None.

    >>> as_date("2024-03-31")
    datetime.date(2024, 3, 31)
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if hasattr(value, "to_native"):  # neo4j.time.Date read back from the database
        return as_date(value.to_native())
    return dt.date.fromisoformat(str(value)[:10])


def start_day(props: Mapping[str, Any], mode: Mode = "possible", prefix: str = "from") -> dt.date | None:
    """The day a dated fact starts in ``mode``: ``<prefix>`` (possible) or ``<prefix>_latest`` (certain).

    None when it has no start in that reading (no date at all, or no latest day in certain mode).

    >>> p = {"from": "2023-03-01", "from_latest": "2023-03-31"}
    >>> start_day(p, "possible"), start_day(p, "certain")
    (datetime.date(2023, 3, 1), datetime.date(2023, 3, 31))
    """
    check_mode(mode)
    if mode == "possible":
        return as_date(props.get(prefix))
    if props.get(prefix) is not None and props.get(f"{prefix}_latest") is None:
        return None
    return as_date(props.get(f"{prefix}_latest"))


def started_by(start: DateValue | Mapping[str, Any], day: dt.date, mode: Mode = "possible") -> bool:
    """Whether something that started at ``start`` (a DateValue or ``from`` props) had started on ``day``.

    >>> started_by(parse_date("2023-03"), dt.date(2023, 3, 31), "certain")
    True
    """
    if isinstance(start, DateValue):
        first = start.earliest if mode == "possible" else start.latest
    else:
        first = start_day(start, mode)
    return first is not None and first <= day


def check_mode(mode: str) -> None:
    if mode not in MODES:
        raise BadArgument(f"unknown mode {mode!r}; expected one of {', '.join(MODES)}")


@dataclass(frozen=True)
class Period:
    """One status of a mechanism over the half-open day range ``[start, end)`` (``end`` None = open)."""

    status: str
    start: dt.date
    end: dt.date | None
    change: str  # the StatusChange node id
    props: Mapping[str, Any]

    def contains(self, day: dt.date) -> bool:
        """Whether ``day`` falls in the period.

        >>> Period("active", dt.date(2020, 1, 1), dt.date(2021, 1, 1), "x", {}).contains(dt.date(2021, 1, 1))
        False
        """
        return self.start <= day and (self.end is None or day < self.end)


def status_periods(changes: Sequence[Mapping[str, Any]], mode: Mode = "possible") -> list[Period]:
    """The status periods of one mechanism from its StatusChange properties (sorted by ``seq``).

    A period starts at its change's start day in ``mode`` and ends at the earliest day of the next
    change (exclusive). Periods that are empty in ``mode`` (certain start not before the next change)
    are dropped.

    >>> ps = status_periods([
    ...     {"id": "a", "seq": 0, "status": "active", "from": "2023-03-01", "from_latest": "2023-03-31"},
    ...     {"id": "s", "seq": 1, "status": "suspended", "from": "2023-09-01", "from_latest": "2023-09-01"}])
    >>> [(p.status, str(p.start), str(p.end)) for p in ps]
    [('active', '2023-03-01', '2023-09-01'), ('suspended', '2023-09-01', 'None')]
    """
    check_mode(mode)
    ordered = sorted(changes, key=lambda c: (c.get("seq", 0), str(c.get("from"))))
    out: list[Period] = []
    for i, change in enumerate(ordered):
        start = start_day(change, mode)
        end = as_date(ordered[i + 1].get("from")) if i + 1 < len(ordered) else None
        if start is None or (end is not None and start >= end):
            continue
        out.append(Period(str(change["status"]), start, end, str(change.get("id", "")), change))
    return out


def status_on(periods: Sequence[Period], day: dt.date) -> Period | None:
    """The period in force on ``day``, or None (before the first recorded status).

    >>> status_on([Period("active", dt.date(2020, 1, 1), None, "x", {})], dt.date(2019, 1, 1)) is None
    True
    """
    for period in periods:
        if period.contains(day):
            return period
    return None


def participation_range(
    props: Mapping[str, Any], mode: Mode = "possible"
) -> tuple[dt.date | None, dt.date | None]:
    """The half-open day range ``[start, end)`` of a participation (None = unbounded on that side).

    Possible mode: from the earliest ``from`` to the day after the latest ``to``; certain mode: from the
    latest ``from`` to the earliest ``to``.

    >>> participation_range({"from": "2020-01-01", "from_latest": "2020-12-31", "to": "2022-01-01",
    ...                      "to_latest": "2022-12-31"}, "certain")
    (datetime.date(2020, 12, 31), datetime.date(2022, 1, 1))
    """
    check_mode(mode)
    start = start_day(props, mode) if props.get("from") is not None else None
    if props.get("from") is not None and start is None:  # never certainly started
        return dt.date.max, dt.date.max
    if props.get("to") is None:
        return start, None
    if mode == "possible":
        last = as_date(props.get("to_latest"))
        return start, (last + dt.timedelta(days=1)) if last is not None else None
    return start, as_date(props.get("to"))


def overlap(
    a: tuple[dt.date | None, dt.date | None], b: tuple[dt.date | None, dt.date | None]
) -> tuple[dt.date | None, dt.date | None] | None:
    """The intersection of two half-open ranges (None bounds are unbounded), or None when empty.

    >>> overlap((dt.date(2020, 1, 1), None), (None, dt.date(2021, 1, 1)))
    (datetime.date(2020, 1, 1), datetime.date(2021, 1, 1))
    """
    starts = [s for s in (a[0], b[0]) if s is not None]
    ends = [e for e in (a[1], b[1]) if e is not None]
    start = max(starts) if starts else None
    end = min(ends) if ends else None
    if start is not None and end is not None and start >= end:
        return None
    return start, end
