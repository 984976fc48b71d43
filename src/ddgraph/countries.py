"""Country resolution: a country id from an id, an ISO code, or a name or alias in any language.

The analyses (``ddgraph channels USA "Trung Quốc"``) and the named queries (``ddgraph query
channels_between -p a=China``) resolve their country arguments here, against the Country nodes of the
graph they run on, so both accept the same spellings and refuse the same typos with the same hint.

Examples
--------
>>> countries = {"chn": {"iso3": "CHN", "name": "China", "name_vi": "Trung Quốc", "name_zh": "中国"},
...              "usa": {"iso3": "USA", "name": "United States", "aliases": ["US", "America"]}}
>>> [resolve_country(countries, text) for text in ("USA", "trung quoc", "中国", "America")]
['usa', 'chn', 'chn', 'usa']
>>> resolve_country(countries, "Chna")
Traceback (most recent call last):
...
ddgraph.errors.UnknownCountry: unknown country 'Chna' (did you mean China (CHN)?)
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Mapping
from typing import Any

import networkx as nx

from .errors import SameCountry, UnknownCountry

#: Country id -> its node properties (``iso3``, ``name``, ``name_<lang>``, ``aliases``).
Countries = Mapping[str, Mapping[str, Any]]


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", _norm(text).replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def countries_of(G: nx.MultiDiGraph | Countries) -> Countries:
    """The Country nodes of a base graph as ``{id: properties}`` (a mapping is returned as it is)."""
    if isinstance(G, nx.Graph):
        return {n: d for n, d in G.nodes(data=True) if "Country" in d.get("labels", ())}
    return G


def country_names(G: nx.MultiDiGraph | Countries) -> dict[str, str]:
    """Every normalized id, ISO code, name and alias of the countries -> country id."""
    names: dict[str, str] = {}
    for n, data in sorted(countries_of(G).items()):
        keys = [
            n,
            data.get("iso3"),
            data.get("name"),
            *(v for k, v in data.items() if k.startswith("name_")),
            *data.get("aliases", ()),
        ]
        for key in keys:
            if isinstance(key, str) and key.strip():
                names.setdefault(_norm(key), n)
                names.setdefault(_fold(key), n)
    return names


def resolve_country(G: nx.MultiDiGraph | Countries, text: str) -> str:
    """The id of the country named ``text``: id, ISO 3166 code (any case), or a name/alias in any language.

    ``G`` is a base graph or a ``{country id: properties}`` mapping. Raises
    :class:`~ddgraph.errors.UnknownCountry` with suggestions when nothing matches.
    """
    countries = countries_of(G)
    names = country_names(countries)
    for key in (_norm(text), _fold(text)):
        if key in names:
            return names[key]
    try:  # official names and alpha-2 codes the dataset does not spell out ("US", "Viet Nam")
        import pycountry

        found = pycountry.countries.lookup(text.strip())
        if found.alpha_3.lower() in countries:
            return str(found.alpha_3.lower())
    except LookupError:
        pass
    close = difflib.get_close_matches(_fold(text), list(names), n=6, cutoff=0.6)
    ids = list(dict.fromkeys(names[c] for c in close))[:3]
    hint = " or ".join(f"{countries[i].get('name', i)} ({countries[i].get('iso3', i.upper())})" for i in ids)
    raise UnknownCountry(
        f"unknown country {text!r}" + (f" (did you mean {hint}?)" if hint else " (not in the dataset)")
    )


def check_pair(a: str, b: str) -> None:
    """Raise :class:`~ddgraph.errors.SameCountry` when a pair of country ids names one country twice.

    >>> check_pair("usa", "usa")
    Traceback (most recent call last):
    ...
    ddgraph.errors.SameCountry: a pair needs two different countries, not 'usa' twice
    """
    if a == b:
        raise SameCountry(f"a pair needs two different countries, not {a!r} twice")


def resolve_pair(G: nx.MultiDiGraph | Countries, a: str, b: str) -> tuple[str, str]:
    """Two different countries; :class:`~ddgraph.errors.SameCountry` when both name the same one.

    >>> resolve_pair({"usa": {"iso3": "USA", "name": "United States"}}, "usa", "United States")
    Traceback (most recent call last):
    ...
    ddgraph.errors.SameCountry: 'usa' and 'United States' are the same country (usa); give two countries
    """
    ca, cb = resolve_country(G, a), resolve_country(G, b)
    if _norm(a) == _norm(b):
        check_pair(a, b)
    if ca == cb:
        raise SameCountry(f"{a!r} and {b!r} are the same country ({ca}); give two countries")
    return ca, cb
