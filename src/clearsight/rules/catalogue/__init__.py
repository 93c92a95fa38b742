"""The catalogue: importing this package registers every rule."""

from clearsight.rules.catalogue import cumulative, injuries, patterns, social_care

__all__ = ["cumulative", "injuries", "patterns", "social_care"]
