"""The roles of the people who use Clearsight, and what each may see and do.

| role | sees | may act on alerts | names and identifiers |
|---|---|---|---|
| practitioner | their own caseload | yes | shown |
| team_manager | their team's cases | yes | shown |
| head_of_service | the whole authority | yes | shown |
| dcs (Director of Children's Services) | the whole authority, and the audit log | yes | shown |
| lead_member | the whole authority | no (oversight, read-only) | shown |
| inspector | the whole authority | no (read-only) | pseudonymised |
| analyst | aggregate counts only, small numbers suppressed | no | never |
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Role:
    code: str
    label: str
    scope: str  # caseload | team | authority | aggregate
    acts: bool  # may acknowledge alerts
    identified: bool  # sees names and identifiers (False: pseudonymised)
    audit: bool = False  # may read the audit log

    @property
    def cases(self) -> bool:
        """May open individual alerts, people and search."""
        return self.scope != "aggregate"


ROLES: dict[str, Role] = {
    r.code: r
    for r in (
        Role("practitioner", "Practitioner", "caseload", acts=True, identified=True),
        Role("team_manager", "Team manager", "team", acts=True, identified=True),
        Role("head_of_service", "Head of service", "authority", acts=True, identified=True),
        Role(
            "dcs",
            "Director of Children's Services",
            "authority",
            acts=True,
            identified=True,
            audit=True,
        ),
        Role("lead_member", "Lead Member for children", "authority", acts=False, identified=True),
        Role("inspector", "Inspector", "authority", acts=False, identified=False),
        Role("analyst", "Analyst", "aggregate", acts=False, identified=False),
    )
}


def role(code: str) -> Role:
    try:
        return ROLES[code]
    except KeyError:
        raise ValueError(
            f"'{code}' is not a role; the roles are: {', '.join(ROLES)}"
        ) from None
