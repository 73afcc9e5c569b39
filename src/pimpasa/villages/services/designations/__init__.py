"""Writes of the DBI lifecycle: one function per step, plus attachments.

candidate → proposed → meeting held → designated (SK of the office head) → active →
evaluated (again each period); revoked from any open state. Each step runs in a
transaction on the locked row, re-checks the actor's permission, sets the state and its
timestamp, and records ``designation.<step>`` on the village's timeline.
"""

from .attachments import (
    ATTACHMENT_TYPES,
    MAX_ATTACHMENT_BYTES,
    designation_attach,
    designation_attachment_read,
)
from .rules import (
    ORDER,
    can_act,
    can_evaluate,
    can_start,
    invalid_transition,
    next_actions,
    step_allowed,
)
from .steps import (
    designation_activate,
    designation_designate,
    designation_evaluate,
    designation_propose,
    designation_record_meeting,
    designation_revoke,
    designation_start,
    designation_transition,
)

__all__ = [
    "ATTACHMENT_TYPES",
    "MAX_ATTACHMENT_BYTES",
    "ORDER",
    "can_act",
    "can_evaluate",
    "can_start",
    "designation_activate",
    "designation_attach",
    "designation_attachment_read",
    "designation_designate",
    "designation_evaluate",
    "designation_propose",
    "designation_record_meeting",
    "designation_revoke",
    "designation_start",
    "designation_transition",
    "invalid_transition",
    "next_actions",
    "step_allowed",
]
