"""EDTF dates as a reader says them: ``2007-41`` -> "second half of 2007", ``2023-03`` -> "March 2023".

The dataset keeps dates as EDTF text (:mod:`ddgraph.model`); analysts reading a query result in the
Neo4j Browser or a page should not need to know that ``41`` is the second semester. The property graph
stores this text beside the EDTF (``X_text``, see :func:`ddgraph.graph.date_props`), so every query and
page shows the same words.

Covered: days, months, years, decades (``201X``), the sub-year groupings of EDTF level 2 (seasons 21-32,
quarters 33-36, quadrimesters 37-39, semesters 40-41), the qualifiers ``~`` (approximately), ``?``
(uncertain) and ``%`` (both), and intervals of any of them (open ends ``..``). Anything else is returned
as written.

Examples
--------
>>> human_date("2007-41")
'second half of 2007'
>>> human_date("2008-02-29"), human_date("2023-03"), human_date("2004~")
('29 February 2008', 'March 2023', 'about 2004')
>>> human_date("2021-03-18/2021-03-19"), human_date("2023-01/2023-06-01")
('18–19 March 2021', 'January 2023 to 1 June 2023')
"""

from __future__ import annotations

import re

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
#: EDTF level 2 sub-year groupings (ISO 8601-2 codes 21-41).
SUBYEAR = {
    21: "spring {y}",
    22: "summer {y}",
    23: "autumn {y}",
    24: "winter {y}",
    **{
        25 + i: f"{season} {{y}} (Northern Hemisphere)"
        for i, season in enumerate(("spring", "summer", "autumn", "winter"))
    },
    **{
        29 + i: f"{season} {{y}} (Southern Hemisphere)"
        for i, season in enumerate(("spring", "summer", "autumn", "winter"))
    },
    33: "first quarter of {y}",
    34: "second quarter of {y}",
    35: "third quarter of {y}",
    36: "fourth quarter of {y}",
    37: "first third of {y}",
    38: "second third of {y}",
    39: "last third of {y}",
    40: "first half of {y}",
    41: "second half of {y}",
}
_QUALIFIER = {"~": "about ", "?": "possibly ", "%": "possibly about "}
_ONE = re.compile(r"(?P<y>\d{3}[\dX])(?:-(?P<m>\d\d)(?:-(?P<d>\d\d))?)?(?P<q>[~?%]?)")


def _one(text: str) -> str | None:
    match = _ONE.fullmatch(text)
    if match is None:
        return None
    year, month, day, qualifier = match["y"], match["m"], match["d"], match["q"]
    if year.endswith("X"):
        if month:
            return None
        words = f"the {year[:3]}0s"
    elif month is None:
        words = year
    else:
        m = int(month)
        if day is not None:
            if not 1 <= m <= 12:
                return None
            words = f"{int(day)} {MONTHS[m - 1]} {year}"
        elif 1 <= m <= 12:
            words = f"{MONTHS[m - 1]} {year}"
        elif m in SUBYEAR:
            words = SUBYEAR[m].format(y=year)
        else:
            return None
    return _QUALIFIER.get(qualifier, "") + words


def human_date(text: str) -> str:
    """The date ``text`` (EDTF) in words; text it does not recognise is returned unchanged.

    >>> human_date("2019/..") , human_date("../2020"), human_date("2019-21"), human_date("not a date")
    ('from 2019', 'until 2020', 'spring 2019', 'not a date')
    >>> human_date("[2018-01-29..2018-02-02]")
    'one day in 29 January – 2 February 2018'

    """
    text = text.strip()
    one_of = re.fullmatch(
        r"\[([^\[\],.]+)\.\.([^\[\],.]+)\]", text
    )  # EDTF "one of a set": one day in a range
    if one_of:
        span = human_date(f"{one_of.group(1)}/{one_of.group(2)}")
        return f"one day in {span}" if span != f"{one_of.group(1)}/{one_of.group(2)}" else text
    if "/" not in text:
        return _one(text) or text
    start, _, end = text.partition("/")
    if start in ("", "..") and end not in ("", ".."):
        words = _one(end)
        return f"until {words}" if words else text
    if end in ("", "..") and start not in ("", ".."):
        words = _one(start)
        return f"from {words}" if words else text
    a, b = _one(start), _one(end)
    if a is None or b is None:
        return text
    day = re.fullmatch(r"(\d+) (\w+) (\d+)", a), re.fullmatch(r"(\d+) (\w+) (\d+)", b)
    if day[0] and day[1]:
        (d1, m1, y1), (d2, m2, y2) = day[0].groups(), day[1].groups()
        if (m1, y1) == (m2, y2):
            return f"{d1}–{d2} {m1} {y1}"
        if y1 == y2:
            return f"{d1} {m1} – {d2} {m2} {y1}"
    return f"{a} to {b}"
