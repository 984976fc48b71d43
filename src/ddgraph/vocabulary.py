"""The dataset's words as analyses, the CLI and the Cypher files use them, derived from the model's enums.

The enums of :mod:`ddgraph.model` are the one declaration of every kind, track, level, status and
outcome; this module only turns them into the plain strings the property graph holds (choice lists,
sets, ranks), so that adding a member to an enum reaches every command and analysis at once.

Examples
--------
>>> TRACK_RANK["1"] < TRACK_RANK["1.5"] < TRACK_RANK["2"]
True
>>> sorted(OPEN)
['active', 'resumed']
>>> "hotline" in MECHANISM_KINDS
True
"""

from __future__ import annotations

from . import model as m


def _values(members: object) -> tuple[str, ...]:
    return tuple(str(x.value) for x in members)  # type: ignore[attr-defined]


#: Every mechanism kind, in declaration order (``--kind`` and ``--exclude-kind`` choices).
MECHANISM_KINDS: tuple[str, ...] = _values(m.MechanismKind)
#: Every event kind, in declaration order.
EVENT_KINDS: tuple[str, ...] = _values(m.EventKind)
#: Channel tracks from the most official (``--channel-track`` choices).
TRACKS: tuple[str, ...] = _values(m.Track)
#: Levels from the highest.
LEVELS: tuple[str, ...] = _values(m.Level)
#: Every status of a mechanism's history.
STATUSES: tuple[str, ...] = _values(m.Status)

#: Statuses in which a channel is open for use on a day ("open on a day").
OPEN: frozenset[str] = frozenset(_values(m.OPEN_STATUSES))
#: Outcomes of a use meaning nobody picked up (``--require-answered`` counts such a channel as closed).
FAILED_OUTCOMES: frozenset[str] = frozenset(_values(m.FAILED_OUTCOMES))
#: Outcomes of an event that did not take place: its attendees did not meet ("met").
NOT_HELD: frozenset[str] = frozenset(_values(m.NOT_HELD))

#: Rank of a track (0 = most official), from the enum's declaration order.
TRACK_RANK: dict[str, int] = {t: i for i, t in enumerate(TRACKS)}
#: Rank of a level (0 = highest), from the enum's declaration order.
LEVEL_RANK: dict[str, int] = {lv: i for i, lv in enumerate(LEVELS)}


def camel(kind: str) -> str:
    """``track1_dialogue`` -> ``Track1Dialogue``: the second label a kind gives a node.

    >>> camel("two_plus_two")
    'TwoPlusTwo'
    """
    return "".join(part[:1].upper() + part[1:] for part in kind.split("_"))


#: The second labels of Mechanism and Event nodes (one per kind), e.g. ``Hotline``, ``Call``.
KIND_LABELS: frozenset[str] = frozenset(camel(k) for k in (*MECHANISM_KINDS, *EVENT_KINDS))
