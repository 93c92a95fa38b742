"""The store's schema, as an ordered list of migrations. Never edit a migration that has been
released; add a new one. `SCHEMA_VERSION` is the newest migration's version."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    statements: tuple[str, ...]


_EVENT_COLUMNS = """
    agency VARCHAR NOT NULL,
    record_id VARCHAR NOT NULL,
    subject_ref VARCHAR NOT NULL,
    event_date DATE NOT NULL,
    event_time VARCHAR,
    event_utc_offset VARCHAR,
    event_type VARCHAR NOT NULL,
    date_precision VARCHAR NOT NULL,
    recorded_at TIMESTAMP,
    recorded_at_utc_offset VARCHAR,
    description VARCHAR,
    action VARCHAR,
    outcome VARCHAR,
    child_seen VARCHAR,
    injury_type VARCHAR[],
    body_sites VARCHAR[],
    explanation VARCHAR,
    concern_level VARCHAR,
    factors VARCHAR[],
    practitioner VARCHAR,
    team VARCHAR,
    agency_name VARCHAR,
    subject_role VARCHAR,
    household_ref VARCHAR,
    given_name VARCHAR,
    family_name VARCHAR,
    other_names VARCHAR[],
    date_of_birth DATE,
    sex VARCHAR,
    nhs_number VARCHAR,
    upn VARCHAR,
    postcode VARCHAR,
    address VARCHAR,
    attributes JSON
"""

FOUNDATION = Migration(
    1,
    "foundation: submissions, versioned events, subjects, identities, audit log",
    (
        "CREATE SEQUENCE submission_id_seq START 1",
        """
        CREATE TABLE submissions (
            submission_id BIGINT PRIMARY KEY,
            file_name VARCHAR NOT NULL,
            file_path VARCHAR NOT NULL,
            checksum VARCHAR NOT NULL,
            size_bytes BIGINT NOT NULL,
            file_format VARCHAR NOT NULL,
            agencies VARCHAR[],
            rows_read BIGINT NOT NULL,
            rows_new BIGINT NOT NULL,
            rows_updated BIGINT NOT NULL,
            rows_unchanged BIGINT NOT NULL,
            rows_rejected BIGINT NOT NULL,
            received_at TIMESTAMP NOT NULL,
            outcome VARCHAR NOT NULL,
            message VARCHAR,
            clearsight_version VARCHAR NOT NULL
        )
        """,
        f"""
        CREATE TABLE events (
            event_id BIGINT NOT NULL,
            version INTEGER NOT NULL,
            is_current BOOLEAN NOT NULL,
            submission_id BIGINT NOT NULL,
            source_row BIGINT NOT NULL,
            superseded_by_submission BIGINT,
            {_EVENT_COLUMNS}
        )
        """,
        """
        CREATE TABLE subjects (
            agency VARCHAR NOT NULL,
            subject_ref VARCHAR NOT NULL,
            subject_role VARCHAR NOT NULL,
            household_ref VARCHAR,
            given_name VARCHAR,
            family_name VARCHAR,
            other_names VARCHAR[],
            date_of_birth DATE,
            sex VARCHAR,
            nhs_number VARCHAR,
            upn VARCHAR,
            postcode VARCHAR,
            address VARCHAR,
            first_event_date DATE NOT NULL,
            last_event_date DATE NOT NULL,
            event_count BIGINT NOT NULL,
            PRIMARY KEY (agency, subject_ref)
        )
        """,
        """
        CREATE TABLE subject_identities (
            agency VARCHAR NOT NULL,
            subject_ref VARCHAR NOT NULL,
            attribute VARCHAR NOT NULL,
            value VARCHAR NOT NULL,
            first_seen DATE NOT NULL,
            last_seen DATE NOT NULL,
            times_recorded BIGINT NOT NULL
        )
        """,
        "CREATE VIEW current_events AS SELECT * FROM events WHERE is_current",
        "CREATE SEQUENCE audit_id_seq START 1",
        """
        CREATE TABLE audit_log (
            audit_id BIGINT PRIMARY KEY,
            occurred_at TIMESTAMP NOT NULL,
            actor VARCHAR NOT NULL,
            channel VARCHAR NOT NULL,
            action VARCHAR NOT NULL,
            target VARCHAR NOT NULL,
            detail VARCHAR,
            client VARCHAR,
            previous_hash VARCHAR NOT NULL,
            entry_hash VARCHAR NOT NULL
        )
        """,
    ),
)

PUBLIC_STATISTICS = Migration(
    2,
    "public statistics: authorities, populations, indicators, neighbours, Ofsted judgements",
    (
        """
        CREATE TABLE ps_loads (
            checksum VARCHAR NOT NULL,
            source VARCHAR NOT NULL,
            indicator_rows BIGINT NOT NULL,
            loaded_at TIMESTAMP NOT NULL,
            clearsight_version VARCHAR NOT NULL
        )
        """,
        """
        CREATE TABLE ps_authorities (
            authority_key VARCHAR PRIMARY KEY,
            authority_code VARCHAR NOT NULL,
            name VARCHAR NOT NULL,
            first_year INTEGER NOT NULL,
            last_year INTEGER NOT NULL
        )
        """,
        """
        CREATE TABLE ps_populations (
            authority_key VARCHAR NOT NULL,
            mid_year INTEGER NOT NULL,
            population DOUBLE NOT NULL,
            PRIMARY KEY (authority_key, mid_year)
        )
        """,
        """
        CREATE TABLE ps_indicators (
            authority_key VARCHAR NOT NULL,
            year INTEGER NOT NULL,
            indicator VARCHAR NOT NULL,
            numerator DOUBLE,
            denominator DOUBLE,
            value DOUBLE,
            published_value DOUBLE,
            missing_reason VARCHAR,
            source_file VARCHAR NOT NULL,
            source_row INTEGER NOT NULL,
            PRIMARY KEY (authority_key, year, indicator)
        )
        """,
        """
        CREATE TABLE ps_neighbours (
            authority_key VARCHAR NOT NULL,
            rank INTEGER NOT NULL,
            neighbour_key VARCHAR NOT NULL,
            closeness VARCHAR NOT NULL,
            PRIMARY KEY (authority_key, rank)
        )
        """,
        """
        CREATE TABLE ps_judgements (
            authority_key VARCHAR NOT NULL,
            framework VARCHAR NOT NULL,
            inspected_on DATE,
            published_on DATE NOT NULL,
            judgement VARCHAR NOT NULL,
            source_file VARCHAR NOT NULL,
            source_row INTEGER NOT NULL
        )
        """,
    ),
)

LINKAGE = Migration(
    3,
    "linkage: model settings, runs, scored pairs, persons, changes, review decisions, households",
    (
        """
        CREATE TABLE linkage_settings (
            version INTEGER PRIMARY KEY,
            created_at TIMESTAMP NOT NULL,
            trained_on_subjects BIGINT NOT NULL,
            settings JSON NOT NULL,
            clearsight_version VARCHAR NOT NULL
        )
        """,
        """
        CREATE TABLE linkage_runs (
            run_id BIGINT PRIMARY KEY,
            started_at TIMESTAMP NOT NULL,
            finished_at TIMESTAMP,
            settings_version INTEGER NOT NULL,
            link_weight DOUBLE NOT NULL,
            review_weight DOUBLE NOT NULL,
            subjects BIGINT,
            pairs BIGINT,
            links BIGINT,
            review_pairs BIGINT,
            persons BIGINT,
            clearsight_version VARCHAR NOT NULL
        )
        """,
        """
        CREATE TABLE linkage_pairs (
            run_id BIGINT NOT NULL,
            left_key VARCHAR NOT NULL,
            right_key VARCHAR NOT NULL,
            match_weight DOUBLE NOT NULL,
            match_probability DOUBLE NOT NULL,
            outcome VARCHAR NOT NULL,
            decided_by VARCHAR NOT NULL,
            agreed VARCHAR[],
            levels JSON,
            PRIMARY KEY (run_id, left_key, right_key)
        )
        """,
        "CREATE SEQUENCE person_id_seq START 1",
        """
        CREATE TABLE person_members (
            person_id VARCHAR NOT NULL,
            agency VARCHAR NOT NULL,
            subject_ref VARCHAR NOT NULL,
            match_weight DOUBLE,
            decided_by VARCHAR NOT NULL,
            linked_to VARCHAR,
            agreed VARCHAR[],
            from_run BIGINT NOT NULL,
            to_run BIGINT
        )
        """,
        """
        CREATE TABLE person_changes (
            run_id BIGINT NOT NULL,
            change VARCHAR NOT NULL,
            person_id VARCHAR NOT NULL,
            other_person_id VARCHAR,
            subjects VARCHAR[],
            detail VARCHAR
        )
        """,
        "CREATE SEQUENCE review_decision_seq START 1",
        """
        CREATE TABLE review_decisions (
            decision_id BIGINT PRIMARY KEY,
            left_key VARCHAR NOT NULL,
            right_key VARCHAR NOT NULL,
            decision VARCHAR NOT NULL,
            reviewer VARCHAR NOT NULL,
            decided_at TIMESTAMP NOT NULL,
            note VARCHAR
        )
        """,
        """
        CREATE TABLE household_members (
            run_id BIGINT NOT NULL,
            household_id VARCHAR NOT NULL,
            person_id VARCHAR NOT NULL,
            basis VARCHAR[]
        )
        """,
    ),
)

ALERTS = Migration(
    4,
    "detection: facts read from narratives, detection runs, and alerts with evidence",
    (
        """
        CREATE TABLE narratives_read (
            agency VARCHAR NOT NULL,
            record_id VARCHAR NOT NULL,
            version INTEGER NOT NULL,
            reader_version INTEGER NOT NULL,
            facts INTEGER NOT NULL
        )
        """,
        """
        CREATE TABLE narrative_facts (
            agency VARCHAR NOT NULL,
            record_id VARCHAR NOT NULL,
            version INTEGER NOT NULL,
            reader_version INTEGER NOT NULL,
            kind VARCHAR NOT NULL,
            value VARCHAR NOT NULL,
            polarity VARCHAR NOT NULL,
            start_at INTEGER NOT NULL,
            end_at INTEGER NOT NULL,
            span_text VARCHAR NOT NULL,
            body_sites VARCHAR[],
            patterned BOOLEAN NOT NULL,
            about VARCHAR,
            cue VARCHAR
        )
        """,
        """
        CREATE TABLE detection_runs (
            run_id BIGINT PRIMARY KEY,
            started_at TIMESTAMP NOT NULL,
            as_of DATE NOT NULL,
            rules VARCHAR[] NOT NULL,
            persons VARCHAR[],
            last_submission BIGINT NOT NULL,
            firings BIGINT NOT NULL,
            alerts BIGINT NOT NULL
        )
        """,
        """
        CREATE TABLE alerts (
            alert_id VARCHAR PRIMARY KEY,
            rule_id VARCHAR NOT NULL,
            rule_version INTEGER NOT NULL,
            severity VARCHAR NOT NULL,
            person_id VARCHAR NOT NULL,
            subject_refs VARCHAR[] NOT NULL,
            raised_on DATE NOT NULL,
            updated_on DATE NOT NULL,
            firings BIGINT NOT NULL,
            evidence VARCHAR[] NOT NULL,
            summary VARCHAR NOT NULL,
            parameters JSON NOT NULL,
            first_run BIGINT NOT NULL,
            last_run BIGINT NOT NULL
        )
        """,
    ),
)

WEB = Migration(
    5,
    "web: users and roles, signed-in sessions, secrets, acknowledgements of alerts",
    (
        """
        CREATE TABLE users (
            username VARCHAR PRIMARY KEY,
            display_name VARCHAR NOT NULL,
            role VARCHAR NOT NULL,
            team VARCHAR,
            worker_name VARCHAR,
            password_hash VARCHAR NOT NULL,
            created_at TIMESTAMP NOT NULL,
            created_by VARCHAR NOT NULL,
            disabled_at TIMESTAMP,
            failed_signins INTEGER NOT NULL DEFAULT 0,
            locked_until TIMESTAMP,
            last_signin TIMESTAMP
        )
        """,
        """
        CREATE TABLE web_sessions (
            token_hash VARCHAR PRIMARY KEY,
            username VARCHAR NOT NULL,
            csrf_token VARCHAR NOT NULL,
            created_at TIMESTAMP NOT NULL,
            expires_at TIMESTAMP NOT NULL,
            ended_at TIMESTAMP,
            client VARCHAR
        )
        """,
        """
        CREATE TABLE web_secrets (
            name VARCHAR PRIMARY KEY,
            value VARCHAR NOT NULL,
            created_at TIMESTAMP NOT NULL
        )
        """,
        "CREATE SEQUENCE alert_action_id_seq START 1",
        """
        CREATE TABLE alert_actions (
            action_id BIGINT PRIMARY KEY,
            alert_id VARCHAR NOT NULL,
            action VARCHAR NOT NULL,
            note VARCHAR NOT NULL,
            actor VARCHAR NOT NULL,
            acted_at TIMESTAMP NOT NULL
        )
        """,
    ),
)

MIGRATIONS: tuple[Migration, ...] = (FOUNDATION, PUBLIC_STATISTICS, LINKAGE, ALERTS, WEB)

SCHEMA_VERSION = MIGRATIONS[-1].version


#: The columns of `events` that hold what the agency sent (normalised), in the format's order.
#: Two versions of an event are the same when all of these are.
EVENT_VALUE_COLUMNS: tuple[str, ...] = tuple(
    line.split()[0] for line in _EVENT_COLUMNS.strip().splitlines()
)
