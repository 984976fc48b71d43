"""Data-quality rules over a validated dataset: what is well-formed but wrong.

``ddgraph validate`` proves that ``graph/`` parses and that its references resolve. These rules find
what a careful curator would still reject: a session held on a channel that has no open status, two
Secretaries of Defense at once, a party listed twice, a past event still ``planned``, a fact from a
web page with no quote of it, an id that breaks the naming convention. Each rule has a stable code
(ruff-style, ``DD101``) and a one-line rationale; each finding is ``path:line: CODE message``.

Rules are pure functions ``rule(ctx) -> Iterator[Hit]`` over a :class:`Context` (the dataset and
a few indexes built once, :mod:`~ddgraph.lint.context`), one module per concern:
:mod:`~ddgraph.lint.rules` (histories, offices, parties, time, evidence) and
:mod:`~ddgraph.lint.naming` (ids and sources). :data:`RULES` lists them in code order and
:func:`lint_dataset` runs the selected ones.

Example::

    from ddgraph import load_dataset
    findings = lint_dataset(load_dataset("graph"))
    [str(f) for f in findings][:1]
    # -> [] when every rule passes; otherwise "path:line: CODE message" lines
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..dataset import Dataset, _display, graph_files
from ..yamlfile import LineDict, LineList, YamlProblem, line_at, read_yaml
from .context import Context, Finding, Hit, LintSelectionError, Rule
from .naming import (
    dd601_source_site,
    dd602_org_country_prefix,
    dd603_mechanism_country_prefix,
    dd604_id_date,
    dd605_uncited_source,
    id_date,
    site_prefix,
    sole_title,
)
from .rules import (
    dd101_used_while_closed,
    dd102_status_after_first_event,
    dd103_history_not_from_founding,
    dd104_trigger_after_change,
    dd201_two_holders,
    dd202_open_office_with_successor,
    dd203_undated_sole_office,
    dd301_party_twice_in_mechanism,
    dd302_party_twice_in_event,
    dd303_part_of_country_with_parent,
    dd304_one_sided_mechanism,
    dd305_self_sanction,
    dd306_cause_cycle,
    dd307_cause_after_effect,
    dd401_past_planned,
    dd501_web_fact_without_quote,
)

RULES: tuple[Rule, ...] = (
    Rule(
        "DD101",
        "used-while-closed",
        "event held while its channel has no open status",
        dd101_used_while_closed,
    ),
    Rule(
        "DD102",
        "status-after-first-event",
        "a mechanism's first status is later than its first event",
        dd102_status_after_first_event,
    ),
    Rule(
        "DD103",
        "history-not-from-founding",
        "a status history starts neither at a founding status nor with a marked lower bound",
        dd103_history_not_from_founding,
    ),
    Rule(
        "DD104",
        "trigger-after-change",
        "a status change is triggered by an event dated after it",
        dd104_trigger_after_change,
    ),
    Rule(
        "DD201",
        "two-holders",
        "two persons hold the same single-holder office on overlapping dates",
        dd201_two_holders,
    ),
    Rule(
        "DD202",
        "open-office-with-successor",
        "an office has no end although a successor holds it",
        dd202_open_office_with_successor,
    ),
    Rule(
        "DD203", "undated-sole-office", "a single-holder office with no start date", dd203_undated_sole_office
    ),
    Rule(
        "DD301",
        "party-twice-in-mechanism",
        "a party is listed twice in one mechanism on the same dates",
        dd301_party_twice_in_mechanism,
    ),
    Rule(
        "DD302",
        "party-twice-in-event",
        "a party is listed twice among an event's attendees",
        dd302_party_twice_in_event,
    ),
    Rule(
        "DD303",
        "part-of-country-with-parent",
        "an organization is part_of a country where its parent body exists",
        dd303_part_of_country_with_parent,
    ),
    Rule(
        "DD304",
        "one-sided-mechanism",
        "a mechanism whose participants are all one side",
        dd304_one_sided_mechanism,
    ),
    Rule("DD305", "self-sanction", "a sanction by a party on itself or its own side", dd305_self_sanction),
    Rule("DD306", "cause-cycle", "events that cause each other (a caused_by cycle)", dd306_cause_cycle),
    Rule(
        "DD307", "cause-after-effect", "an event caused by an event dated after it", dd307_cause_after_effect
    ),
    Rule(
        "DD401",
        "past-planned",
        "an event still planned although dated before the newest source",
        dd401_past_planned,
    ),
    Rule(
        "DD501",
        "web-fact-without-quote",
        "a status change, event, participation or office cited only by web pages with no verbatim quote",
        dd501_web_fact_without_quote,
    ),
    Rule(
        "DD601",
        "source-site-prefix",
        "a source id's site prefix does not name its URL's host",
        dd601_source_site,
    ),
    Rule(
        "DD602",
        "org-country-prefix",
        "an organization's id does not start with its country's code",
        dd602_org_country_prefix,
    ),
    Rule(
        "DD603",
        "mechanism-country-prefix",
        "a two- or three-country mechanism's id does not start with their codes",
        dd603_mechanism_country_prefix,
    ),
    Rule("DD604", "id-date", "the date spelled in an id disagrees with the record's date", dd604_id_date),
    Rule("DD605", "uncited-source", "a source that no fact cites", dd605_uncited_source),
)
RULE_CODES = tuple(r.code for r in RULES)


def select_rules(select: Iterable[str] = (), ignore: Iterable[str] = ()) -> list[Rule]:
    """The rules whose code starts with a selected prefix and no ignored one (``DD1`` = DD1xx; ``ALL``)."""

    def norm(codes: Iterable[str], option: str) -> list[str]:
        out = []
        for raw in codes:
            for code in raw.split(","):
                code = code.strip().upper()
                if not code:
                    continue
                if code != "ALL" and not any(c.startswith(code) for c in RULE_CODES):
                    raise LintSelectionError(
                        f"{option} {code}: no rule has this code (see ddgraph lint --rules)"
                    )
                out.append(code)
        return out

    chosen = norm(select, "--select") or ["ALL"]
    dropped = norm(ignore, "--ignore")

    def matches(code: str, prefixes: list[str]) -> bool:
        return any(p == "ALL" or code.startswith(p) for p in prefixes)

    return [r for r in RULES if matches(r.code, chosen) and not matches(r.code, dropped)]


# ------------------------------------------------------------------------------------- locating
@dataclass
class _Locator:
    """Lines of nested fields, read from the one file that holds a record only when a rule fires there."""

    ds: Dataset
    _real: dict[str, Path] = field(default_factory=dict)
    _raw: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._real = {_display(p): p for p in graph_files(self.ds.root)}

    def line(self, record: str, loc: tuple[Any, ...]) -> tuple[str, int]:
        path, line = self.ds.origin[record]
        if not loc:
            return path, line
        if path not in self._raw:
            try:
                self._raw[path] = read_yaml(self._real[path]) if path in self._real else None
            except (YamlProblem, ValueError, OSError):
                self._raw[path] = None
        data = self._raw[path]
        if isinstance(data, LineDict):
            for items in data.values():
                for item in items if isinstance(items, LineList) else ():
                    if isinstance(item, LineDict) and item.get("id") == record:
                        return path, line_at(item, loc, line)
        return path, line


def lint_dataset(ds: Dataset, rules: Iterable[Rule] | None = None) -> list[Finding]:
    """Run the rules (all by default) over a validated dataset; findings sorted by path, line and code."""
    ctx = Context(ds)
    locate = _Locator(ds)
    findings: set[Finding] = set()
    for rule in RULES if rules is None else rules:
        for hit in rule.check(ctx):
            path, line = locate.line(hit.record, hit.loc)
            findings.add(Finding(path, line, rule.code, " ".join(hit.message.split())))
    return sorted(findings)


__all__ = [
    "RULES",
    "RULE_CODES",
    "Context",
    "Finding",
    "Hit",
    "LintSelectionError",
    "Rule",
    "id_date",
    "lint_dataset",
    "select_rules",
    "site_prefix",
    "sole_title",
]
