"""Clearsight: one multi-agency chronology per child, read for risk, with someone accountable."""

__version__ = "0.1.0"
