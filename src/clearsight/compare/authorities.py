"""Who is who: authority keys, the old and new codes, the reorganisations, name look-up.

Each authority is keyed by its three-digit DfE local authority number (the "old LA code",
for example `309` for Haringey), because that number survived the 2023 change of ONS codes for
North Yorkshire and Somerset, and is the code the statistical neighbour model uses. The
current ONS code (`E09000014`) is the `authority_code` shown to people. England is `ENG`.
A joint return (Kingston and Richmond's workforce return) is keyed `314/318`.

Reorganisations are explicit, never guessed from the data: a series is never spliced across
a reorganisation. A predecessor keeps its own rows up to its last year; a successor starts
with its first year; reports on a successor say so (see `predecessors_of`).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

ENGLAND_KEY = "ENG"
ENGLAND_CODE = "E92000001"


@dataclass(frozen=True)
class Reorganisation:
    """Authorities that ceased on 1 April of `year`, replaced by `successors`."""

    year: int
    predecessors: tuple[str, ...]
    successors: tuple[str, ...]
    note: str


REORGANISATIONS: tuple[Reorganisation, ...] = (
    Reorganisation(
        2009, ("820",), ("822", "823"),
        "Bedfordshire replaced by Bedford and Central Bedfordshire (1 April 2009).",
    ),
    Reorganisation(
        2009, ("875",), ("895", "896"),
        "Cheshire replaced by Cheshire East and Cheshire West and Chester (1 April 2009).",
    ),
    Reorganisation(
        2019, ("835", "836", "837"), ("838", "839"),
        "Dorset, Poole and Bournemouth replaced by Dorset and Bournemouth, Christchurch and "
        "Poole (1 April 2019).",
    ),
    Reorganisation(
        2021, ("928",), ("940", "941"),
        "Northamptonshire replaced by North and West Northamptonshire (1 April 2021).",
    ),
    Reorganisation(
        2023, ("909",), ("942", "943"),
        "Cumbria replaced by Cumberland and Westmorland and Furness (1 April 2023).",
    ),
)

CODE_CHANGES: dict[str, tuple[str, str, int]] = {
    "815": ("E10000023", "E06000065", 2023),
    "933": ("E10000027", "E06000066", 2023),
}
"""Same authority, same children's services, new ONS code from April 2023 (North Yorkshire and
Somerset became unitary). Their series continue under one key; the newer code is shown."""

JOINT_RETURNS: dict[str, tuple[str, ...]] = {
    "314/318": ("314", "318"),
    "940/941": ("940", "941"),
}
"""Joint returns in the workforce census, kept as their own unit (never split or copied)."""

_ALIASES = {
    "bristol": "bristol city of",
    "bedford borough": "bedford",
    "herefordshire": "herefordshire county of",
    "hull": "kingston upon hull city of",
    "kingston upon hull": "kingston upon hull city of",
    "durham": "county durham",
    "st helens": "st helens",
    "bcp": "bournemouth christchurch and poole",
    "southend": "southend on sea",
    "telford": "telford and wrekin",
}


def normalise_name(name: str) -> str:
    """Lower case, '&' as 'and', punctuation and the words 'council'/'borough of' dropped."""
    text = name.lower().replace("&", " and ").replace("st.", "st")
    text = re.sub(r"[^a-z0-9 ]+", " ", text)
    text = re.sub(
        r"\b(council|metropolitan borough|london borough of|royal borough of)\b", " ", text
    )
    text = re.sub(r"\s+", " ", text).strip()
    return _ALIASES.get(text, text)


def predecessors_of(key: str) -> list[Reorganisation]:
    """The reorganisations that created `key`, if any."""
    return [r for r in REORGANISATIONS if key in r.successors]


def successors_of(key: str) -> list[Reorganisation]:
    """The reorganisations that ended `key`, if any."""
    return [r for r in REORGANISATIONS if key in r.predecessors]


def split_joint_key(old_code: str) -> str:
    """'314 / 318' → '314/318'; a plain code stays as it is."""
    return "/".join(part.strip() for part in old_code.split("/"))


@dataclass(frozen=True)
class AuthorityRef:
    key: str
    code: str
    name: str


class UnknownAuthorityError(LookupError):
    """No authority matched; the message lists the closest names."""

    def __init__(self, query: str, suggestions: list[str]) -> None:
        self.query = query
        self.suggestions = suggestions
        hint = (
            "Did you mean: " + "; ".join(suggestions) + "?"
            if suggestions
            else "Use a name such as 'Haringey', an ONS code such as E09000014 or a DfE number "
            "such as 309; `clearsight compare --indicators --format csv` lists them all."
        )
        super().__init__(f"No local authority matches {query!r}. {hint}")


def resolve(query: str, authorities: list[AuthorityRef]) -> AuthorityRef:
    """Find one authority by ONS code, DfE number or name (case and punctuation ignored)."""
    wanted = query.strip()
    for ref in authorities:
        if wanted.upper() == ref.code.upper() or wanted == ref.key:
            return ref
    norm = normalise_name(wanted)
    exact = [ref for ref in authorities if normalise_name(ref.name) == norm]
    if len(exact) == 1:
        return exact[0]
    by_norm = {normalise_name(ref.name): ref for ref in authorities}
    close = difflib.get_close_matches(norm, list(by_norm), n=5, cutoff=0.6)
    starts = [n for n in by_norm if n.startswith(norm) and n not in close] if norm else []
    names = [f"{by_norm[n].name} ({by_norm[n].code})" for n in [*close, *starts][:5]]
    raise UnknownAuthorityError(query, names)
