"""Data-quality rules over a validated dataset: what is well-formed but wrong.

``ddgraph validate`` proves that ``graph/`` parses and that its references resolve. These rules find
what a careful curator would still reject: a session held on a channel that has no open status, two
Secretaries of Defense at once, a party listed twice, a past event still ``planned``, a fact from a
web page with no quote of it, an id that breaks the naming convention. Each rule has a stable code
(ruff-style, ``DD101``) and a one-line rationale; each finding is ``path:line: CODE message``.

Rules are pure functions ``rule(ctx) -> Iterator[Finding]`` over a :class:`Context` (the dataset and
a few indexes built once); :data:`RULES` lists them in code order and :func:`lint_dataset` runs the
selected ones.

Example::

    from ddgraph import load_dataset
    findings = lint_dataset(load_dataset("graph"))
    [str(f) for f in findings][:1]
    # -> [] when every rule passes; otherwise "path:line: CODE message" lines
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pycountry

from . import model as m
from .dataset import Dataset, _cited_items, _display, graph_files
from .errors import DdgraphError
from .yamlfile import LineDict, LineList, YamlProblem, line_at, read_yaml

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
_ID_DATE = re.compile(r"(?:^|-)((?:19|20)\d{2})(?:-(0[1-9]|1[0-2]))?(?:-(0[1-9]|[12]\d|3[01]))?(?=-|$)")
_YEAR_TOKEN = re.compile(r"(?:19|20)\d{2}")


def id_date(record_id: str) -> m.DateValue | None:
    """The date an id spells (``austin-wei-meeting-2022-11-22`` -> 2022-11-22), if any."""
    match = _ID_DATE.search(record_id)
    if match is None:
        return None
    text = "-".join(p for p in match.groups() if p)
    try:
        return m.parse_date(text)
    except ValueError:  # 2023-02-30
        return None


#: Titles held by one person at a time in an organization (the first words of the title).
_SOLE_TITLE = re.compile(
    r"^(secretary of|secretary-general|secretary general|minister of|minister for|defen[cs]e minister|"
    r"foreign minister|prime minister|president|premier|chairman|chair of|chief of|commander|"
    r"director of|director-general|director general|national security advis[eo]r)\b"
)
_NOT_SOLE = re.compile(r"\b(deputy|vice|under|assistant|associate|acting|state for|member|senior)\b")


def sole_title(title: str) -> str | None:
    """The normalized title when the office has a single holder at a time, else None.

    >>> sole_title("Secretary of Defense (secondary title Secretary of War from 2025-09-05)")
    'secretary of defense'
    >>> sole_title("Deputy Assistant Secretary of Defense for China") is None
    True
    """
    core = re.sub(r"\s*\(.*?\)\s*", " ", title).strip().lower()
    core = re.sub(r"\s+", " ", core)
    if _SOLE_TITLE.match(core) and not _NOT_SOLE.search(core):
        return core
    return None


def _host_tokens(url: str) -> tuple[str, set[str]]:
    host = (urlsplit(url).hostname or "").lower()
    labels = host.split(".")
    extra: set[str] = set()
    tld = labels[-1] if labels else ""
    if len(tld) == 2:
        country = pycountry.countries.get(alpha_2=tld.upper())
        if country is not None:
            extra.add(country.alpha_3.lower())
        if tld == "uk":
            extra.add("gbr")
    return host.replace(".", "").replace("-", ""), extra


def site_prefix(source_id: str) -> list[str]:
    """The tokens of a source id that name its site: those before the first year, else the first.

    >>> site_prefix("defense-gov-2024-01-09-dpct-17")
    ['defense', 'gov']
    >>> site_prefix("uschina-wei-fenghe")
    ['uschina']
    """
    parts = source_id.split("-")
    for i, part in enumerate(parts):
        if _YEAR_TOKEN.fullmatch(part):
            return parts[:i] or parts[:1]
    return parts[:1]


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


# ------------------------------------------------------------------------------ DD1 status histories
def dd101_used_while_closed(ctx: Context) -> Iterator[Hit]:
    for mid, mech in ctx.ds.mechanisms.items():
        periods = _periods(mech)
        triggers = {entry.event for entry in mech.status}
        for eid, ev in ctx.events_of.get(mid, ()):
            if not _used(ev) or eid in triggers:  # the meeting that founded or reopened it
                continue
            e0, e1 = ev.date.earliest, _end(ev.date)
            covering = [p for p in periods if _overlap(p[0], p[1], e0, e1)]
            if any(p[2].status in m.OPEN_STATUSES for p in covering):
                continue
            if covering:
                state = "/".join(dict.fromkeys(p[2].status.value for p in covering))
                why = f"its status then is {state}"
            else:
                why = "it has no status yet"
            yield Hit(
                eid,
                ("date",),
                f"event {eid} ({ev.kind.value}, {ev.date.edtf}) used channel {mid} while {why}; "
                "add the status change (active/resumed) it implies",
            )


def dd102_status_after_first_event(ctx: Context) -> Iterator[Hit]:
    for mid, mech in ctx.ds.mechanisms.items():
        events = ctx.events_of.get(mid, [])
        if not events:
            continue
        eid, first = min(events, key=lambda item: (_end(item[1].date), item[0]))
        if not mech.status:
            yield Hit(
                mid,
                ("status",),
                f"mechanism {mid} has events (first: {eid}, {first.date.edtf}) but no status",
            )
        elif mech.status[0].date.earliest > _end(first.date):
            yield Hit(
                mid,
                ("status", 0, "date"),
                f"mechanism {mid}'s first status ({mech.status[0].status.value}, {mech.status[0].date.edtf}) "
                f"is later than its first event {eid} ({first.date.edtf})",
            )


def dd103_history_not_from_founding(ctx: Context) -> Iterator[Hit]:
    for mid, mech in ctx.ds.mechanisms.items():
        if not mech.status:
            if mid not in ctx.events_of:
                yield Hit(mid, (), f"mechanism {mid} has no status history")
            continue
        first = mech.status[0]
        if first.status not in _FOUNDING and not first.lower_bound:
            yield Hit(
                mid,
                ("status", 0, "status"),
                f"mechanism {mid}'s history starts with '{first.status.value}': start at its founding "
                "(proposed/agreed/active) or mark the first entry lower_bound: true",
            )


def dd104_trigger_after_change(ctx: Context) -> Iterator[Hit]:
    for mid, mech in ctx.ds.mechanisms.items():
        for i, entry in enumerate(mech.status):
            if entry.event and entry.event in ctx.ds.events:
                ev = ctx.ds.events[entry.event]
                if ev.date.earliest > _end(entry.date):
                    yield Hit(
                        mid,
                        ("status", i, "event"),
                        f"mechanism {mid} status[{i}] ({entry.status.value}, {entry.date.edtf}) is "
                        f"triggered by {entry.event}, dated later ({ev.date.edtf})",
                    )


# ---------------------------------------------------------------------------------- DD2 offices
def _sole_offices(ctx: Context) -> dict[tuple[str, str], list[tuple[str, int, m.OfficeHolding]]]:
    out: dict[tuple[str, str], list[tuple[str, int, m.OfficeHolding]]] = defaultdict(list)
    for pid, person in ctx.ds.persons.items():
        for i, office in enumerate(person.offices):
            title = sole_title(office.title)
            if title is not None and office.start is not None:  # undated: DD203
                out[(office.org, title)].append((pid, i, office))
    return out


def dd201_two_holders(ctx: Context) -> Iterator[Hit]:
    for (org, title), holders in _sole_offices(ctx).items():
        holders.sort(key=lambda h: (_start(h[2].start), h[0]))
        for a, (pa, _ia, oa) in enumerate(holders):
            for pb, ib, ob in holders[a + 1 :]:
                if pa == pb:
                    continue
                if oa.end is None and _start(ob.start) > _start(oa.start):
                    continue  # DD202 says it better: the first holder's end is missing
                # certain overlap: the later start is before the earlier end
                later_start = max(
                    _end(oa.start) if oa.start else FAR_PAST, _end(ob.start) if ob.start else FAR_PAST
                )
                earlier_end = min(
                    _start(oa.end) if oa.end else FAR_FUTURE, _start(ob.end) if ob.end else FAR_FUTURE
                )
                if later_start < earlier_end:
                    yield Hit(
                        pb,
                        ("offices", ib),
                        f"{pb} and {pa} both hold the single-holder office '{title}' of {org} "
                        f"({_span(ob)} and {_span(oa)})",
                    )


def _span(o: m.OfficeHolding) -> str:
    return f"{o.start.edtf if o.start else '?'}..{o.end.edtf if o.end else ''}"


def dd202_open_office_with_successor(ctx: Context) -> Iterator[Hit]:
    for (org, title), holders in _sole_offices(ctx).items():
        for pa, ia, oa in holders:
            if oa.end is not None:
                continue
            successors = [
                (pb, ob)
                for pb, _ib, ob in holders
                if pb != pa and ob.start is not None and _start(ob.start) > _start(oa.start)
            ]
            if successors:
                pb, ob = min(successors, key=lambda s: (_start(s[1].start), s[0]))
                yield Hit(
                    pa,
                    ("offices", ia),
                    f"{pa}'s office '{title}' of {org} has no end although {pb} holds it from "
                    f"{ob.start.edtf if ob.start else '?'}",
                )


def dd203_undated_sole_office(ctx: Context) -> Iterator[Hit]:
    for pid, person in ctx.ds.persons.items():
        for i, office in enumerate(person.offices):
            title = sole_title(office.title)
            if title is not None and office.start is None:
                yield Hit(
                    pid,
                    ("offices", i),
                    f"{pid}'s single-holder office '{title}' of {office.org} has no start date ('from')",
                )


# ---------------------------------------------------------------------------------- DD3 parties
def dd301_party_twice_in_mechanism(ctx: Context) -> Iterator[Hit]:
    for mid, mech in ctx.ds.mechanisms.items():
        seen: dict[str, list[tuple[int, m.Participation]]] = defaultdict(list)
        for i, part in enumerate(mech.participants):
            for j, other in seen[part.party]:
                if _overlap(_start(part.start), _end(part.end), _start(other.start), _end(other.end)):
                    yield Hit(
                        mid,
                        ("participants", i, "party"),
                        f"mechanism {mid} lists {part.party} twice (participants[{j}] and [{i}]) on the "
                        f"same dates",
                    )
                    break
            seen[part.party].append((i, part))


def dd302_party_twice_in_event(ctx: Context) -> Iterator[Hit]:
    for eid, ev in ctx.ds.events.items():
        seen: dict[str, int] = {}
        for i, att in enumerate(ev.attendees):
            if att.party in seen:
                yield Hit(
                    eid,
                    ("attendees", i, "party"),
                    f"event {eid} lists {att.party} twice (attendees[{seen[att.party]}] and [{i}])",
                )
            else:
                seen[att.party] = i


def dd303_part_of_country_with_parent(ctx: Context) -> Iterator[Hit]:
    orgs = ctx.ds.organizations
    for oid, org in orgs.items():
        if org.part_of is None or org.part_of not in ctx.ds.countries:
            continue
        parts = oid.split("-")
        for k in range(len(parts) - 1, 1, -1):
            parent = "-".join(parts[:k])
            if parent in orgs and parent != oid and ctx.country_of.get(parent) == org.part_of:
                yield Hit(
                    oid,
                    ("part_of",),
                    f"organization {oid} is part_of the country {org.part_of}, but its parent body {parent} "
                    f"exists",
                )
                break


def dd304_one_sided_mechanism(ctx: Context) -> Iterator[Hit]:
    for mid, mech in ctx.ds.mechanisms.items():
        roots = {ctx.party_root(p.party) for p in mech.participants}
        if len(roots) < 2:
            yield Hit(
                mid,
                ("participants",),
                f"mechanism {mid} has a single side ({', '.join(sorted(roots))}); a channel joins two "
                f"parties or more",
            )


def dd305_self_sanction(ctx: Context) -> Iterator[Hit]:
    for eid, ev in ctx.ds.events.items():
        for i, s in enumerate(ev.sanctions):
            if s.by == s.target or ctx.party_root(s.by) == ctx.party_root(s.target):
                yield Hit(
                    eid,
                    ("sanctions", i, "target"),
                    f"event {eid}: {s.by} sanctions {s.target}, its own side ({ctx.party_root(s.by)})",
                )


def dd306_cause_cycle(ctx: Context) -> Iterator[Hit]:
    events = ctx.ds.events
    graph = {eid: [c.ref for c in ev.caused_by if c.ref in events] for eid, ev in events.items()}
    reported: set[frozenset[str]] = set()
    state: dict[str, int] = {}
    for root in sorted(graph):
        if state.get(root):
            continue
        stack: list[tuple[str, Iterator[str]]] = [(root, iter(graph[root]))]
        path = [root]
        state[root] = 1
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                path.pop()
                state[node] = 2
                continue
            if state.get(child) == 1:
                cycle = path[path.index(child) :]
                key = frozenset(cycle)
                if key not in reported:
                    reported.add(key)
                    first = min(cycle)
                    k = cycle.index(first)
                    ordered = cycle[k:] + cycle[:k]
                    yield Hit(
                        first,
                        ("caused_by",),
                        f"caused_by cycle: {' <- '.join([*ordered, first])}",
                    )
            elif not state.get(child):
                state[child] = 1
                path.append(child)
                stack.append((child, iter(graph[child])))


def dd307_cause_after_effect(ctx: Context) -> Iterator[Hit]:
    for eid, ev in ctx.ds.events.items():
        for i, link in enumerate(ev.caused_by):
            cause = ctx.ds.events.get(link.ref)
            if cause is not None and cause.date.earliest > _end(ev.date):
                yield Hit(
                    eid,
                    ("caused_by", i, "ref"),
                    f"event {eid} ({ev.date.edtf}) is caused by {link.ref}, dated later ({cause.date.edtf})",
                )


# ------------------------------------------------------------------------------------ DD4 time
def dd401_past_planned(ctx: Context) -> Iterator[Hit]:
    newest = ctx.newest_source
    if newest is None:
        return
    sid, day = newest
    for eid, ev in ctx.ds.events.items():
        if ev.outcome is m.Outcome.PLANNED and _end(ev.date) < day:
            yield Hit(
                eid,
                ("outcome",),
                f"event {eid} ({ev.date.edtf}) is still planned although the dataset has sources up to "
                f"{day.isoformat()} ({sid}): record what happened",
            )


# -------------------------------------------------------------------------------- DD5 evidence
def _needs_quote(ctx: Context, fact: m.Cited) -> bool:
    sources = [ctx.ds.sources.get(s) for s in fact.sources]
    if not fact.sources or any(s is None or s.url is None for s in sources):
        return False  # a seed (checked by validate) or an unknown source (a validate error)
    return not any(e.source in fact.sources for e in fact.evidence)


def dd501_web_fact_without_quote(ctx: Context) -> Iterator[Hit]:
    for mid, mech in ctx.ds.mechanisms.items():
        for attr, label in (("status", "status"), ("participants", "participation")):
            for i, item in enumerate(getattr(mech, attr)):
                if _needs_quote(ctx, item):
                    yield Hit(
                        mid,
                        (attr, i),
                        f"mechanism {mid} {attr}[{i}]: {label} cites only web pages and quotes none",
                    )
    for eid, ev in ctx.ds.events.items():
        if _needs_quote(ctx, ev):
            yield Hit(eid, ("sources",), f"event {eid} cites only web pages and quotes none")
    for pid, person in ctx.ds.persons.items():
        for i, office in enumerate(person.offices):
            if _needs_quote(ctx, office):
                yield Hit(
                    pid,
                    ("offices", i),
                    f"person {pid} offices[{i}]: office cites only web pages and quotes none",
                )


# ------------------------------------------------------------------------------------- DD6 ids
def dd601_source_site(ctx: Context) -> Iterator[Hit]:
    for sid, src in ctx.ds.sources.items():
        if src.url is None:
            continue
        host, extra = _host_tokens(str(src.url))
        prefix = site_prefix(sid)
        wrong = [t for t in prefix if t not in host and t not in extra]
        if wrong:
            yield Hit(
                sid,
                ("id",),
                f"source {sid}: '{'-'.join(prefix)}' does not name the site of its url "
                f"({urlsplit(str(src.url)).hostname}); name the host (a repost says so in publisher)",
            )


def dd602_org_country_prefix(ctx: Context) -> Iterator[Hit]:
    for oid in ctx.ds.organizations:
        country = ctx.country_of.get(oid)
        if country is not None and not oid.startswith(country + "-"):
            yield Hit(
                oid, ("id",), f"organization {oid} belongs to {country}: its id starts with '{country}-'"
            )


def dd603_mechanism_country_prefix(ctx: Context) -> Iterator[Hit]:
    for mid, mech in ctx.ds.mechanisms.items():
        countries = {ctx.country_of.get(p.party) for p in mech.participants} - {None}
        roots = {ctx.party_root(p.party) for p in mech.participants}
        if not 2 <= len(countries) <= 3 or roots != countries:
            continue
        head = set(mid.split("-")[: len(countries)])
        if head != countries:
            want = "-".join(sorted(c for c in countries if c is not None))
            yield Hit(
                mid,
                ("id",),
                f"mechanism {mid} joins {', '.join(sorted(c for c in countries if c))}: its id starts with "
                f"their codes (e.g. {want}-...)",
            )


def dd604_id_date(ctx: Context) -> Iterator[Hit]:
    for eid, ev in ctx.ds.events.items():
        spelled = id_date(eid)
        if spelled is not None and not _overlap(
            spelled.earliest, _end(spelled), ev.date.earliest, _end(ev.date)
        ):
            yield Hit(eid, ("date",), f"event {eid}: the id says {spelled.edtf}, the date is {ev.date.edtf}")
    for sid, src in ctx.ds.sources.items():
        spelled = id_date(sid)
        if (
            spelled is not None
            and src.published is not None
            and not _overlap(spelled.earliest, _end(spelled), src.published.earliest, _end(src.published))
        ):
            yield Hit(
                sid,
                ("published",),
                f"source {sid}: the id says {spelled.edtf}, published is {src.published.edtf}",
            )


def dd605_uncited_source(ctx: Context) -> Iterator[Hit]:
    cited: set[str] = set()
    for kind, records in ctx.ds.kinds.items():
        if kind == "sources":
            continue
        for record in records.values():
            for _where, _loc, fact in _cited_items(record):
                cited.update(fact.sources)
                cited.update(e.source for e in fact.evidence)
    for sid in ctx.ds.sources:
        if sid not in cited:
            yield Hit(sid, ("id",), f"source {sid} is cited by no fact")


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
    "Finding",
    "LintSelectionError",
    "Rule",
    "id_date",
    "lint_dataset",
    "select_rules",
    "sole_title",
]
