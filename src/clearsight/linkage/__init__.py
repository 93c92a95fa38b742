"""Identity resolution: the agency subjects that are one person, and the persons that are one
household. See docs/linkage.md."""

from clearsight.linkage.review import ReviewError, decide, queue
from clearsight.linkage.run import LINK_WEIGHT, REVIEW_WEIGHT, LinkageError, LinkResult, link
from clearsight.linkage.views import PERSONS_COLUMNS, persons_csv, persons_json

__all__ = [
    "LINK_WEIGHT",
    "PERSONS_COLUMNS",
    "REVIEW_WEIGHT",
    "LinkResult",
    "LinkageError",
    "ReviewError",
    "decide",
    "link",
    "persons_csv",
    "persons_json",
    "queue",
]
