"""A small invented authority for the web tests: three families whose allocation is known, so
that what each role may see is known, linked and detected like a real store; and a signed-in
client for every role."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from clearsight.format.checks import nhs_check_digit
from clearsight.ingest import ingest_file
from clearsight.linkage import link
from clearsight.rules import detect
from clearsight.store import Store
from clearsight.web import auth, create_app
from tests.conftest import write_csv

PASSWORD = "correct horse battery staple"
AS_OF = dt.date(2024, 12, 31)


def nhs(stem: str) -> str:
    """A valid NHS number in the 999 range, which is never issued to a real person."""
    for tail in range(100):
        candidate = f"{stem}{tail:02d}"[:9]
        digit = nhs_check_digit(candidate)
        if digit is not None:
            return candidate + str(digit)
    raise AssertionError(stem)


HART, OKAFOR, LANE = nhs("9990001"), nhs("9990002"), nhs("9990003")

#: role -> (user name, team, worker name)
USERS: dict[str, tuple[str, str | None, str | None]] = {
    "practitioner": ("prac", None, "Y. Adebayo"),
    "team_manager": ("tm", "Assessment team", None),
    "head_of_service": ("hos", None, None),
    "dcs": ("dcs", None, None),
    "lead_member": ("lm", None, None),
    "inspector": ("insp", None, None),
    "analyst": ("analyst", None, None),
}


def _rows() -> list[dict[str, str]]:
    def ev(agency: str, rid: str, ref: str, day: str, kind: str, **kw: str) -> dict[str, str]:
        return {"agency": agency, "record_id": rid, "subject_ref": ref, "event_date": day,
                "event_type": kind, **kw}

    amelia = {"given_name": "Amelia", "family_name": "Hart", "date_of_birth": "2023-11-01",
              "sex": "F", "nhs_number": HART, "household_ref": "FAM-HART",
              "postcode": "ZZ99 3AA"}
    ben = {"given_name": "Ben", "family_name": "Okafor", "date_of_birth": "2024-01-15",
           "sex": "M", "nhs_number": OKAFOR, "household_ref": "FAM-OKAFOR"}
    cara = {"given_name": "Cara", "family_name": "Lane", "date_of_birth": "2024-02-01",
            "sex": "F", "nhs_number": LANE}
    return [
        ev("social_care", "SC-1", "C-HART", "2024-02-01", "referral", team="Assessment team",
           practitioner="Y. Adebayo", description="Referral from health visitor.", **amelia),
        ev("social_care", "SC-2", "C-HART", "2024-02-02", "worker_allocated",
           team="Assessment team", practitioner="Y. Adebayo",
           description="Allocated to Y. Adebayo."),
        ev("social_care", "SC-3", "A-HART", "2024-02-01", "note", subject_role="mother",
           given_name="Jade", family_name="Hart", date_of_birth="1998-05-05", sex="F",
           household_ref="FAM-HART", postcode="ZZ99 3AA",
           description="Jade Hart says Amelia rolled off the sofa."),
        ev("health_hospital", "ED-1", "RQX-1", "2024-02-20", "emergency_attendance",
           injury_type="bruise", body_sites="face", explanation="inconsistent",
           description="Bruise to Amelia's left cheek; mother Jade Hart says she rolled over.",
           **{k: v for k, v in amelia.items() if k != "household_ref"}),
        ev("police", "PN-1", "PNC-JH", "2024-06-01", "domestic_abuse_incident",
           subject_role="mother", given_name="Jade", family_name="Hart",
           date_of_birth="1998-05-05", sex="F", postcode="ZZ99 3AA",
           description="Jade Hart assaulted by partner at home; Amelia present in her cot."),
        ev("social_care", "SC-4", "C-OKAFOR", "2024-03-01", "referral",
           team="Family support team North", practitioner="K. Osei", **ben),
        ev("social_care", "SC-5", "C-OKAFOR", "2024-03-02", "worker_allocated",
           team="Family support team North", practitioner="K. Osei"),
        ev("health_hospital", "ED-2", "RQX-2", "2024-04-10", "emergency_attendance",
           injury_type="bruise", body_sites="ear", description="Bruising to Ben's ear.",
           **{k: v for k, v in ben.items() if k != "household_ref"}),
        ev("health_visiting", "HV-1", "HV-LANE", "2024-05-01", "injury_observed",
           injury_type="bruise", body_sites="torso",
           description="Small bruise on Cara's chest. <script>alert('x')</script>",
           **cara),
    ]


@pytest.fixture(scope="session")
def web_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("web")
    db = folder / "web.duckdb"
    source = write_csv(folder / "agencies.csv", _rows())
    with Store.open(db) as store:
        result = ingest_file(store, source)
        assert result.outcome == "loaded", [str(p) for p in result.problems]
        link(store)
        detect(store, as_of=AS_OF)
        for role, (name, team, worker) in USERS.items():
            auth.add_user(store, name, role, PASSWORD, team=team, worker_name=worker,
                          display_name=worker or name, created_by="tests")
        auth.add_user(store, "tm2", "team_manager", PASSWORD, team="Family support team North",
                      created_by="tests")
    return db


@pytest.fixture
def app_db(web_db: Path, tmp_path: Path) -> Path:
    """A fresh copy of the store per test: tests that write do not disturb each other."""
    copy = tmp_path / "web.duckdb"
    copy.write_bytes(web_db.read_bytes())
    return copy


@pytest.fixture
def app(app_db: Path) -> Iterator[Any]:
    application = create_app(app_db)
    yield application
    application.state.root.close()


def sign_in(client: TestClient, username: str, password: str = PASSWORD) -> Any:
    form = client.get("/sign-in")
    assert form.status_code == 200
    token = client.cookies.get("clearsight_signin")
    return client.post("/sign-in", data={"username": username, "password": password,
                                         "csrf_token": token, "next": "/"},
                       follow_redirects=False)


@pytest.fixture
def client_for(app: Any) -> Callable[[str | None], TestClient]:
    """A client signed in as the user of a role (None: signed out)."""
    made: list[TestClient] = []

    def make(role: str | None) -> TestClient:
        client = TestClient(app, base_url="http://127.0.0.1")
        made.append(client)
        if role is not None:
            name = USERS[role][0] if role in USERS else role
            response = sign_in(client, name)
            assert response.status_code == 303, response.text
        return client

    return make


def csrf_of(html: str) -> str:
    marker = 'name="csrf_token" value="'
    start = html.index(marker) + len(marker)
    return html[start: html.index('"', start)]


def stdin(text: str) -> io.StringIO:
    return io.StringIO(text)
