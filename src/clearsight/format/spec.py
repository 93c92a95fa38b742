"""The exchange format as data: every column, its kind, and every code list.

Everything else (the readers, the validation compiled for the store, the exports and the
documentation) is derived from the declarations here, so a column or code is added in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

FORMAT_VERSION = 1

#: The longest text accepted in one field. A chronology entry is a paragraph or a page; a field
#: larger than this is almost always a broken export (a whole case file pasted into one cell).
MAX_TEXT_CHARS = 1_000_000

#: The longest identifier (record_id, subject_ref, household_ref) accepted.
MAX_ID_CHARS = 200

#: Dates before this are refused (the spec: "before 1900" is invalid).
EARLIEST_DATE = "1900-01-01"


class ColumnKind(Enum):
    """How a column's value is read and checked."""

    TEXT = "text"  # free text, stored as given
    ID = "id"  # an identifier: stored as given, surrounding spaces removed
    CODE = "code"  # one code from a list (case-insensitive)
    CODES = "codes"  # `;`-separated codes from a list
    LIST = "list"  # `;`-separated free values (aliases)
    EVENT_DATE = "event_date"  # date or date-time, reduced precision allowed
    DATETIME = "datetime"  # date or date-time
    DATE = "date"  # a date
    NHS_NUMBER = "nhs_number"
    UPN = "upn"
    SEX = "sex"


@dataclass(frozen=True)
class Column:
    """One column of the exchange format."""

    name: str
    kind: ColumnKind
    required: bool
    about: str  # "event" or "subject"
    meaning: str
    codes: tuple[str, ...] = ()


AGENCIES: tuple[str, ...] = (
    "social_care",
    "early_help",
    "police",
    "health_gp",
    "health_visiting",
    "health_hospital",
    "health_community",
    "health_mental",
    "ambulance",
    "education",
    "housing",
    "probation",
    "substance_misuse",
    "domestic_abuse_service",
    "other",
)

#: How each agency is named on a page.
AGENCY_LABELS: dict[str, str] = {
    "social_care": "Children's social care",
    "early_help": "Early help",
    "police": "Police",
    "health_gp": "GP",
    "health_visiting": "Health visiting",
    "health_hospital": "Hospital",
    "health_community": "Community health",
    "health_mental": "Mental health",
    "ambulance": "Ambulance",
    "education": "Education",
    "housing": "Housing",
    "probation": "Probation",
    "substance_misuse": "Substance misuse service",
    "domestic_abuse_service": "Domestic abuse service",
    "other": "Other",
}

#: How each agency is named inside a sentence (an alert's summary: "recorded by GP").
AGENCY_WORDS: dict[str, str] = {
    code: ("GP" if code == "health_gp" else label[0].lower() + label[1:])
    for code, label in AGENCY_LABELS.items()
}

#: Event types grouped as the spec groups them (the group is used for documentation only).
EVENT_TYPE_GROUPS: dict[str, tuple[str, ...]] = {
    "Children's social care": (
        "contact",
        "referral",
        "assessment_start",
        "assessment_complete",
        "strategy_discussion",
        "section47_start",
        "section47_complete",
        "child_protection_conference",
        "cp_plan_start",
        "cp_plan_review",
        "cp_plan_end",
        "cin_plan_start",
        "cin_plan_end",
        "looked_after_start",
        "looked_after_end",
        "home_visit",
        "visit_no_access",
        "worker_allocated",
        "case_transferred",
        "case_closed",
        "legal_planning_meeting",
        "care_proceedings_issued",
    ),
    "Health": (
        "gp_appointment",
        "outpatient_appointment",
        "health_visitor_contact",
        "appointment_not_attended",
        "emergency_attendance",
        "hospital_admission",
        "hospital_discharge",
        "child_protection_medical",
        "developmental_review",
        "immunisation",
    ),
    "Police": ("police_incident", "domestic_abuse_incident", "arrest", "police_protection"),
    "Education": ("school_absence", "school_concern", "exclusion", "missing_education"),
    "Any agency": (
        "injury_observed",
        "safeguarding_referral_made",
        "disclosure",
        "new_adult_in_household",
        "change_of_address",
        "parental_substance_misuse",
        "parental_mental_health_concern",
        "death",
        "note",
    ),
}
EVENT_TYPES: tuple[str, ...] = tuple(t for group in EVENT_TYPE_GROUPS.values() for t in group)

DATE_PRECISIONS = ("day", "month", "year")
CHILD_SEEN = ("yes", "no", "alone")
INJURY_TYPES = (
    "bruise",
    "fracture",
    "burn",
    "scald",
    "head_injury",
    "laceration",
    "bite",
    "abrasion",
    "other",
)
BODY_SITES = (
    "head",
    "scalp",
    "face",
    "forehead",
    "eye",
    "eyelid",
    "subconjunctiva",
    "ear",
    "cheek",
    "jaw",
    "mouth",
    "frenulum",
    "neck",
    "torso",
    "chest",
    "abdomen",
    "back",
    "buttocks",
    "genitals",
    "arm",
    "wrist",
    "hand",
    "leg",
    "ankle",
    "foot",
)
EXPLANATIONS = ("none", "consistent", "inconsistent", "changing")
CONCERN_LEVELS = ("none", "low", "medium", "high")
SUBJECT_ROLES = (
    "child",
    "unborn",
    "mother",
    "father",
    "carer",
    "partner",
    "sibling",
    "other_adult",
)
SEXES = ("M", "F", "U")

#: Factors identified at the end of assessment: the code list of the children in need census
#: (DfE CIN census XML schema 2026, type `assessmentfactorstype`), with the census's wording
#: shortened. The meaning of each code is the census's, not the examples in the format page.
FACTORS: dict[str, str] = {
    "1A": "Alcohol misuse by the child",
    "1B": "Alcohol misuse by the parent(s) or carer(s)",
    "1C": "Alcohol misuse by another person living in the household",
    "2A": "Drug misuse by the child",
    "2B": "Drug misuse by the parent(s) or carer(s)",
    "2C": "Drug misuse by another person living in the household",
    "3A": "Domestic abuse: the child is the subject",
    "3B": "Domestic abuse: the child's parent(s) or carer(s) are the subject",
    "3C": "Domestic abuse: another person living in the household is the subject",
    "4A": "Mental health of the child",
    "4B": "Mental health of the parent(s) or carer(s)",
    "4C": "Mental health of another person in the family or household",
    "5A": "Learning disability of the child",
    "5B": "Learning disability of the parent(s) or carer(s)",
    "5C": "Learning disability of another person in the family or household",
    "6A": "Physical disability or illness of the child",
    "6B": "Physical disability or illness of the parent(s) or carer(s)",
    "6C": "Physical disability or illness of another person in the family or household",
    "7A": "Young carer",
    "8B": "Privately fostered: overseas child who intends to return",
    "8C": "Privately fostered: overseas child who intends to stay",
    "8D": "Privately fostered: UK child in an educational placement",
    "8E": "Privately fostered: UK child in an alternative family arrangement",
    "8F": "Privately fostered: other",
    "9A": "Unaccompanied asylum-seeking child",
    "10A": "Going or being missing",
    "11A": "Child sexual exploitation",
    "12A": "Trafficking",
    "13A": "Gangs",
    "14A": "Socially unacceptable behaviour",
    "15A": "Self-harm",
    "16A": "Abuse or neglect: neglect",
    "17A": "Abuse or neglect: emotional abuse",
    "18B": "Abuse or neglect: physical abuse, child on child",
    "18C": "Abuse or neglect: physical abuse, adult on child",
    "19B": "Abuse or neglect: sexual abuse, child on child",
    "19C": "Abuse or neglect: sexual abuse, adult on child",
    "20": "Other",
    "21": "No factors identified",
    "22A": "Female genital mutilation",
    "23A": "Abuse linked to faith or belief",
    "24A": "Child criminal exploitation",
}

_K = ColumnKind

COLUMNS: tuple[Column, ...] = (
    Column("agency", _K.CODE, True, "event", "one code from the agency list", AGENCIES),
    Column("record_id", _K.ID, True, "event", "the agency's own id for this event"),
    Column("subject_ref", _K.ID, True, "event", "the agency's own id for the person"),
    Column("event_date", _K.EVENT_DATE, True, "event", "when the event happened"),
    Column("event_type", _K.CODE, True, "event", "one code from the event list", EVENT_TYPES),
    Column(
        "date_precision",
        _K.CODE,
        False,
        "event",
        "how exactly the date is known",
        DATE_PRECISIONS,
    ),
    Column("recorded_at", _K.DATETIME, False, "event", "when the agency recorded it"),
    Column("description", _K.TEXT, False, "event", "the agency's narrative"),
    Column("action", _K.TEXT, False, "event", "what the agency did"),
    Column("outcome", _K.TEXT, False, "event", "what resulted"),
    Column("child_seen", _K.CODE, False, "event", "whether the child was seen", CHILD_SEEN),
    Column("injury_type", _K.CODES, False, "event", "kinds of injury", INJURY_TYPES),
    Column("body_sites", _K.CODES, False, "event", "where on the body", BODY_SITES),
    Column("explanation", _K.CODE, False, "event", "the explanation given", EXPLANATIONS),
    Column("concern_level", _K.CODE, False, "event", "the agency's grading", CONCERN_LEVELS),
    Column("factors", _K.CODES, False, "event", "CIN census factor codes", tuple(FACTORS)),
    Column("practitioner", _K.TEXT, False, "event", "who recorded or did it"),
    Column("team", _K.TEXT, False, "event", "the team"),
    Column("agency_name", _K.TEXT, False, "event", "the organisation in words"),
    Column("subject_role", _K.CODE, False, "subject", "the person's role", SUBJECT_ROLES),
    Column("household_ref", _K.ID, False, "subject", "the agency's id for the household"),
    Column("given_name", _K.TEXT, False, "subject", "given name as recorded"),
    Column("family_name", _K.TEXT, False, "subject", "family name as recorded"),
    Column("other_names", _K.LIST, False, "subject", "aliases, `;`-separated"),
    Column("date_of_birth", _K.DATE, False, "subject", "date of birth (expected, if unborn)"),
    Column("sex", _K.SEX, False, "subject", "M, F or U", SEXES),
    Column("nhs_number", _K.NHS_NUMBER, False, "subject", "NHS number (modulus 11)"),
    Column("upn", _K.UPN, False, "subject", "unique pupil number (check letter)"),
    Column("postcode", _K.TEXT, False, "subject", "postcode at the time of the event"),
    Column("address", _K.TEXT, False, "subject", "address at the time of the event"),
)

COLUMN_NAMES: tuple[str, ...] = tuple(c.name for c in COLUMNS)
REQUIRED_COLUMNS: tuple[str, ...] = tuple(c.name for c in COLUMNS if c.required)
COLUMNS_BY_NAME: dict[str, Column] = {c.name: c for c in COLUMNS}
SUBJECT_COLUMNS: tuple[str, ...] = tuple(c.name for c in COLUMNS if c.about == "subject")


_LABEL_WORDS = {"gp": "GP", "cp": "CP", "cin": "CIN", "section47": "section 47"}


def event_label(code: str) -> str:
    """An event type in words, for a page: `cp_plan_review` is "CP plan review"."""
    words = [_LABEL_WORDS.get(w, w) for w in code.split("_")]
    text = " ".join(words)
    return text[0].upper() + text[1:] if text else text


def normalise_column_name(name: str) -> str:
    """Column names are case-insensitive and surrounding spaces are ignored."""
    return name.strip().lower()


#: Every check made on an incoming file, by a stable id. `docs/format.md` explains each, and
#: the tests hold one failing and one passing file for each.
VALIDATION_RULES: dict[str, str] = {
    "unknown-file-kind": "The file's extension is not .csv, .xlsx, .jsonl or .ndjson.",
    "empty-file": "The file is empty (0 bytes).",
    "not-text": "A CSV or JSON Lines file holds a NUL byte (a binary file with a text name).",
    "not-utf8": "A CSV or JSON Lines file is not UTF-8 text.",
    "csv-structure": "A CSV row has more or fewer values than the header, or an unclosed quote.",
    "not-xlsx": "An .xlsx file is not a readable Excel workbook.",
    "xlsx-too-large": "An .xlsx file would expand beyond the size or compression-ratio limits "
    "(a zip bomb).",
    "json-line": "A JSON Lines line is not one JSON object.",
    "header": "The header row is empty, a column has no name, or a name is used twice "
    "(names are case-insensitive).",
    "required-column": "A required column (agency, record_id, subject_ref, event_date, "
    "event_type) is missing.",
    "no-events": "The file has a header but no rows.",
    "required-value": "A required column is empty on a row.",
    "code": "A value is not in its column's code list (agency, event_type, date_precision, "
    "child_seen, explanation, concern_level, subject_role, sex).",
    "code-list": "A `;`-separated value holds a code not in its list (injury_type, "
    "body_sites, factors).",
    "date": "A date or date-time does not parse, or names a day that does not exist.",
    "date-future": "An event_date or recorded_at is after today.",
    "date-before-1900": "A date is before 1900.",
    "date-precision": "event_date gives only a month or a year but date_precision claims more.",
    "dob-time": "A date of birth carries a time of day.",
    "dob-future": "A date of birth is in the future for a subject who is not unborn.",
    "dob-after-event": "A row's date of birth is after its event date and the subject is not "
    "unborn.",
    "event-before-birth": "An event is before the subject's date of birth given on another row "
    "or in an earlier file, and the subject is not unborn.",
    "nhs-number": "An NHS number is not 10 digits (spaces allowed).",
    "nhs-check": "An NHS number fails the modulus-11 check.",
    "upn": "A UPN is not 13 characters or fails its check letter.",
    "duplicate-record": "An (agency, record_id) is given twice in one file with different content.",
    "text-too-long": f"A text value is longer than {MAX_TEXT_CHARS:,} characters.",
    "id-too-long": "An identifier (record_id, subject_ref, household_ref) is longer than "
    f"{MAX_ID_CHARS} characters.",
}
