"""Naming conventions of ids and sources (DD6xx): what an id spells (its countries, its date, its site).

The helpers (:func:`id_date`, :func:`sole_title`, :func:`site_prefix`) read the conventions of
research/CURATING.md; the DD6 rules hold records to them (and DD605, a source no fact cites).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

import pycountry

from .. import model as m
from ..dataset import _cited_items
from .context import Context, Hit, _end, _overlap

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
