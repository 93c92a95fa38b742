"""The store: the one place that opens a connection, owns every table and runs every query."""

from clearsight.store.db import DEFAULT_DB, Store, StoreError, resolve_db_path

__all__ = ["DEFAULT_DB", "Store", "StoreError", "resolve_db_path"]
