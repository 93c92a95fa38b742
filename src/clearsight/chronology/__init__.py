"""The merged multi-agency chronology of one child, and its exports."""

from clearsight.chronology.build import (
    Chronology,
    ChronologyError,
    Entry,
    assemble,
    build_chronology,
    parse_subject_key,
)
from clearsight.chronology.render import FORMATS, render

__all__ = [
    "FORMATS",
    "Chronology",
    "ChronologyError",
    "Entry",
    "assemble",
    "build_chronology",
    "parse_subject_key",
    "render",
]
