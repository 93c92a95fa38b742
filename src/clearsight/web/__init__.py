"""The web application (FastAPI, GOV.UK Frontend): alerts, chronologies and people, by role."""

from clearsight.web.app import create_app

__all__ = ["create_app"]
