"""Synthetic datasets in the ``graph/`` format, for benchmarks and scale tests.

:func:`write_synthetic` writes a *valid* dataset of a chosen size: real countries (ISO 3166 codes from
pycountry), their ministries, armed forces and capitals, persons with office tenures, mechanisms with
participants and status histories (proposed, agreed, active, suspended, resumed, dormant, terminated),
and dated events (sessions with attendances, calls, visits, suspensions, resumptions, sanctions).
The same seed gives byte-identical files.

Why one module of ~500 lines: every kind is drawn from one ``random.Random(seed)`` stream in a fixed
order (countries, then the persons and mechanisms that cite them, then their events), which is what
makes a seed reproducible; split by kind, the order of draws would be spread over modules.

Nothing in a synthetic dataset is a fact. Every source is marked ``SYNTHETIC`` in its title and cites a
generated seed text (``seeds/synthetic.txt``) instead of a URL, and every evidence quote is a verbatim
sentence of that text, so ``ddgraph validate`` checks the synthetic files exactly as it checks real ones.

Example:
    >>> import tempfile
    >>> from ddgraph.dataset import load_dataset
    >>> out = tempfile.mkdtemp()
    >>> counts = write_synthetic(out, SynthConfig(seed=1, countries=5, persons=20, mechanisms=10,
    ...                                           events=50))
    >>> len(load_dataset(out)) == sum(counts.values())
    True
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

import pycountry

from .errors import SynthError
from .graph import Node, PropertyGraph, camel, date_props
from .model import AttendanceRole, EventKind, Level, MechanismKind, OrgKind, Outcome, Status, parse_date

#: Name of the generated seed text, under ``OUT_DIR/seeds/``.
SEED_FILE = "synthetic.txt"
#: How many synthetic sources share that seed text.
N_SOURCES = 8
#: Sentences in the seed text; evidence quotes are drawn from them.
N_SENTENCES = 64

PERSONS_PER_FILE = 5_000
MECHANISMS_PER_FILE = 5_000
EVENTS_PER_FILE = 25_000

FIRST_DAY = dt.date(1990, 1, 1).toordinal()
LAST_DAY = dt.date(2025, 12, 31).toordinal()

_ORGS: tuple[tuple[str, str, OrgKind], ...] = (
    ("mod", "Ministry of Defence", OrgKind.MINISTRY),
    ("mfa", "Ministry of Foreign Affairs", OrgKind.MINISTRY),
    ("armed-forces", "Armed Forces", OrgKind.MILITARY),
    ("institute", "Institute for Strategic Studies", OrgKind.THINK_TANK),
)
_TITLES = {
    "mod": ("Minister of Defence", "Deputy Minister of Defence", "Director of Defence Cooperation"),
    "mfa": ("Minister of Foreign Affairs", "Deputy Foreign Minister", "Director-General for Security"),
    "armed-forces": ("Chief of Defence", "Chief of Staff", "Director of Operations"),
    "institute": ("Director", "Senior Fellow", "Research Fellow"),
}
_CALL_OUTCOMES = (Outcome.ANSWERED, Outcome.ANSWERED, Outcome.UNANSWERED, Outcome.DECLINED)
_TRACK = {
    MechanismKind.TRACK2_DIALOGUE: "2",
    MechanismKind.TRACK1_DIALOGUE: "1.5",
}


@dataclass(frozen=True)
class SynthConfig:
    """How large a synthetic dataset to write; ``scale`` multiplies every count except countries."""

    seed: int = 0
    countries: int = 200
    persons: int = 10_000
    mechanisms: int = 20_000
    events: int = 100_000
    scale: float = 1.0
    #: Records per persons/mechanisms/events file; None: 5,000 / 5,000 / 25,000.
    per_file: int | None = None

    def scaled(self) -> SynthConfig:
        def f(n: int, least: int) -> int:
            return max(least, round(n * self.scale))

        return replace(
            self,
            countries=max(2, self.countries),
            persons=f(self.persons, 2),
            mechanisms=f(self.mechanisms, 1),
            events=f(self.events, 0),
            scale=1.0,
        )


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _day(ordinal: int) -> str:
    return '"' + dt.date.fromordinal(ordinal).isoformat() + '"'


def _month(ordinal: int) -> str:
    return '"' + dt.date.fromordinal(ordinal).isoformat()[:7] + '"'


class _Writer:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.sentences = [
            f"Synthetic statement {i:03d}: the parties recorded a routine contact for benchmarking."
            for i in range(N_SENTENCES)
        ]

    def cite(self, indent: str) -> str:
        """``sources`` and a verbatim ``evidence`` quote, as lines at ``indent``."""
        src = f"synthetic-{self.rng.randrange(N_SOURCES):02d}"
        quote = self.sentences[self.rng.randrange(N_SENTENCES)]
        return f'{indent}sources: [{src}]\n{indent}evidence: [{{source: {src}, quote: "{quote}"}}]\n'


def _write_chunks(out: Path, stem: str, kind: str, records: Iterable[str], per_file: int) -> None:
    chunk: list[str] = []
    n = 0

    def flush() -> None:
        nonlocal n
        header = f"# SYNTHETIC data written by `ddgraph synth`; not facts.\n{kind}:\n"
        (out / f"{stem}-{n:03d}.yaml").write_text(header + "".join(chunk), encoding="utf-8")
        chunk.clear()
        n += 1

    for record in records:
        chunk.append(record)
        if len(chunk) >= per_file:
            flush()
    if chunk or n == 0:
        flush()


#: The formats :func:`write_synthetic` writes: graph/'s YAML, the bulk JSON Lines of :mod:`ddgraph.bulk`,
#: or the columnar bulk files (Parquet) of :mod:`ddgraph.columnar`.
FORMATS = ("yaml", "jsonl", "parquet")


def write_synthetic(out_dir: str | Path, config: SynthConfig, fmt: str = "yaml") -> dict[str, int]:
    """Write a valid synthetic dataset into ``out_dir``; return the number of records of each kind.

    ``out_dir`` must be empty or missing (an existing dataset is never overwritten). ``fmt="jsonl"``
    writes the same records (same seed, same records) as bulk files, one per kind; ``fmt="parquet"``
    as Parquet files, one per kind.
    """
    out = Path(out_dir)
    if out.exists() and any(out.iterdir()):
        raise SynthError(f"{out} is not empty; choose a new directory")
    if fmt not in FORMATS:
        raise SynthError(f"unknown format {fmt!r}; expected one of: {', '.join(FORMATS)}")
    if fmt in ("jsonl", "parquet"):
        import shutil
        import tempfile

        from .bulk import convert_yaml_dir

        out.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-yaml-", dir=out.parent))
        try:
            written = write_synthetic(staging / "data", config)
            if fmt == "parquet":
                from .columnar import convert_dir

                convert_dir(staging / "data", out)
            else:
                convert_yaml_dir(staging / "data", out)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        return written
    cfg = config.scaled()
    all_countries = sorted(c.alpha_3 for c in pycountry.countries)
    if cfg.countries > len(all_countries):
        raise SynthError(f"ISO 3166 has {len(all_countries)} countries (asked for {cfg.countries})")
    rng = random.Random(cfg.seed)
    w = _Writer(rng)
    (out / "seeds").mkdir(parents=True, exist_ok=True)
    (out / "seeds" / SEED_FILE).write_text(
        "SYNTHETIC TEXT generated by ddgraph synth for benchmarks. It reports no real event.\n\n"
        + "\n".join(w.sentences)
        + "\n",
        encoding="utf-8",
    )

    counts: dict[str, int] = {}
    lines = []
    for i in range(N_SOURCES):
        lines.append(
            f"  - id: synthetic-{i:02d}\n    publisher: ddgraph synth\n"
            f'    title: "SYNTHETIC benchmark source {i:02d} (generated, not a real document)"\n'
            f'    language: en\n    published: "2025-01-01"\n    seed: {SEED_FILE}\n'
        )
    (out / "sources.yaml").write_text(
        "# SYNTHETIC sources: generated, not real documents.\nsources:\n" + "".join(lines), encoding="utf-8"
    )
    counts["sources"] = N_SOURCES

    codes = sorted(rng.sample(all_countries, cfg.countries))
    lines = []
    names = {c.alpha_3: c.name for c in pycountry.countries}
    for code in codes:
        lines.append(
            f"  - id: {code.lower()}\n    iso3: {code}\n    name: {{en: {_q(names[code])}}}\n"
            + w.cite("    ")
        )
    (out / "countries.yaml").write_text("countries:\n" + "".join(lines), encoding="utf-8")
    counts["countries"] = len(codes)

    lines = []
    for code in codes:
        cc = code.lower()
        lines.append(
            f'  - id: {cc}-capital\n    name: {{en: "Capital of {code}"}}\n    kind: city\n'
            f"    country: {cc}\n" + w.cite("    ")
        )
    (out / "places.yaml").write_text("places:\n" + "".join(lines), encoding="utf-8")
    counts["places"] = len(codes)

    lines = []
    for code in codes:
        cc = code.lower()
        for suffix, title, kind in _ORGS:
            parent = f"{cc}-mod" if suffix == "armed-forces" else cc
            lines.append(
                f'  - id: {cc}-{suffix}\n    name: {{en: "{title} of {code}"}}\n'
                f"    kind: {kind.value}\n    part_of: {parent}\n" + w.cite("    ")
            )
    (out / "organizations.yaml").write_text("organizations:\n" + "".join(lines), encoding="utf-8")
    counts["organizations"] = len(codes) * len(_ORGS)

    people_of: dict[str, list[str]] = {code.lower(): [] for code in codes}

    def persons() -> Iterable[str]:
        for i in range(cfg.persons):
            cc = codes[i % len(codes)].lower()  # every country gets people
            pid = f"person-{i:06d}"
            people_of[cc].append(pid)
            rec = [
                f'  - id: {pid}\n    name: {{en: "Synthetic Person {i}"}}\n    nationality: {cc}\n',
                w.cite("    "),
            ]
            day = rng.randint(FIRST_DAY, LAST_DAY - 4000)
            tenures = rng.randint(1, 3)
            rec.append("    offices:\n")
            for t in range(tenures):
                suffix = rng.choice(_ORGS)[0]
                end = day + rng.randint(200, 2000)
                rec.append(
                    f"      - org: {cc}-{suffix}\n        title: {_q(rng.choice(_TITLES[suffix]))}\n"
                    f"        from: {_month(day) if rng.random() < 0.3 else _day(day)}\n"
                )
                if t < tenures - 1 or (end < LAST_DAY and rng.random() < 0.7):
                    rec.append(f"        to: {_day(min(end, LAST_DAY))}\n")
                rec.append(w.cite("        "))
                day = end + rng.randint(1, 400)
                if day >= LAST_DAY - 30:
                    break
            yield "".join(rec)

    _write_chunks(out, "persons", "persons", persons(), cfg.per_file or PERSONS_PER_FILE)
    counts["persons"] = cfg.persons

    # Mechanisms first (in memory: their status changes name the suspension/resumption events).
    n_events = cfg.events
    next_event = 0
    event_lines: list[str] = []
    mech_info: list[tuple[str, list[str], int, int]] = []  # id, parties, first day, last open day

    def new_event_id(limit: int = n_events) -> str | None:
        nonlocal next_event
        if next_event >= limit:
            return None
        next_event += 1
        return f"event-{next_event - 1:07d}"

    def mechanisms() -> Iterable[str]:
        kinds = list(MechanismKind)
        levels = list(Level)
        for i in range(cfg.mechanisms):
            mid = f"mech-{i:06d}"
            kind = rng.choice(kinds)
            multi = kind in (MechanismKind.MULTILATERAL_FORUM, MechanismKind.TRILATERAL_MEETING)
            size = (3 if kind is MechanismKind.TRILATERAL_MEETING else rng.randint(4, 8)) if multi else 2
            parties = [c.lower() for c in rng.sample(codes, min(size, len(codes)))]
            start = rng.randint(FIRST_DAY, LAST_DAY - 3000)
            rec = [
                f'  - id: {mid}\n    name: {{en: "Synthetic {kind.value.replace("_", " ")} {i}"}}\n'
                f'    kind: {kind.value}\n    track: "{_TRACK.get(kind, "1")}"\n'
                f"    level: {rng.choice(levels).value}\n",
                w.cite("    "),
                "    participants:\n",
            ]
            for j, party in enumerate(parties):
                role = "host" if multi and j == 0 else "member"
                rec.append(f"      - party: {party}\n        role: {role}\n        from: {_day(start)}\n")
                if multi and j > 2 and rng.random() < 0.2:  # a member that left
                    rec.append(f"        to: {_day(rng.randint(start + 400, LAST_DAY))}\n")
                rec.append(w.cite("        "))
            rec.append("    status:\n")
            day = start
            history = [(Status.PROPOSED, None), (Status.AGREED, None), (Status.ACTIVE, None)]
            state = Status.ACTIVE
            while True:  # suspensions and resumptions until the end of the period
                if rng.random() < 0.15:
                    nxt = Status.TERMINATED if state is not Status.SUSPENDED else Status.DORMANT
                elif state in (Status.SUSPENDED, Status.DORMANT):
                    nxt = Status.RESUMED
                else:
                    nxt = Status.SUSPENDED
                history.append((nxt, None))
                state = nxt
                if nxt is Status.TERMINATED or len(history) > 12:
                    break
            last_open = LAST_DAY
            for seq, (status, _) in enumerate(history):
                if seq:
                    day += rng.randint(30, 900)
                if day > LAST_DAY:
                    break
                if status in (Status.SUSPENDED, Status.DORMANT, Status.TERMINATED):
                    last_open = min(last_open, day)
                rec.append(f"      - status: {status.value}\n        date: {_day(day)}\n")
                if status in (Status.SUSPENDED, Status.RESUMED):
                    eid = new_event_id(n_events // 4)  # most events are sessions, calls, visits
                    if eid is not None:
                        rec.append(f"        event: {eid}\n")
                        ekind = EventKind.SUSPENSION if status is Status.SUSPENDED else EventKind.RESUMPTION
                        event_lines.append(
                            f'  - id: {eid}\n    name: {{en: "{ekind.value.title()} of {mid}"}}\n'
                            f"    kind: {ekind.value}\n    date: {_day(day)}\n    mechanism: {mid}\n"
                            + w.cite("    ")
                        )
                rec.append(w.cite("        "))
            mech_info.append((mid, parties, start, last_open))
            yield "".join(rec)

    _write_chunks(out, "mechanisms", "mechanisms", mechanisms(), cfg.per_file or MECHANISMS_PER_FILE)
    counts["mechanisms"] = cfg.mechanisms

    kinds_other = (EventKind.CALL, EventKind.VISIT, EventKind.SANCTION, EventKind.STATEMENT)

    def events() -> Iterable[str]:
        yield from event_lines
        event_lines.clear()
        session_no: dict[str, int] = {}
        last_sanction: str | None = None
        while True:
            eid = new_event_id()
            if eid is None:
                return
            mid, parties, start, last_open = mech_info[rng.randrange(len(mech_info))]
            day = rng.randint(start, max(start, min(last_open, LAST_DAY)))
            if rng.random() < 0.75:  # a session of a mechanism, with its delegations
                n = session_no.get(mid, 0) + 1
                session_no[mid] = n
                rec = [
                    f'  - id: {eid}\n    name: {{en: "Session {n} of {mid}"}}\n    kind: session\n'
                    f"    date: {_day(day)}\n    mechanism: {mid}\n    place: {parties[0]}-capital\n"
                    f"    outcome: held\n    session_number: {min(n, 10_000)}\n",
                    w.cite("    "),
                    "    attendees:\n",
                ]
                for j, party in enumerate(parties[:4]):
                    people = people_of[party]
                    who = people[rng.randrange(len(people))] if people else party
                    role = AttendanceRole.HEAD_OF_DELEGATION if j < 2 else AttendanceRole.DELEGATE
                    rec.append(f"      - party: {who}\n        role: {role.value}\n" + w.cite("        "))
                yield "".join(rec)
                continue
            kind = rng.choice(kinds_other)
            a, b = parties[0], parties[1]
            rec = [
                f'  - id: {eid}\n    name: {{en: "Synthetic {kind.value} {eid}"}}\n'
                f"    kind: {kind.value}\n    date: {_day(day)}\n",
                w.cite("    "),
            ]
            if kind is EventKind.CALL:
                outcome = rng.choice(_CALL_OUTCOMES)
                rec.append(
                    f"    mechanism: {mid}\n    outcome: {outcome.value}\n    attendees:\n"
                    f"      - party: {a}\n        role: caller\n"
                    + w.cite("        ")
                    + f"      - party: {b}\n        role: callee\n"
                    + w.cite("        ")
                )
                if outcome is not Outcome.ANSWERED:
                    rec.append(f"    refused_by:\n      - ref: {b}\n" + w.cite("        "))
            elif kind is EventKind.VISIT:
                rec.append(
                    f"    place: {b}-capital\n    outcome: held\n    attendees:\n"
                    f"      - party: {a}-mod\n        role: visitor\n"
                    + w.cite("        ")
                    + f"      - party: {b}-mod\n        role: host\n"
                    + w.cite("        ")
                )
            elif kind is EventKind.SANCTION:
                target = f"{b}-{rng.choice(_ORGS)[0]}"
                rec.append(
                    f"    sanctions:\n      - by: {a}\n        target: {target}\n" + w.cite("        ")
                )
                last_sanction = eid
            elif last_sanction is not None:  # a statement answering the latest sanction
                rec.append(f"    caused_by:\n      - ref: {last_sanction}\n" + w.cite("        "))
            yield "".join(rec)

    _write_chunks(out, "events", "events", events(), cfg.per_file or EVENTS_PER_FILE)
    counts["events"] = next_event
    return counts


# ------------------------------------------------------------------------ property graphs directly
def channel_property_graph(
    mechanisms: int, *, countries: int = 200, seed: int = 0, max_members: int = 6
) -> PropertyGraph:
    """A SYNTHETIC property graph of mechanisms only: countries, participations, status histories.

    For benchmarks of the dated views at millions of edges without writing or validating YAML: the
    nodes and relationships follow :mod:`ddgraph.graph`'s conventions (``PARTICIPATES_IN`` with
    ``from``/``to`` dates, ``HAS_STATUS`` to ``StatusChange`` nodes with ``from``/``to``), so
    :func:`ddgraph.views.base_graph` reads it as it reads the real dataset. Each mechanism has 2 to
    ``max_members`` members and 3 to 10 status changes (about 8.5 dated relationships on average).

    >>> pg = channel_property_graph(10, countries=5, seed=1)
    >>> sum(1 for r in pg.relationships.values() if r.type == "HAS_STATUS") >= 30
    True
    """
    rng = random.Random(seed)
    codes = sorted(c.alpha_3 for c in pycountry.countries)[:countries]
    src = "synthetic-00"
    g = PropertyGraph()
    g.add_node(
        Node(
            src,
            ("Source",),
            {
                "id": src,
                "name": "SYNTHETIC",
                "title": "SYNTHETIC",
                "publisher": "ddgraph synth",
                "language": "en",
                "seed": SEED_FILE,
                "verified": False,
                "sources": [src],
            },
        )
    )
    for code in codes:
        g.add_node(
            Node(
                code.lower(), ("Country",), {"id": code.lower(), "iso3": code, "name": code, "sources": [src]}
            )
        )
    kinds = list(MechanismKind)
    for i in range(mechanisms):
        mid = f"mech-{i:07d}"
        kind = rng.choice(kinds)
        g.add_node(
            Node(
                mid,
                ("Mechanism", camel(kind.value)),
                {
                    "id": mid,
                    "name": f"Synthetic mechanism {i}",
                    "kind": kind.value,
                    "track": _TRACK.get(kind, "1"),
                    "level": rng.choice(list(Level)).value,
                    "sources": [src],
                },
            )
        )
        day = rng.randint(FIRST_DAY, LAST_DAY - 3000)
        size = 2 if rng.random() < 0.7 else rng.randint(3, max(3, max_members))
        for party in rng.sample(codes, min(size, len(codes))):
            props = {
                "role": "member",
                **date_props("from", parse_date(dt.date.fromordinal(day).isoformat())),
                "sources": [src],
            }
            if rng.random() < 0.1:
                end = dt.date.fromordinal(rng.randint(day + 100, LAST_DAY)).isoformat()
                props.update(date_props("to", parse_date(end)))
            g.add_relationship("PARTICIPATES_IN", party.lower(), mid, props)
        statuses = [Status.PROPOSED, Status.AGREED, Status.ACTIVE]
        for _ in range(rng.randint(0, 7)):
            statuses.append(Status.RESUMED if statuses[-1] is Status.SUSPENDED else Status.SUSPENDED)
        days = []
        for _ in statuses:
            days.append(day)
            day += rng.randint(30, 700)
        for seq, (status, first) in enumerate(zip(statuses, days, strict=True)):
            date = parse_date(dt.date.fromordinal(first).isoformat())
            nid = f"{mid}--{status.value}--{date.edtf}"
            to = (
                date_props("to", parse_date(dt.date.fromordinal(days[seq + 1]).isoformat()))
                if seq + 1 < len(days)
                else {}
            )
            g.add_node(
                Node(
                    nid,
                    ("StatusChange",),
                    {
                        "id": nid,
                        "name": f"{mid}: {status.value}",
                        "mechanism": mid,
                        "status": status.value,
                        "seq": seq,
                        **date_props("from", date),
                        **to,
                        "sources": [src],
                    },
                )
            )
            g.add_relationship("HAS_STATUS", mid, nid, {"seq": seq, "sources": [src]})
    return g


__all__ = ["FORMATS", "SEED_FILE", "SynthConfig", "SynthError", "channel_property_graph", "write_synthetic"]
