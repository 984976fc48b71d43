"""The ddgraph data model: every record kind of ``graph/*.yaml`` and its constraints.

This is the one place where the shape of the dataset is defined (house style: constraints live in the
model, not in the loader). The loader (:mod:`ddgraph.dataset`) parses YAML into these models and then
runs the cross-record checks that a single record cannot make (dangling references, duplicates).

Dates are EDTF (ISO 8601-2) strings parsed by the ``edtf`` library and kept with their precision:
``"2023-03"`` is the month of March 2023, ``"2007-41"`` the second half of 2007 ("late 2007"),
``"2021~"`` approximately 2021, ``"2021-03-18/2021-03-19"`` an interval. See :class:`Edtf`.

Why one module of over 450 lines: the house style asks for one model module, the one declaration
of kinds, enums and references that the checker, the graph, the CLI choices and the vocabulary
derive from; splitting it would make readers assemble the schema from several files.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from functools import cache, lru_cache
from typing import Annotated, Any

import edtf
import pycountry
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    HttpUrl,
    PlainSerializer,
    Strict,
    StrictBool,
    StrictInt,
    StringConstraints,
    WithJsonSchema,
    field_validator,
    model_validator,
)

SLUG_RE = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
#: Longest text accepted in any string field; protects exports and Neo4j from runaway values.
MAX_TEXT = 4000

Slug = Annotated[str, StringConstraints(pattern=SLUG_RE, max_length=80)]
#: C0/C1 control characters (tab, newline and carriage return aside): they corrupt terminals and XML.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _no_control(text: str) -> str:
    bad = _CONTROL_RE.search(text)
    if bad is not None:
        raise ValueError(f"control character U+{ord(bad.group()):04X} in text; remove it")
    return text


Text = Annotated[
    str, Strict(), StringConstraints(min_length=1, max_length=MAX_TEXT), AfterValidator(_no_control)
]
Lang = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(?:-[A-Za-z]{2,4})?$")]


# --------------------------------------------------------------------------------------------- dates
class Precision(StrEnum):
    """How precise a date is, from the EDTF text it came from."""

    DAY = "day"
    MONTH = "month"
    SEASON = "season"  # EDTF 21-41: seasons, quarters, halves ("late 2007" = 2007-41)
    YEAR = "year"
    DECADE = "decade"
    INTERVAL = "interval"


_SUBYEAR_RE = re.compile(r"^-?\d{4}-(2[1-9]|3\d|4[01])")
_PLAIN_DATE_RE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")


def _plain_bounds(text: str) -> tuple[dt.date, dt.date, Precision] | None:
    """Bounds of a plain ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` without the edtf grammar, or None.

    The edtf library's pyparsing grammar costs milliseconds per distinct string (6 ms: 1 s of the 2 s
    of ``ddgraph validate graph/`` before intervals of two plain dates took this path too); these three
    forms, alone or as the two ends of an interval, are nearly every date in the files, and for them
    this gives exactly what :func:`parse_date` derives from edtf. Anything else (seasons, qualifiers,
    open ends, year 0, impossible days) returns None and goes through edtf, so its messages are
    unchanged.
    """
    match = _PLAIN_DATE_RE.fullmatch(text)
    if match is None:
        return None
    year, month, day = match.groups()
    y = int(year)
    if y < 1:
        return None
    try:
        if day is not None:
            d = dt.date(y, int(month), int(day))
            return d, d, Precision.DAY
        if month is not None:
            mo = int(month)
            first = dt.date(y, mo, 1)
            nxt = dt.date(y + 1, 1, 1) if mo == 12 else dt.date(y, mo + 1, 1)
            return first, nxt - dt.timedelta(days=1), Precision.MONTH
        return dt.date(y, 1, 1), dt.date(y, 12, 31), Precision.YEAR
    except (ValueError, OverflowError):
        return None


def _struct_to_date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, float):  # edtf returns +/-inf for open ends
        return None
    return dt.date(value.tm_year, value.tm_mon, value.tm_mday)


class DateValue(BaseModel):
    """A parsed EDTF date: the original text, its precision and its earliest/latest day.

    ``earliest`` and ``latest`` are the strict bounds of what the text can mean: ``2023-03`` spans
    2023-03-01 .. 2023-03-31. An open interval end (``2024-01/..``) has ``latest`` = None.

    What "active on D" means for a status that started at an imprecise date is decided by
    :func:`ddgraph.timeutil.started_by` (``possible`` mode: on or after ``earliest``; ``certain`` mode:
    on or after ``latest``).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    edtf: str
    precision: Precision
    earliest: dt.date
    latest: dt.date | None
    approximate: bool = False
    uncertain: bool = False

    def __str__(self) -> str:
        return self.edtf


@lru_cache(maxsize=65536)
def parse_date(text: str) -> DateValue:
    """Parse an EDTF string into a :class:`DateValue`; raise ``ValueError`` with a readable message.

    >>> parse_date("2023-03").earliest, parse_date("2023-03").latest
    (datetime.date(2023, 3, 1), datetime.date(2023, 3, 31))
    >>> parse_date("2007-41").precision.value
    'season'
    """
    text = text.strip()
    plain = _plain_bounds(text)
    if plain is not None:
        return DateValue(edtf=text, precision=plain[2], earliest=plain[0], latest=plain[1])
    start, slash, end = text.partition("/")
    if slash and (a := _plain_bounds(start)) is not None and (b := _plain_bounds(end)) is not None:
        # an interval of two plain dates (most of the curated file's intervals): what edtf derives
        if b[1] < a[0]:
            raise ValueError(f"interval ends before it starts: {text!r}")
        return DateValue(edtf=text, precision=Precision.INTERVAL, earliest=a[0], latest=b[1])
    try:
        parsed = edtf.parse_edtf(text)
    except Exception as e:  # the edtf library raises its own EDTFParseException and a few others
        raise ValueError(
            f"not an EDTF date: {text!r} (use e.g. 2025-10-31, 2023-03, 2007, 2007-41 for late 2007, "
            "2021~ approximate, 2023? uncertain, 2021-03-18/2021-03-19 interval)"
        ) from e
    try:
        earliest = _struct_to_date(parsed.lower_strict())
        latest = _struct_to_date(parsed.upper_strict())
    except (ValueError, OverflowError) as e:
        raise ValueError(f"date out of range: {text!r}") from e
    if earliest is None:
        raise ValueError(f"a date needs a known start: {text!r}")
    core = text.rstrip("~?%")
    if "/" in text:
        precision = Precision.INTERVAL
    elif _SUBYEAR_RE.match(core):
        precision = Precision.SEASON
    elif re.fullmatch(r"-?\d{4}-\d{2}-\d{2}", core):
        precision = Precision.DAY
    elif re.fullmatch(r"-?\d{4}-\d{2}", core):
        precision = Precision.MONTH
    elif re.fullmatch(r"-?\d{3}[0-9X]", core) and core.endswith("X"):
        precision = Precision.DECADE
    else:
        precision = Precision.YEAR
    if latest is not None and latest < earliest:
        raise ValueError(f"interval ends before it starts: {text!r}")
    return DateValue(
        edtf=text,
        precision=precision,
        earliest=earliest,
        latest=latest,
        approximate="~" in text or "%" in text,
        uncertain="?" in text or "%" in text,
    )


def _to_date(value: Any) -> DateValue:
    if isinstance(value, DateValue):
        return value
    if isinstance(value, str) and "T" in value:
        raise ValueError(f"a date, not a timestamp, is expected: {value!r} (write the day, e.g. 2023-03-01)")
    if isinstance(value, dt.datetime):
        raise ValueError("a date, not a timestamp, is expected")
    if isinstance(value, dt.date):  # YAML reads an unquoted 2025-10-31 as a date
        return parse_date(value.isoformat())
    if isinstance(value, int) and not isinstance(value, bool):  # YAML reads 2007 as an int
        return parse_date(f"{value:04d}")
    if isinstance(value, str):
        return parse_date(value)
    raise ValueError(f"a date is expected (EDTF text such as 2023-03), got {type(value).__name__}")


#: A date field: accepts EDTF text (or what YAML made of it) and serializes back to the EDTF text.
EdtfDate = Annotated[
    DateValue,
    BeforeValidator(_to_date),
    PlainSerializer(lambda d: d.edtf, return_type=str),
    WithJsonSchema({"type": "string", "format": "edtf"}),
]


# ------------------------------------------------------------------------------------------- enums
class OrgKind(StrEnum):
    GOVERNMENT = "government"
    MINISTRY = "ministry"
    MILITARY = "military"
    COMMAND = "command"
    OFFICE = "office"
    AGENCY = "agency"
    LEGISLATURE = "legislature"
    THINK_TANK = "think_tank"
    UNIVERSITY = "university"
    FORUM = "forum"
    ALLIANCE = "alliance"
    INTERNATIONAL = "international_organization"
    MEDIA = "media"
    PARTY = "party"


class MechanismKind(StrEnum):
    HOTLINE = "hotline"
    TWO_PLUS_TWO = "two_plus_two"
    TRACK1_DIALOGUE = "track1_dialogue"
    TRACK2_DIALOGUE = "track2_dialogue"
    TRILATERAL_MEETING = "trilateral_meeting"
    MULTILATERAL_FORUM = "multilateral_forum"
    DEFENSE_MINISTERS_DIALOGUE = "defense_ministers_dialogue"
    MILITARY_TALKS = "military_talks"
    AGREEMENT = "agreement"
    JOINT_EXERCISE_SERIES = "joint_exercise_series"


class Track(StrEnum):
    """How official a channel is, declared from the most official (the order is the rank analyses use)."""

    ONE = "1"
    ONE_HALF = "1.5"
    TWO = "2"


class Level(StrEnum):
    """Who takes part, declared from the highest level (the order is the rank analyses use)."""

    LEADER = "leader"
    MINISTERIAL = "ministerial"
    SENIOR_OFFICIAL = "senior_official"
    WORKING = "working"


class Status(StrEnum):
    PROPOSED = "proposed"
    AGREED = "agreed"
    ACTIVE = "active"
    SUSPENDED = "suspended"
    RESUMED = "resumed"
    DORMANT = "dormant"
    TERMINATED = "terminated"


#: Statuses in which a channel is open for use on a date.
OPEN_STATUSES = frozenset({Status.ACTIVE, Status.RESUMED})


class EventKind(StrEnum):
    SESSION = "session"  # a session/round of a mechanism
    MEETING = "meeting"
    CALL = "call"  # phone or video call, answered or not
    SIGNING = "signing"
    SUSPENSION = "suspension"
    RESUMPTION = "resumption"
    SANCTION = "sanction"
    VISIT = "visit"
    REFUSAL = "refusal"
    EXERCISE = "exercise"
    STATEMENT = "statement"
    ANNOUNCEMENT = "announcement"
    SUMMIT = "summit"
    INCIDENT = "incident"  # a military incident that triggered diplomacy (e.g. the 2023 balloon shoot-down)


class Outcome(StrEnum):
    """What happened: a call answered or left ringing, a meeting held or declined."""

    HELD = "held"
    ANSWERED = "answered"
    DECLINED = "declined"
    UNANSWERED = "unanswered"
    CANCELLED = "cancelled"
    PLANNED = "planned"


#: Outcomes of a use meaning the other side did not pick up: the channel exists, but was not used.
FAILED_OUTCOMES = frozenset({Outcome.DECLINED, Outcome.UNANSWERED})
#: Outcomes meaning the event did not take place: its attendees did not meet at it.
NOT_HELD = FAILED_OUTCOMES | {Outcome.CANCELLED, Outcome.PLANNED}


class ParticipantRole(StrEnum):
    MEMBER = "member"
    HOST = "host"
    LEAD = "lead"
    ORGANIZER = "organizer"
    CONVENER = "convener"
    FUNDER = "funder"
    OBSERVER = "observer"
    SUPPORT = "support"
    SIGNATORY = "signatory"


class AttendanceRole(StrEnum):
    PARTICIPANT = "participant"
    HEAD_OF_DELEGATION = "head_of_delegation"
    HOST = "host"
    GUEST = "guest"
    CALLER = "caller"
    CALLEE = "callee"
    REQUESTER = "requester"
    SIGNATORY = "signatory"
    ADVISER = "adviser"
    ORGANIZER = "organizer"
    DELEGATE = "delegate"
    SPOKESPERSON = "spokesperson"
    SPEAKER = "speaker"
    VISITOR = "visitor"
    INITIATOR = "initiator"
    TARGET = "target"


class PlaceKind(StrEnum):
    CITY = "city"
    STATE = "state"
    REGION = "region"
    SEA = "sea"
    VENUE = "venue"
    STRAIT = "strait"


# ------------------------------------------------------------------------------------- references
@dataclass(frozen=True)
class Ref:
    """Declares that a field holds the id of another record: the kinds it may name and the relationship
    it becomes in the property graph. On a list of :class:`Link`, it applies to each link's ``ref``.

    The loader's cross-check and the property graph read these declarations (:func:`references`),
    so a reference is declared once, here.
    """

    kinds: tuple[str, ...]
    rel: str


COUNTRY = ("countries",)
COUNTRY_OR_ORG = ("countries", "organizations")
#: Who can attend, refuse or be sanctioned: a person, a country or an organization.
PARTY = ("persons", "countries", "organizations")


# ------------------------------------------------------------------------------------- provenance
class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Evidence(_Strict):
    """A verbatim supporting sentence from a source, in its original language."""

    source: Slug
    quote: Text
    lang: Lang | None = None


class Cited(_Strict):
    """Anything that states a fact: it cites sources and, for seed sources, quotes them."""

    sources: list[Slug] = Field(min_length=1)
    evidence: list[Evidence] = Field(default_factory=list)
    note: Text | None = None

    @field_validator("sources")
    @classmethod
    def _unique_sources(cls, v: list[str]) -> list[str]:
        if len(set(v)) != len(v):
            raise ValueError("a source is listed twice")
        return v


class Names(_Strict):
    """A name in the languages the sources use (ISO 639-1 keys); English first when known."""

    en: Text | None = None
    vi: Text | None = None
    zh: Text | None = None
    ja: Text | None = None
    ko: Text | None = None

    @model_validator(mode="after")
    def _at_least_one(self) -> Names:
        if not self.items():
            raise ValueError("a name in at least one language is required")
        return self

    def best(self) -> str:
        """The name in the first language given (English when known)."""
        return self.items()[0][1]

    def items(self) -> list[tuple[str, str]]:
        """The (language, name) pairs given, in the order of the fields."""
        return [(lang, v) for lang in _NAME_LANGS if (v := getattr(self, lang))]


#: The languages of :class:`Names`, in the order of its fields.
_NAME_LANGS = tuple(Names.model_fields)


Aliases = dict[Lang, list[Text]]


class Record(Cited):
    """A node of the graph: every kind has a stable slug id and is cited."""

    id: Slug


# ----------------------------------------------------------------------------------------- sources
class Source(_Strict):
    """A document the facts come from: a seed article or a page verified with the look-up tool."""

    id: Slug
    publisher: Text
    title: Text
    published: EdtfDate | None = None
    language: Lang
    url: HttpUrl | None = None
    seed: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.-]+\.txt$")] | None = None
    verified: StrictBool = Field(
        default=False, description="true when the URL and text were checked in the look-up tool's pages"
    )
    note: Text | None = None

    @model_validator(mode="after")
    def _seed_or_url(self) -> Source:
        if self.seed is None and self.url is None:
            raise ValueError("a source needs a verified url or a seed file name")
        if self.url is not None and not self.verified and self.seed is None:
            raise ValueError("a url that was not verified must not be recorded (set verified: true)")
        return self


# ---------------------------------------------------------------------------------------- countries
def _check_iso3(code: str) -> str:
    if pycountry.countries.get(alpha_3=code) is None:
        raise ValueError(f"unknown ISO 3166 alpha-3 country code: {code!r}")
    return code


class Country(Record):
    """A state, identified by its ISO 3166 alpha-3 code; its id is the code in lower case."""

    iso3: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$"), AfterValidator(_check_iso3)]
    name: Names
    aliases: Aliases = Field(default_factory=dict)

    @model_validator(mode="after")
    def _id_is_code(self) -> Country:
        if self.id != self.iso3.lower():
            raise ValueError(f"a country's id must be its ISO code in lower case: {self.iso3.lower()!r}")
        return self


class Place(Record):
    name: Names
    kind: PlaceKind
    country: Annotated[Slug | None, Ref(COUNTRY, "LOCATED_IN")] = None
    aliases: Aliases = Field(default_factory=dict)


class Organization(Record):
    """A ministry, military body, command, think tank, forum... part of a country or a parent body."""

    name: Names
    kind: OrgKind
    part_of: Annotated[Slug | None, Ref(COUNTRY_OR_ORG, "PART_OF")] = Field(
        default=None, description="a country id or a parent organization id"
    )
    aliases: Aliases = Field(default_factory=dict)


class OfficeHolding(Cited):
    """A person holding an office in an organization, from/to (open when still in office or unknown)."""

    org: Annotated[Slug, Ref(("organizations",), "HOLDS_OFFICE")]
    title: Text
    start: EdtfDate | None = Field(default=None, alias="from")
    end: EdtfDate | None = Field(default=None, alias="to")

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Person(Record):
    name: Names
    aliases: Aliases = Field(default_factory=dict)
    nationality: Annotated[Slug | None, Ref(COUNTRY, "CITIZEN_OF")] = None
    offices: list[OfficeHolding] = Field(default_factory=list)
    description: Text | None = None


class Participation(Cited):
    """A country or organization taking part in a mechanism, with its role and dates."""

    party: Annotated[Slug, Ref(COUNTRY_OR_ORG, "PARTICIPATES_IN")]
    role: ParticipantRole = ParticipantRole.MEMBER
    start: EdtfDate | None = Field(default=None, alias="from")
    end: EdtfDate | None = Field(default=None, alias="to")

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class StatusEntry(Cited):
    """A change of a mechanism's status on a date, with the event that triggered it when known."""

    status: Status
    date: EdtfDate
    event: Annotated[Slug | None, Ref(("events",), "TRIGGERED_BY")] = None
    lower_bound: StrictBool = Field(
        default=False,
        description=(
            "only on the first entry: the channel is known to be in this status from this date, but it is"
            " older (its founding could not be verified), so analyses must not read it as born here"
        ),
    )


class Mechanism(Record):
    """A standing channel: hotline, 2+2, Track 1/2 dialogue, trilateral or multilateral forum..."""

    name: Names
    aliases: Aliases = Field(default_factory=dict)
    kind: MechanismKind
    track: Track
    level: Level
    topics: list[Text] = Field(default_factory=list)
    participants: list[Participation] = Field(min_length=1)
    status: list[StatusEntry] = Field(default_factory=list)
    description: Text | None = None


class Attendance(Cited):
    party: Annotated[Slug, Ref(PARTY, "ATTENDED")]
    role: AttendanceRole = AttendanceRole.PARTICIPANT


class Link(Cited):
    """A cited pointer to another record (cause, sanction target, refusing party)."""

    ref: Slug


class Sanction(Cited):
    by: Annotated[Slug, Ref(COUNTRY_OR_ORG, "SANCTIONED")]
    target: Annotated[Slug, Ref(("persons", "organizations", "countries"), "SANCTIONED")]


class Event(Record):
    """A dated occurrence: a session of a mechanism, a meeting, a call, a signing, a suspension..."""

    name: Names
    kind: EventKind
    date: EdtfDate
    mechanism: Annotated[Slug | None, Ref(("mechanisms",), "OF_MECHANISM")] = None
    place: Annotated[Slug | None, Ref(("places",), "HELD_IN")] = None
    outcome: Outcome | None = None
    session_number: Annotated[StrictInt, Field(ge=1, le=10000)] | None = None
    description: Text | None = None
    attendees: list[Attendance] = Field(default_factory=list)
    caused_by: Annotated[list[Link], Ref(("events",), "CAUSED")] = Field(default_factory=list)
    refused_by: Annotated[list[Link], Ref(PARTY, "REFUSED")] = Field(default_factory=list)
    sanctions: list[Sanction] = Field(default_factory=list)

    @model_validator(mode="after")
    def _kind_rules(self) -> Event:
        if self.refused_by and self.outcome not in (Outcome.DECLINED, Outcome.UNANSWERED, Outcome.CANCELLED):
            raise ValueError("an event refused by someone needs outcome declined, unanswered or cancelled")
        if self.sanctions and self.kind is not EventKind.SANCTION:
            raise ValueError("only an event of kind sanction can list sanctions")
        return self


#: The top-level keys of a graph file and the model each list holds, in load order.
KINDS: dict[str, type[BaseModel]] = {
    "sources": Source,
    "countries": Country,
    "places": Place,
    "organizations": Organization,
    "persons": Person,
    "mechanisms": Mechanism,
    "events": Event,
}


def ref_of(model: type[BaseModel], name: str) -> Ref | None:
    """The :class:`Ref` a field of ``model`` declares, or None.

    >>> ref_of(Place, "country")
    Ref(kinds=('countries',), rel='LOCATED_IN')
    """
    return next((x for x in model.model_fields[name].metadata if isinstance(x, Ref)), None)


@cache
def _field_refs(model: type[BaseModel]) -> tuple[tuple[str, Ref | None], ...]:
    """Each field of ``model`` with the :class:`Ref` it declares (or None), in field order: read once
    a model, not once a record (a field's metadata is looked up through pydantic's descriptors)."""
    return tuple((name, ref_of(model, name)) for name in model.model_fields)


def references(record: BaseModel) -> Iterator[tuple[tuple[str | int, ...], str, Ref]]:
    """Every reference a record holds, as ``(location, target id, declaration)``, in field order.

    The location is the pydantic-style path of the id (``("offices", 0, "org")``, ``("caused_by", 1,
    "ref")``), the declaration the field's :class:`Ref`.

    >>> ev = Event(id="e", name={"en": "E"}, kind="meeting", date="2024", place="p", sources=["s"],
    ...            caused_by=[{"ref": "c", "sources": ["s"]}])
    >>> [(loc, target, ref.kinds) for loc, target, ref in references(ev)]
    [(('place',), 'p', ('places',)), (('caused_by', 0, 'ref'), 'c', ('events',))]
    """
    for name, ref in _field_refs(type(record)):
        value = getattr(record, name)
        if ref is not None and isinstance(value, str):
            yield (name,), value, ref
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if ref is not None and isinstance(item, Link):
                    yield (name, i, "ref"), item.ref, ref
                elif isinstance(item, BaseModel):
                    for loc, target, inner in references(item):
                        yield (name, i, *loc), target, inner
