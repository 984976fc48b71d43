"""The lint rules DD101 .. DD501: pure functions ``rule(ctx) -> Iterator[Hit]``.

One function per rule, grouped by family (status histories, offices, parties, time, evidence); the
id rules are in :mod:`~ddgraph.lint.naming`, and :data:`ddgraph.lint.RULES` lists them all in code order.
The curators' rules behind them are in research/CURATING.md.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from .. import model as m
from .context import (
    _FOUNDING,
    FAR_FUTURE,
    FAR_PAST,
    Context,
    Hit,
    _end,
    _overlap,
    _periods,
    _start,
    _used,
)
from .naming import sole_title


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
