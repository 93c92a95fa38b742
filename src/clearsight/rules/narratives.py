"""Reading every event's narrative once, with `clearsight.text`, before the rules run."""

from __future__ import annotations

from collections.abc import Callable

from clearsight.store import Store
from clearsight.store import narratives as db
from clearsight.text import read

#: Bump when the reader changes what it finds: every narrative is then read again.
READER_VERSION = 4


def read_narratives(
    store: Store, progress: Callable[[int], None] | None = None, *, scoped: bool = False
) -> int:
    """Read the descriptions of the current events not yet read; return how many were read.
    `scoped`: only those of the events of a scoped detection run's persons
    (`clearsight.store.rules.prepare_people`)."""
    done = 0
    for batch in db.unread(store, READER_VERSION, scoped=scoped):
        read_rows: list[tuple[str, str, int, int]] = []
        facts: list[dict[str, object]] = []
        for agency, record_id, version, description in batch:
            found = read(description)
            read_rows.append((agency, record_id, version, len(found)))
            for fact in found:
                facts.append(
                    {
                        "agency": agency,
                        "record_id": record_id,
                        "version": version,
                        "kind": fact.kind,
                        "value": fact.value,
                        "polarity": fact.polarity,
                        "start": fact.start,
                        "end": fact.end,
                        "span_text": fact.span_text,
                        "body_sites": fact.body_sites,
                        "patterned": fact.patterned,
                        "about": fact.about,
                        "cue": fact.cue,
                    }
                )
        db.save(store, READER_VERSION, read_rows, facts)
        done += len(batch)
        if progress:
            progress(len(batch))
    return done
