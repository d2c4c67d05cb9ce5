"""The shape of `clinic-intake/1` as the checklist sees it: which paths exist and what they hold.

The loader refuses a checklist that writes anywhere else (unknown keys are errors in the format),
and answer validation uses the same table, so a checklist can never produce an invalid document.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from clinic_app.checklist.model import QuestionType


class Kind(StrEnum):
    """What a format key holds."""

    STRING = "string"
    DATE = "date"  # "YYYY", "YYYY-MM" or "YYYY-MM-DD"
    BOOL = "bool"
    ENUM = "enum"
    ENUM_LIST = "enum_list"
    COUNTRY_LIST = "country_list"
    LANGUAGE_LIST = "language_list"
    A_NUMBER = "a_number"
    RECORDS = "records"  # household[]
    EVENTS = "events"  # events[]


@dataclass(frozen=True)
class KeySpec:
    kind: Kind
    values: tuple[str, ...] = ()
    nullable: bool = False


def _enum(*values: str, nullable: bool = False) -> KeySpec:
    return KeySpec(Kind.ENUM, values, nullable)


def _enum_list(*values: str) -> KeySpec:
    return KeySpec(Kind.ENUM_LIST, values)


_S, _D, _B = KeySpec(Kind.STRING), KeySpec(Kind.DATE), KeySpec(Kind.BOOL)

TOP_LEVEL: dict[str, KeySpec] = {
    "intake_date": _D,
    "client.given_names": _S,
    "client.family_names": _S,
    "client.date_of_birth": _D,
    "client.nationalities": KeySpec(Kind.COUNTRY_LIST),
    "client.languages": KeySpec(Kind.LANGUAGE_LIST),
    "client.a_number": KeySpec(Kind.A_NUMBER),
    "client.sex": _S,
    "household": KeySpec(Kind.RECORDS),
    "transit_countries": KeySpec(Kind.COUNTRY_LIST),
    "applied_for_protection_in_transit_country": _B,
    "represented_by": KeySpec(Kind.STRING, nullable=True),
    "fears_harm_in_mexico": _B,
    "confidentiality_risks": _enum_list("home_government_contact", "media",
                                        "school_or_employer_request", "interpreter_conflict",
                                        "other"),
    "events": KeySpec(Kind.EVENTS),
    "current_location": _enum("united_states", "detained_united_states", "mexico", "elsewhere"),
    "notes": _S,
}

HOUSEHOLD_KEYS: dict[str, KeySpec] = {
    "relationship": _enum("child", "spouse", "parent", "sibling", "other"),
    "given_names": _S,
    "family_names": _S,
    "date_of_birth": _D,
    "travelled_with_client": _B,
}

# Keys every event may carry besides its type's own keys (intake-format.md "Dates").
DATE_KEYS: tuple[str, ...] = ("date", "date_to", "approximate", "time", "timezone")

EVENT_KEYS: dict[str, dict[str, KeySpec]] = {
    "turned_back": {"port": _S, "waitlisted": _B, "evidence": _S},
    "entry": {
        "border": _enum("southern_land", "coastal", "northern_land", "air"),
        "place": _enum("port", "between_ports"),
        "port": _S,
        "documents": _enum("visa", "travel_authorization", "none"),
        "cbp_one_appointment": _B,
        "apprehended": _B,
        "accompanied_by": _enum("parent", "legal_guardian", "other_adult", "none"),
        "designated_uac": _B,
        "processing": _enum_list("nta", "parole", "expedited_removal",
                                 "proclamation_212f_removal", "mpp_return", "detained",
                                 "released"),
    },
    "mpp_return": {"city": _S, "court": _S},
    "cbp_one_appointment": {"port": _S, "status": _enum("kept", "cancelled", "missed")},
    "parole": {
        "program": _enum("cbp_one", "chnv", "mpp_wind_down", "other"),
        "until": _D,
        "termination_notice_date": KeySpec(Kind.DATE, nullable=True),
    },
    "decision": {
        "stage": _enum("credible_fear", "reasonable_fear", "immigration_judge", "bia",
                       "asylum_office"),
        "outcome": _enum("positive", "negative", "granted", "denied", "pretermitted",
                         "withholding_granted", "cat_granted", "removal_order",
                         "in_absentia_order", "terminated"),
        "grounds": _enum_list("transit_bar_2019", "clp_2023", "stb_2024", "proclamation_10888",
                              "one_year", "other"),
        "final": _B,
    },
    "departure": {"kind": _enum("removed", "left_voluntarily")},
    "asylum_filed": {"where": _enum("uscis", "immigration_court"),
                     "how": _enum("filed", "lodged", "derivative")},
    "hearing": {"court": _S},
    "changed_circumstances": {"description": _S},
}

EVENT_TYPES: tuple[str, ...] = tuple(EVENT_KEYS)


def event_key_spec(event_type: str, key: str) -> KeySpec | None:
    """The spec of `key` on an event of `event_type` (date keys included); None if not a key."""
    if key in ("date", "date_to"):
        return _D
    if key == "approximate":
        return _B
    if key in ("time", "timezone"):
        return _S
    return EVENT_KEYS.get(event_type, {}).get(key)


# Which question types can hold each kind of fact (an A-number may be asked as plain text).
QUESTION_TYPES: dict[Kind, frozenset[QuestionType]] = {
    Kind.STRING: frozenset({QuestionType.TEXT, QuestionType.LONG_TEXT}),
    Kind.DATE: frozenset({QuestionType.DATE}),
    Kind.BOOL: frozenset({QuestionType.YES_NO_UNKNOWN}),
    Kind.ENUM: frozenset({QuestionType.SINGLE_CHOICE}),
    Kind.ENUM_LIST: frozenset({QuestionType.MULTI_CHOICE}),
    Kind.COUNTRY_LIST: frozenset({QuestionType.COUNTRY_LIST}),
    Kind.LANGUAGE_LIST: frozenset({QuestionType.LANGUAGE_LIST}),
    Kind.A_NUMBER: frozenset({QuestionType.A_NUMBER, QuestionType.TEXT}),
    Kind.RECORDS: frozenset({QuestionType.RECORD_LIST}),
    Kind.EVENTS: frozenset({QuestionType.EVENT_LIST}),
}
