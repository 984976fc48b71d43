"""The main job: validate the dataset, load it into Neo4j when one is up, answer the core questions
about a pair of countries, and write the centrality report.

It runs on the embedded dataset (the files read in-process) when no Neo4j answers; when one does, it
loads the files and runs every analysis on the graph read back from the database, so the answers
show what the database holds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .dataset import load_dataset, load_dataset_digest
from .graph import to_property_graph
from .model import MechanismKind
from .stats import compute_stats

#: The questions of the main job: US–China channels across the 2022 cut and the 2023–2024 restoration.
PAIR = ("usa", "chn")
CHANNEL_DAYS = (dt.date(2022, 9, 1), dt.date(2024, 3, 31))
ROUTES_DAY = dt.date(2023, 6, 1)
REPORT_DAY = dt.date(2024, 7, 28)
#: Bilateral military channels: what China cut on 2022-08-05 (hotlines and forums are separate).
MILITARY_KINDS = frozenset(
    k.value for k in (MechanismKind.MILITARY_TALKS, MechanismKind.DEFENSE_MINISTERS_DIALOGUE)
)
#: The report leaves out multilateral forums: ADMM-Plus alone links 18 members pairwise, which makes
#: every member adjacent to every other and hides who brokers between the bilateral channels.
REPORT_EXCLUDES = frozenset({MechanismKind.MULTILATERAL_FORUM.value})


@dataclass
class MainJob:
    """What the main job did and found."""

    data_dir: Path
    records: int
    stats: dict[str, Any]
    backend: str = "embedded"
    neo4j_note: str = ""
    load_summary: str | None = None
    channels: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    dark_periods: list[dict[str, Any]] = field(default_factory=list)
    routes: list[dict[str, Any]] = field(default_factory=list)
    failed_for_routes: list[str] = field(default_factory=list)
    brokers: list[dict[str, Any]] = field(default_factory=list)
    report_files: list[Path] = field(default_factory=list)


def run_main_job(
    data_dir: Path,
    out_dir: Path,
    *,
    neo4j: dict[str, str | None] | None = None,
    progress: Callable[[str], None] | None = None,
) -> MainJob:
    """Validate ``data_dir``, load it into Neo4j when ``neo4j`` (uri, user, password, database) has a
    password and analyse what the database holds, else analyse the files in-process; write the report.

    Raises :class:`~ddgraph.errors.UnableToConnect` when a password is given and the server does not
    answer or refuses it (the user asked for Neo4j: no silent fallback).

    Raises :class:`~ddgraph.dataset.DatasetError` when the data is invalid (nothing is loaded then).
    """
    from .analysis.connectivity import direct_channels
    from .analysis.paths import paths
    from .analysis.timeline import TRACK1_CHANNELS, dark_periods
    from .channels import ChannelFilter, DatedGraph
    from .reports import centrality_report, write_report
    from .timeutil import date_range
    from .views import base_graph, channel_graph

    say = progress or (lambda _msg: None)
    # the files' digest, recorded by the load, lets the next `ddgraph load` of them answer at once
    to_neo4j = bool(neo4j and neo4j.get("password"))
    ds, files = load_dataset_digest(data_dir) if to_neo4j else (load_dataset(data_dir), None)
    pg = to_property_graph(ds)
    job = MainJob(data_dir=data_dir, records=len(ds), stats=compute_stats(pg))
    if neo4j and to_neo4j:
        from . import neo4j_store

        # The password says the user wants Neo4j: failing to reach it is an error, not a fallback.
        driver = neo4j_store.connect(
            neo4j["uri"] or "", neo4j["user"] or "", neo4j["password"] or "", neo4j["database"] or "neo4j"
        )
        try:
            say("loading into Neo4j")
            job.load_summary = str(neo4j_store.load(driver, pg, neo4j["database"] or "neo4j", files=files))
            pg = neo4j_store.read_graph(driver, neo4j["database"] or "neo4j")
            job.backend = f"neo4j ({neo4j_store.display_uri(neo4j['uri'] or '')})"
        finally:
            driver.close()
    elif neo4j is None:
        job.neo4j_note = "analysing the embedded dataset (the files in-process)"
    else:
        job.neo4j_note = "NEO4J_PASSWORD not set: analysing the embedded dataset (the files in-process)"
    G = DatedGraph(base_graph(pg))  # one channel index for every question below
    no_forums = ChannelFilter(exclude_kinds=REPORT_EXCLUDES)
    a, b = PAIR
    say("channels")
    for day in CHANNEL_DAYS:
        job.channels[day.isoformat()] = direct_channels(G, a, b, day)
    say("dark periods")
    military = TRACK1_CHANNELS.but(kinds=MILITARY_KINDS)
    job.dark_periods = dark_periods(G, a, b, military, start=dt.date(2020, 1, 1))
    say("routes")
    CG = channel_graph(G, ROUTES_DAY)
    job.failed_for_routes = sorted({k for u, v, k in CG.edges(keys=True) if {u, v} == {a, b}})
    job.routes = paths(CG, a, b, fail=job.failed_for_routes, track="1", k=5)
    say("centrality report")
    days = date_range(dt.date(2020, 7, 28), REPORT_DAY, "1y")
    report = centrality_report(G, days, no_forums)
    job.brokers = report.rows("countries")[:5]
    written = write_report(report, G, "html", out_dir, no_forums, protect=data_dir) + write_report(
        report, G, "md", out_dir, no_forums, protect=data_dir
    )
    job.report_files = list(dict.fromkeys(written))  # both formats share the interactive page
    return job
