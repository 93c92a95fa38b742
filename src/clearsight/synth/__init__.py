"""Synthetic local authorities: multi-agency records with ground truth.

`generate` writes one exchange-format file per agency, the statutory returns (CIN census XML,
SSDA903 tables) and a `truth/` folder, for an authority of a given size, calibrated to England
(or a named authority) in the year to 31 March 2025. See `docs/synthetic-data.md`.
"""

from clearsight.synth.calendar import END_DATE
from clearsight.synth.calibration import (
    ENGLAND_2025,
    Rates,
    StatsError,
    authority_rates,
    default_stats_dir,
)
from clearsight.synth.generate import Summary, generate

__all__ = ["END_DATE", "ENGLAND_2025", "Rates", "StatsError", "Summary", "authority_rates",
           "default_stats_dir", "generate"]
