"""The catalogue: importing this package registers every rule."""

from clearsight.rules.catalogue import injuries, patterns, social_care

__all__ = ["injuries", "patterns", "social_care"]
