"""Tests of ddgraph.timeutil: readings of imprecise dates, date arguments, status periods."""

from __future__ import annotations

import datetime as dt

import pytest

from ddgraph.errors import BadDate
from ddgraph.model import parse_date
from ddgraph.timeutil import (
    add_step,
    date_range,
    parse_date_arg,
    parse_step,
    participation_range,
    start_day,
    started_by,
    status_on,
    status_periods,
)

D = dt.date


def test_month_opening_possible_vs_certain() -> None:
    opened = parse_date("2023-03")
    assert started_by(opened, D(2023, 3, 15), "possible")
    assert not started_by(opened, D(2023, 3, 15), "certain")
    assert started_by(opened, D(2023, 3, 31), "certain")
    assert not started_by(opened, D(2023, 2, 28), "possible")


def test_props_reading_matches_date_value() -> None:
    props = {"from": "2007-07-01", "from_latest": "2007-12-31"}  # 2007-41 (late 2007)
    assert start_day(props, "possible") == D(2007, 7, 1)
    assert start_day(props, "certain") == D(2007, 12, 31)
    assert start_day({"from": "2021-01-01"}, "certain") is None  # open interval: never certain


def test_period_ends_at_next_change_earliest_exclusive() -> None:
    ps = status_periods(
        [
            {"id": "a", "seq": 0, "status": "active", "from": "2023-03-01", "from_latest": "2023-03-31"},
            {"id": "s", "seq": 1, "status": "suspended", "from": "2022-08-05", "from_latest": "2022-08-05"}
            | {"from": "2023-08-05", "from_latest": "2023-08-05"},
        ]
    )
    assert status_on(ps, D(2023, 8, 4)).status == "active"  # type: ignore[union-attr]
    assert status_on(ps, D(2023, 8, 5)).status == "suspended"  # type: ignore[union-attr]
    assert status_on(ps, D(2023, 2, 28)) is None
    certain = status_periods(
        [{"id": "a", "seq": 0, "status": "active", "from": "2023-03-01", "from_latest": "2023-03-31"}],
        "certain",
    )
    assert status_on(certain, D(2023, 3, 15)) is None
    assert status_on(certain, D(2023, 3, 31)).status == "active"  # type: ignore[union-attr]


def test_empty_certain_period_is_dropped() -> None:
    ps = status_periods(
        [
            {"id": "a", "seq": 0, "status": "active", "from": "2023-01-01", "from_latest": "2023-12-31"},
            {"id": "s", "seq": 1, "status": "suspended", "from": "2023-12-31", "from_latest": "2023-12-31"},
        ],
        "certain",
    )
    assert [p.status for p in ps] == ["suspended"]


def test_participation_range() -> None:
    props = {"from": "2020-01-01", "from_latest": "2020-12-31", "to": "2022-01-01", "to_latest": "2022-12-31"}
    assert participation_range(props, "possible") == (D(2020, 1, 1), D(2023, 1, 1))
    assert participation_range(props, "certain") == (D(2020, 12, 31), D(2022, 1, 1))
    assert participation_range({}, "possible") == (None, None)


@pytest.mark.parametrize(
    "text, end, expected",
    [
        ("2024-03-31", False, D(2024, 3, 31)),
        ("2024-03", False, D(2024, 3, 1)),
        ("2024-03", True, D(2024, 3, 31)),
        ("2024", True, D(2024, 12, 31)),
        ("2007-41", False, D(2007, 7, 1)),
        (" 2022-09-01 ", False, D(2022, 9, 1)),
    ],
)
def test_parse_date_arg(text: str, end: bool, expected: dt.date) -> None:
    assert parse_date_arg(text, end=end) == expected


@pytest.mark.parametrize("text", ["31/03/2024", "2023-13-01", "yesterday", "", "2024-02-30"])
def test_bad_date_is_one_line(text: str) -> None:
    with pytest.raises(BadDate) as err:
        parse_date_arg(text, name="--as-of")
    assert "\n" not in str(err.value)
    assert str(err.value).startswith(f"bad --as-of {text!r}")


def test_steps() -> None:
    assert parse_step("1y") == (1, "y")
    assert add_step(D(2024, 2, 29), 1, "y") == D(2025, 2, 28)
    assert date_range(D(2024, 1, 31), D(2024, 4, 30), "1m") == [
        D(2024, 1, 31),
        D(2024, 2, 29),
        D(2024, 3, 31),
        D(2024, 4, 30),
    ]
    for bad in ("0y", "1x", "y", "-1d"):
        with pytest.raises(BadDate):
            parse_step(bad)
    with pytest.raises(BadDate):
        date_range(D(2024, 1, 1), D(2023, 1, 1), "1y")
