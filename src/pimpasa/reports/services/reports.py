"""Writes on reports, in one place: intake (``intake``) and handling after it (``workflow``)."""

from ..identifiers import normalize_phone, parse_nik
from .intake import (
    OrganizationInput,
    PersonInput,
    report_add_organization,
    report_add_person,
    report_submit,
    responsible_office,
    sla_deadlines,
    sla_policy,
)
from .person_matching import person_matches_compute
from .workflow import (
    ReporterIdentity,
    report_add_note,
    report_assign,
    report_link,
    report_restrict,
    report_reveal_nik,
    report_reveal_reporter,
    report_set_public_reply,
    report_transition,
    report_unlink,
    report_unrestrict,
    report_update_grading,
    report_view_record,
)

__all__ = [
    "OrganizationInput",
    "PersonInput",
    "ReporterIdentity",
    "normalize_phone",
    "parse_nik",
    "person_matches_compute",
    "report_add_note",
    "report_add_organization",
    "report_add_person",
    "report_assign",
    "report_link",
    "report_restrict",
    "report_reveal_nik",
    "report_reveal_reporter",
    "report_set_public_reply",
    "report_submit",
    "report_transition",
    "report_unlink",
    "report_unrestrict",
    "report_update_grading",
    "report_view_record",
    "responsible_office",
    "sla_deadlines",
    "sla_policy",
]
