"""What the pages show, computed from the library for one signed-in user: the alert inbox, an
alert, a person, search and the authority overview. Each method returns plain data (dicts and
lists) that a route renders as HTML or returns as JSON, so the two never differ.

The casebook is loaded once when the server starts: the store cannot change underneath it while
the server holds it (DuckDB lets one process write), except through the server itself, and the
server's own changes (acknowledgements) update it as they are made."""

from __future__ import annotations

import base64
import bisect
import datetime as dt
import hashlib
import hmac
import re
import secrets
import threading
from dataclasses import dataclass, field
from typing import Any

from clearsight.chronology import assemble
from clearsight.format.spec import AGENCY_LABELS, event_label
from clearsight.rules import REGISTRY, current_alerts
from clearsight.rules.engine import catalogue as load_catalogue
from clearsight.store import Store, audit
from clearsight.store import actions as store_actions
from clearsight.store.directory import directory, household_ids, latest_detection_as_of
from clearsight.store.linkage import PERSON_ID
from clearsight.store.serving import records_of
from clearsight.store.users import secret
from clearsight.web.auth import User

SEVERITIES = ("critical", "high", "medium", "low")
_RANK = {s: i for i, s in enumerate(SEVERITIES)}
#: "Raised more than N days ago" choices of the inbox.
AGE_CHOICES = (7, 30, 90, 180)
STATUSES = ("unacknowledged", "acknowledged", "all")
PAGE_SIZE = 50
#: Counts from 1 to SUPPRESS_BELOW - 1 are suppressed for the aggregate-only role.
SUPPRESS_BELOW = 5
UNALLOCATED = "Not allocated"
#: Events that mean a child was not seen when they should have been.
MISSED = frozenset({"appointment_not_attended", "visit_no_access", "school_absence",
                    "missing_education"})


#: Acknowledgements from the server go one at a time (DuckDB aborts one of two transactions
#: that change the same rows at once); audit entries go one at a time under their chain's lock.
WRITE_LOCK = threading.RLock()


class NotFound(Exception):
    """No such thing, or not one this user may know exists."""


class Forbidden(Exception):
    """The user's role may not see or do this."""


@dataclass
class InboxFilters:
    severity: list[str] = field(default_factory=list)
    rule: str | None = None
    team: str | None = None
    older_than: int | None = None
    status: str = "unacknowledged"
    page: int = 1

    def clean(self, rules: list[str], teams: list[str]) -> InboxFilters:
        """Unknown values are dropped rather than trusted (they come from the query string)."""
        return InboxFilters(
            severity=[s for s in SEVERITIES if s in self.severity],
            rule=self.rule if self.rule in rules else None,
            team=self.team if self.team in teams else None,
            older_than=self.older_than if self.older_than in AGE_CHOICES else None,
            status=self.status if self.status in STATUSES else "unacknowledged",
            page=max(1, self.page),
        )


def _pseudonym_code(key: str, person_id: str) -> str:
    digest = hmac.new(key.encode(), person_id.encode(), hashlib.sha256).digest()
    return base64.b32encode(digest).decode()[:8]


class Casebook:
    def __init__(self, store: Store, *, serving_copy: bool = False) -> None:
        #: the audit chain's head: the server is the store's only writer while it runs
        self.chain = audit.Chain()
        #: whether pages read people's records from the in-memory copy (`store.serving`)
        self.serving_copy = serving_copy
        load_catalogue()  # registers the rules: in a fresh process (the server) REGISTRY is empty
        self._key = secret(store, "pseudonym_key", lambda: secrets.token_hex(32))
        self.people: dict[str, dict[str, Any]] = {r["person_id"]: r for r in directory(store)}
        self.households = household_ids(store)
        self.household_members: dict[str, list[str]] = {}
        for person, homes in self.households.items():
            for home in homes:
                self.household_members.setdefault(home, []).append(person)
        as_of = latest_detection_as_of(store)
        self.as_of: dt.date = as_of if as_of is not None else dt.date.today()
        self.alerts: dict[str, dict[str, Any]] = {a["alert_id"]: a for a in current_alerts(store)}
        self.alerts_by_person: dict[str, list[str]] = {}
        for alert in self.alerts.values():
            self.alerts_by_person.setdefault(alert["person_id"], []).append(alert["alert_id"])
        self.acks = store_actions.acknowledged(store)
        self._sorted_ids = sorted(
            self.alerts,
            key=lambda i: (_RANK.get(self.alerts[i]["severity"], 9),
                           -self.alerts[i]["raised_on"].toordinal(), i),
        )
        self._cache_lock = threading.Lock()
        self._scope_cache: dict[tuple[str, str | None], list[str]] = {}
        self._choice_cache: dict[tuple[str, str | None], tuple[list[str], list[str]]] = {}
        self._filter_cache: dict[tuple[Any, ...], list[str]] = {}
        self._overview_cache: dict[tuple[Any, ...], dict[str, Any]] = {}
        self._ack_version = 0
        self._codes = {pid: _pseudonym_code(self._key, pid) for pid in self.people}
        self._by_code = {code: pid for pid, code in self._codes.items()}
        self._url = {pid: self._url_ref(pid) for pid in self.people}
        self._by_url = {ref: pid for pid, ref in self._url.items()}
        self._index_for_search()
        self._reach = self._work_out_reach()
        self._alert_team = {i: self._allocation(a["person_id"])[0] or UNALLOCATED
                            for i, a in self.alerts.items()}
        self.teams = sorted({str(p["team"]) for p in self.people.values()
                             if p["open_case"] and p["team"]})

    def _index_for_search(self) -> None:
        """Sorted names (for prefix search) and maps from date of birth and from identifiers
        (NHS number, UPN, person id, agency reference with or without the agency)."""
        self._by_birth: dict[dt.date, list[str]] = {}
        self._by_identifier: dict[str, list[str]] = {}
        names: set[tuple[str, str]] = set()
        for pid, p in self.people.items():
            if p["date_of_birth"] is not None:
                self._by_birth.setdefault(p["date_of_birth"], []).append(pid)
            keys = {pid, *(p["nhs_numbers"] or []), *(p["upns"] or [])}
            for subject in p["subjects"]:
                keys.update((subject, subject.split(":", 1)[1]))
            for key in keys:
                self._by_identifier.setdefault(key, []).append(pid)
            for name in p["names"] or []:
                for part in str(name).casefold().split():
                    names.add((part, pid))
        self._names = sorted(names)

    def record(self, store: Store, **entry: Any) -> None:
        """Append to the audit log (who saw or did what, when, from where)."""
        audit.record(store, chain=self.chain, **entry)

    # -- who may see whom ---------------------------------------------------------------------

    @staticmethod
    def _url_ref(person_id: str) -> str:
        if PERSON_ID.fullmatch(person_id):
            return person_id
        return "S-" + hashlib.sha256(person_id.encode()).hexdigest()[:16]

    def ref(self, user: User, person_id: str) -> str:
        """The person's reference in this user's URLs (a pseudonym for inspectors)."""
        if not user.role.identified:
            return "X-" + self._codes.get(person_id, "")
        return self._url.get(person_id, person_id)

    def resolve(self, user: User, ref: str) -> str:
        if user.role.identified:
            person_id = self._by_url.get(ref)
        else:
            person_id = self._by_code.get(ref[2:]) if ref.startswith("X-") else None
        if person_id is None:
            raise NotFound(f"no person {ref}")
        return person_id

    def _allocation(self, person_id: str) -> tuple[str | None, str | None]:
        """(team, worker) of an open case, else (None, None)."""
        p = self.people.get(person_id)
        if p is None or not p["open_case"]:
            return None, None
        return p["team"], p["worker"]

    def visible(self, user: User, person_id: str) -> bool:
        """Authority-wide roles see everyone; a team or caseload sees its allocated children and
        the people in their households."""
        if not user.role.cases:
            return False
        if user.role.scope == "authority":
            return person_id in self.people or person_id in self.alerts_by_person
        return self._scope_key(user) in self._reach.get(person_id, ())

    def _work_out_reach(self) -> dict[str, frozenset[tuple[str, str | None]]]:
        """For each person, the teams and caseloads that may see them: their own open case's,
        and those of everyone in their households."""
        own: dict[str, set[tuple[str, str | None]]] = {}
        for pid in self.people:
            team, worker = self._allocation(pid)
            keys: set[tuple[str, str | None]] = set()
            if team is not None:
                keys.add(("team", team))
            if worker is not None:
                keys.add(("caseload", worker))
            own[pid] = keys
        by_home = {home: set().union(*(own.get(m, set()) for m in members))
                   for home, members in self.household_members.items()}
        reach = {}
        for pid, keys in own.items():
            combined = set(keys)
            for home in self.households.get(pid, []):
                combined |= by_home[home]
            reach[pid] = frozenset(combined)
        return reach

    def label(self, user: User, person_id: str) -> str:
        p = self.people.get(person_id)
        if not user.role.identified:
            kind = "Child" if p is None or p["role"] in ("child", "unborn") else "Adult"
            return f"{kind} {self._codes.get(person_id, '?')}"
        if p is None:
            return person_id
        name = " ".join(x for x in (p["given_name"], p["family_name"]) if x)
        return name or person_id

    def _person_brief(self, user: User, person_id: str) -> dict[str, Any]:
        p = self.people.get(person_id, {})
        team, worker = self._allocation(person_id)
        brief: dict[str, Any] = {
            "ref": self.ref(user, person_id),
            "name": self.label(user, person_id),
            "role": p.get("role"),
            "team": team or UNALLOCATED,
            "worker": worker,
        }
        dob = p.get("date_of_birth")
        if user.role.identified:
            brief["person_id"] = person_id
            brief["date_of_birth"] = dob
        brief["age"] = _age(dob, self.as_of) if dob else None
        return brief

    # -- the inbox ----------------------------------------------------------------------------

    @staticmethod
    def _scope_key(user: User) -> tuple[str, str | None]:
        """Users with the same scope key see the same alerts."""
        if user.role.scope == "team":
            return ("team", user.team)
        if user.role.scope == "caseload":
            return ("caseload", user.worker_name)
        return (user.role.scope, None)

    def _visible_ids(self, user: User) -> list[str]:
        """The ids of the alerts the user may see, most severe then newest first: worked out
        once per scope (the people and alerts do not change while the server runs)."""
        key = self._scope_key(user)
        with self._cache_lock:
            found = self._scope_cache.get(key)
        if found is None:
            if user.role.scope in ("authority", "aggregate"):
                found = list(self._sorted_ids)
            else:
                found = [i for i in self._sorted_ids
                         if self.visible(user, self.alerts[i]["person_id"])]
            with self._cache_lock:
                self._scope_cache[key] = found
        return found

    def _visible_alerts(self, user: User) -> list[dict[str, Any]]:
        return [self.alerts[i] for i in self._visible_ids(user)]

    def _alert_row(self, user: User, a: dict[str, Any]) -> dict[str, Any]:
        rule = REGISTRY.get(a["rule_id"])
        ack = self.acks.get(a["alert_id"])
        return {
            "alert_id": a["alert_id"],
            "rule_id": a["rule_id"],
            "rule_title": rule.title if rule else a["rule_id"],
            "severity": a["severity"],
            "raised_on": a["raised_on"],
            "updated_on": a["updated_on"],
            "days_open": (self.as_of - a["raised_on"]).days,
            "firings": a["firings"],
            "summary": self._redact_for(user, a["person_id"], a["summary"]),
            "person": self._person_brief(user, a["person_id"]),
            "acknowledged": ack is not None,
            "acknowledged_by": ack["actor"] if ack else None,
            "acknowledged_at": ack["acted_at"] if ack else None,
        }

    def inbox(self, user: User, filters: InboxFilters) -> dict[str, Any]:
        if not user.role.cases:
            raise Forbidden("the inbox shows individual children; this role sees aggregates")
        mine = self._visible_ids(user)
        scope = self._scope_key(user)
        with self._cache_lock:
            known = self._choice_cache.get(scope)
        if known is None:
            known = (sorted({self.alerts[i]["rule_id"] for i in mine}),
                     sorted({self._alert_team[i] for i in mine}))
            with self._cache_lock:
                self._choice_cache[scope] = known
        rules, teams = known
        f = filters.clean(rules, teams)
        wanted = (scope, tuple(f.severity), f.rule, f.team, f.older_than, f.status,
                  self._ack_version)
        with self._cache_lock:
            chosen_ids = self._filter_cache.get(wanted)
        if chosen_ids is None:
            cutoff = (self.as_of.toordinal() - f.older_than) if f.older_than else None
            chosen_ids = []
            for i in mine:
                a = self.alerts[i]
                if f.severity and a["severity"] not in f.severity:
                    continue
                if f.rule and a["rule_id"] != f.rule:
                    continue
                if f.team and self._alert_team[i] != f.team:
                    continue
                if cutoff is not None and a["raised_on"].toordinal() >= cutoff:
                    continue
                acked = i in self.acks
                if (f.status == "unacknowledged" and acked) or (
                        f.status == "acknowledged" and not acked):
                    continue
                chosen_ids.append(i)
            with self._cache_lock:
                if len(self._filter_cache) > 512:
                    self._filter_cache.clear()
                self._filter_cache[wanted] = chosen_ids
        chosen = chosen_ids
        pages = max(1, -(-len(chosen) // PAGE_SIZE))
        page = min(f.page, pages)
        shown = [self.alerts[i] for i in chosen[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]]
        return {
            "as_of": self.as_of,
            "total": len(chosen),
            "page": page,
            "pages": pages,
            "filters": {"severity": f.severity, "rule": f.rule, "team": f.team,
                        "older_than": f.older_than, "status": f.status},
            "choices": {
                "severity": list(SEVERITIES),
                "rule": [{"rule_id": r, "title": REGISTRY[r].title if r in REGISTRY else r}
                         for r in rules],
                "team": teams,
                "older_than": list(AGE_CHOICES),
                "status": list(STATUSES),
            },
            "alerts": [self._alert_row(user, a) for a in shown],
        }

    # -- one alert ----------------------------------------------------------------------------

    def _alert_for(self, user: User, alert_id: str) -> dict[str, Any]:
        if not user.role.cases:
            raise Forbidden("alerts are about individual children; this role sees aggregates")
        a = self.alerts.get(alert_id)
        if a is None or not self.visible(user, a["person_id"]):
            # an alert outside the user's scope is reported as missing, not as forbidden, so
            # that its existence is not disclosed
            raise NotFound(f"no alert {alert_id}")
        return a

    def alert(self, store: Store, user: User, alert_id: str, client: str | None) -> dict[str, Any]:
        a = self._alert_for(user, alert_id)
        rule = REGISTRY.get(a["rule_id"])
        self.record(store, actor=user.username, channel="web", action="view_alert",
                     target=a["person_id"], detail=alert_id, client=client)
        evidence = set(a["evidence"])
        # the evidence may include events about the adults around the child (a police
        # incident about a parent): those events are added, each marked with whom it is about
        chronology, _ = self._chronology(store, user, a["person_id"], evidence)
        detail = self._alert_row(user, a)
        detail.update({
            "rule_version": a["rule_version"],
            "parameters": a["parameters"],
            "evidence": sorted(evidence),
            "rule": {
                "rule_id": a["rule_id"],
                "title": rule.title if rule else a["rule_id"],
                "detects": rule.detects if rule else "",
                "why": rule.why if rule else "",
                "limits": rule.limits if rule else "",
                "references": [{"citation": r.citation, "url": r.url}
                               for r in (rule.references if rule else ())],
            },
            "evidence_events": [e for e in chronology["events"] if e["evidence"]],
            "chronology": chronology,
            "actions": store_actions.actions_for(store, alert_id),
            "may_acknowledge": user.role.acts,
        })
        if user.role.identified:
            detail["subject_refs"] = a["subject_refs"]
        return detail

    def acknowledge(
        self, store: Store, user: User, alert_id: str, note: str, client: str | None
    ) -> None:
        a = self._alert_for(user, alert_id)
        if not user.role.acts:
            raise Forbidden("this role may read alerts but not act on them")
        note = note.strip()
        if not note:
            raise ValueError("Write a note: what you did or decided about this alert")
        if len(note) > 4000:
            raise ValueError("The note must be 4,000 characters or fewer")
        with WRITE_LOCK:
            store_actions.record_action(store, alert_id, "acknowledged", note, user.username)
            self.record(store, actor=user.username, channel="web", action="acknowledge_alert",
                         target=a["person_id"], detail=alert_id, client=client)
            self.acks = store_actions.acknowledged(store)
            with self._cache_lock:
                self._ack_version += 1
                self._filter_cache.clear()
                self._overview_cache.clear()

    # -- one person ---------------------------------------------------------------------------

    def _names_to_hide(self, person_id: str) -> re.Pattern[str] | None:
        people = {person_id}
        for home in self.households.get(person_id, []):
            people.update(self.household_members.get(home, []))
        names = {n for p in people for n in self.people.get(p, {}).get("names") or []
                 if n and len(n) >= 2}
        if not names:
            return None
        alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
        return re.compile(rf"\b(?:{alternatives})\b", re.IGNORECASE)

    def _redact_for(self, user: User, person_id: str, text: str | None) -> str | None:
        if text is None or user.role.identified:
            return text
        pattern = self._names_to_hide(person_id)
        return pattern.sub("[name]", text) if pattern else text

    def _chronology(
        self, store: Store, user: User, person_id: str, evidence: set[str],
    ) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        """The person's chronology as a page shows it, with the events among `evidence` that
        are about other people; and the person's own agency subjects."""
        records = records_of(store, person_id, cited=evidence, copy=self.serving_copy)
        own = [s for s in records.subjects if s["person_key"] == person_id]
        others_included = len(own) < len(records.subjects)
        if not records.subjects:
            return {"others_included": others_included, "agencies": [], "events": [],
                    "first": None, "last": None}, []
        chronology = assemble(records.subjects, records.events)  # the child's subjects first
        hide = None if user.role.identified else self._names_to_hide(person_id)

        def shown(text: str | None) -> str | None:
            return hide.sub("[name]", text) if (hide and text) else text

        events = []
        for entry in chronology.entries:
            e = entry.event
            key = entry.key
            row = {
                "key": key,
                "date": e["event_date"],
                "when": entry.shown_when,
                "age": entry.age,
                "agency": e["agency"],
                "agency_label": AGENCY_LABELS.get(e["agency"], e["agency"]),
                "event_type": e["event_type"],
                "event_label": event_label(e["event_type"]),
                "description": shown(e.get("description")),
                "action": shown(e.get("action")),
                "outcome": shown(e.get("outcome")),
                "child_seen": e.get("child_seen"),
                "injury_type": list(e.get("injury_type") or []),
                "body_sites": list(e.get("body_sites") or []),
                "explanation": e.get("explanation"),
                "concern_level": e.get("concern_level"),
                "practitioner": e.get("practitioner"),
                "team": e.get("team"),
                "about": shown(entry.about) or None,
                "injury": bool(e.get("injury_type")) or e["event_type"] == "injury_observed",
                "missed": e["event_type"] in MISSED,
                "evidence": key in evidence,
            }
            if user.role.identified:
                row["subject_ref"] = e["subject_ref"]
            events.append(row)
        return {
            "others_included": others_included,
            "agencies": [{"code": a, "label": AGENCY_LABELS.get(a, a)}
                         for a in chronology.agencies],
            "events": events,
            "first": events[0]["date"] if events else None,
            "last": events[-1]["date"] if events else None,
        }, own

    def person(self, store: Store, user: User, ref: str, client: str | None) -> dict[str, Any]:
        if not user.role.cases:
            raise Forbidden("person pages are individual records; this role sees aggregates")
        person_id = self.resolve(user, ref)
        if not self.visible(user, person_id):
            raise NotFound(f"no person {ref}")
        self.record(store, actor=user.username, channel="web", action="view_person",
                     target=person_id, client=client)
        detail = self._person_brief(user, person_id)
        detail["alerts"] = sorted(
            (self._alert_row(user, self.alerts[i]) for i in self.alerts_by_person.get(person_id,
                                                                                       [])),
            key=lambda r: (_RANK.get(r["severity"], 9), -r["raised_on"].toordinal()),
        )
        detail["chronology"], own = self._chronology(store, user, person_id, set())
        household = []
        for home in self.households.get(person_id, []):
            for other in self.household_members.get(home, []):
                if other != person_id and self.visible(user, other):
                    household.append(self._person_brief(user, other))
        detail["household"] = household
        if user.role.identified:
            p = self.people[person_id]
            detail["nhs_numbers"] = p["nhs_numbers"]
            detail["upns"] = p["upns"]
            detail["linked_subjects"] = [
                {"agency": r["agency"], "subject_ref": r["subject_ref"],
                 "role": r["subject_role"], "match_weight": r["match_weight"],
                 "decided_by": r["decided_by"], "linked_to": r["linked_to"]}
                for r in own
            ] if PERSON_ID.fullmatch(person_id) else [
                {"agency": s.split(":", 1)[0], "subject_ref": s.split(":", 1)[1],
                 "role": p["role"], "match_weight": None, "decided_by": "not linked",
                 "linked_to": None}
                for s in p["subjects"]
            ]
        else:
            detail["linked_subjects"] = [
                {"agency": s.split(":", 1)[0]} for s in self.people[person_id]["subjects"]
            ]
        return detail

    # -- search -------------------------------------------------------------------------------

    def search(self, store: Store, user: User, query: str, client: str | None
               ) -> dict[str, Any]:
        if not user.role.cases:
            raise Forbidden("search finds individual people; this role sees aggregates")
        q = " ".join(query.split())[:200]
        if not q:
            return {"query": "", "results": []}
        self.record(store, actor=user.username, channel="web", action="search",
                     target="people", detail=q, client=client)
        matches = []
        for person_id in self._matching(user, q):
            if self.visible(user, person_id):
                matches.append(self._person_brief(user, person_id))
            if len(matches) >= 50:
                break
        return {"query": q, "results": matches}

    def _matching(self, user: User, q: str) -> list[str]:
        if not user.role.identified:
            code = q.upper().removeprefix("X-").removeprefix("CHILD ").removeprefix("ADULT ")
            coded = self._by_code.get(code.strip())
            return [coded] if coded else []
        text = q.strip()
        digits = re.sub(r"\s", "", text)
        day = _parse_date(text)
        if day is not None:
            return sorted(self._by_birth.get(day, []))
        if digits.isdigit() and len(digits) == 10:
            return sorted(self._by_identifier.get(digits, []))
        exact = self._by_identifier.get(text.upper(), []) + self._by_identifier.get(text, [])
        if exact:
            return sorted(set(exact))
        found: set[str] | None = None
        for word in text.casefold().split():
            at = bisect.bisect_left(self._names, (word, ""))
            these: set[str] = set()
            while at < len(self._names) and self._names[at][0].startswith(word):
                these.add(self._names[at][1])
                at += 1
            found = these if found is None else found & these
            if not found:
                return []
        return sorted(found or [])

    # -- overview -----------------------------------------------------------------------------

    def overview(self, user: User) -> dict[str, Any]:
        suppress = user.role.scope == "aggregate"
        key = (self._scope_key(user), suppress, self._ack_version)
        with self._cache_lock:
            cached = self._overview_cache.get(key)
        if cached is None:
            cached = self._overview_counts(user, suppress)
            with self._cache_lock:
                self._overview_cache[key] = cached
        result = {k: v for k, v in cached.items() if k != "waiting"}
        if not suppress:
            result["oldest_unacknowledged"] = [self._alert_row(user, self.alerts[i])
                                               for i in cached["waiting"]]
        return result

    def _overview_counts(self, user: User, suppress: bool) -> dict[str, Any]:
        scope_alerts = self._visible_alerts(user)
        by_severity = {s: {"unacknowledged": 0, "acknowledged": 0} for s in SEVERITIES}
        by_rule: dict[str, dict[str, int]] = {}
        by_team: dict[str, dict[str, int]] = {}
        for a in scope_alerts:
            status = "acknowledged" if a["alert_id"] in self.acks else "unacknowledged"
            by_severity.setdefault(a["severity"], {"unacknowledged": 0, "acknowledged": 0})
            by_severity[a["severity"]][status] += 1
            by_rule.setdefault(a["rule_id"], {s: 0 for s in SEVERITIES})
            by_rule[a["rule_id"]][a["severity"]] = by_rule[a["rule_id"]].get(a["severity"],
                                                                               0) + 1
            team = self._alert_team[a["alert_id"]]
            by_team.setdefault(team, {s: 0 for s in SEVERITIES})
            by_team[team][a["severity"]] = by_team[team].get(a["severity"], 0) + 1
        waiting = [a for a in scope_alerts if a["alert_id"] not in self.acks]
        waiting.sort(key=lambda a: (a["raised_on"], _RANK.get(a["severity"], 9),
                                    a["alert_id"]))
        return {
            "as_of": self.as_of,
            "scope": user.role.scope,
            "suppressed": suppress,
            "suppress_below": SUPPRESS_BELOW if suppress else None,
            "by_severity": [
                {"severity": s, **_cells(by_severity[s], suppress)} for s in SEVERITIES
            ],
            "by_rule": [
                {"rule_id": r, "title": REGISTRY[r].title if r in REGISTRY else r,
                 **_cells(by_rule[r], suppress)}
                for r in sorted(by_rule)
            ],
            "by_team": [{"team": t, **_cells(by_team[t], suppress)} for t in sorted(by_team)],
            "waiting": [] if suppress else [a["alert_id"] for a in waiting[:10]],
        }

    # -- audit --------------------------------------------------------------------------------

    def audit_log(self, store: Store, user: User, page: int, client: str | None) -> dict[str, Any]:
        if not user.role.audit:
            raise Forbidden("the audit log is for the Director of Children's Services")
        total_row = store.one("SELECT count(*) FROM audit_log")
        total = int(total_row[0]) if total_row else 0
        pages = max(1, -(-total // 100))
        page = min(max(1, page), pages)
        entries = store.dicts(
            "SELECT audit_id, occurred_at, actor, channel, action, target, detail, client "
            "FROM audit_log ORDER BY audit_id DESC LIMIT 100 OFFSET ?",
            [(page - 1) * 100],
        )
        broken = self.chain.verify(store)
        self.record(store, actor=user.username, channel="web", action="view_audit_log",
                     target="audit_log", detail=f"page {page}", client=client)
        return {"total": total, "page": page, "pages": pages, "chain_intact": not broken,
                "broken_entries": broken, "entries": entries}


def _cells(counts: dict[str, int], suppress: bool) -> dict[str, Any]:
    """Counts for a table row; for the aggregate role, counts from 1 to SUPPRESS_BELOW - 1
    become None (shown as "c"), and when exactly one cell of a row is suppressed the next
    smallest is too, so that it cannot be worked out from the row's total."""
    total = sum(counts.values())
    out: dict[str, Any] = dict(counts)
    if suppress:
        small = [k for k, v in counts.items() if 0 < v < SUPPRESS_BELOW]
        if len(small) == 1:
            others = sorted((v, k) for k, v in counts.items() if k not in small and v > 0)
            if others:
                small.append(others[0][1])
        for k in small:
            out[k] = None
        out["total"] = total if (total == 0 or total >= SUPPRESS_BELOW) else None
    else:
        out["total"] = total
    return out


def _age(birth: dt.date, day: dt.date) -> str:
    if day < birth:
        return "unborn"
    months = (day.year - birth.year) * 12 + day.month - birth.month - (day.day < birth.day)
    if months < 24:
        return f"{months} months"
    return f"{months // 12} years"


def _parse_date(text: str) -> dt.date | None:
    text = text.strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None
