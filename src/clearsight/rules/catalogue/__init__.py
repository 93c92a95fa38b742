"""The catalogue: importing this package registers every rule."""

from clearsight.rules.catalogue import (
    cs024_cumulative_neglect,
    cumulative,
    injuries,
    patterns,
    social_care,
)

__all__ = ["cs024_cumulative_neglect", "cumulative", "injuries", "patterns", "social_care"]
