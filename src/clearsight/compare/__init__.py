"""Comparing authorities honestly: indicators from the published statistics, funnel plots,
control charts, statistical neighbours and trend divergence. See docs/compare.md."""
