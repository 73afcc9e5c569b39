"""Readable changes from an event's old/new data, and who reads how much of the trail (no database)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from pimpasa.core.diffs import Change, as_text, changes_of
from pimpasa.core.permissions import audit_scope, can_read_audit
from pimpasa.core.scoping import Scope


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, "—"),
        ("", "—"),
        ([], "—"),
        (True, "✓"),
        (False, "✗"),
        (3, "3"),
        ("aktif", "aktif"),
        (["35.02.01.2001 Tugurejo", "35.02.01.2002 Senepo"], "35.02.01.2001 Tugurejo\n35.02.01.2002 Senepo"),
        ({"unit": 4, "roles": ["intelligence"]}, "unit: 4\nroles: intelligence"),
    ],
)
def test_values_read_as_text(value, text):
    assert as_text(value) == text


@pytest.mark.parametrize(
    ("data", "changes"),
    [
        (None, []),
        ({}, []),
        ("not a dict", []),
        ({"old": {"status": "active"}, "new": {"status": "active"}}, []),
        ({"old": None, "new": {"agency": None, "unit": 4}}, [Change(field="unit", old="—", new="4")]),
        (
            {"old": {"status": "active"}, "new": {"status": "ended"}},
            [Change(field="status", old="active", new="ended")],
        ),
        (
            {"new": {"name": "Polres Ponorogo", "area": "35.02"}},
            [
                Change(field="name", old="—", new="Polres Ponorogo"),
                Change(field="area", old="—", new="35.02"),
            ],
        ),
        (
            {"old": None, "new": {"roles": ["regional"]}},
            [Change(field="roles", old="—", new="regional")],
        ),
        (
            {"old": {"villages": ["A", "B"]}, "new": {"villages": ["B", "C"]}},
            [Change(field="villages", old="A\nB", new="B\nC", added=["C"], removed=["A"])],
        ),
        (
            {"old": {"villages": ["A"]}, "new": {}},
            [Change(field="villages", old="A", new="—")],
        ),
        (
            {"old": {"villages": []}, "new": {"villages": ["A"]}},
            [Change(field="villages", old="—", new="A", added=["A"])],
        ),
    ],
)
def test_changes_of_event_data(data, changes):
    assert changes_of(data) == changes


@dataclass
class FakeUser:
    """What core knows of a user: authentication, roles and scope — no accounts model needed."""

    roles: set[str] = field(default_factory=set)
    scope: Scope = field(default_factory=Scope)
    is_authenticated: bool = True
    is_active: bool = True
    is_superuser: bool = False

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles & set(roles))

    def get_scope(self) -> Scope:
        return self.scope


JATIM = Scope(region_codes=("35",), unit_ids=frozenset({3}))
PONOROGO = Scope(region_codes=("35.01", "35.02", "35.03"), unit_ids=frozenset({5}))


@pytest.mark.parametrize(
    ("user", "allowed", "scope"),
    [
        (None, False, Scope()),
        (FakeUser(roles={"national"}, is_authenticated=False), False, Scope()),
        (FakeUser(roles={"national"}, is_active=False), False, Scope()),
        (FakeUser(roles={"national"}, scope=Scope(everything=True)), True, Scope(everything=True)),
        (FakeUser(roles={"administrator"}, scope=PONOROGO), True, Scope(everything=True)),
        (FakeUser(is_superuser=True), True, Scope(everything=True)),
        (FakeUser(roles={"regional"}, scope=JATIM), True, Scope(region_codes=("35",))),
        (FakeUser(roles={"office_head"}, scope=PONOROGO), False, Scope()),
        (FakeUser(roles={"intelligence"}, scope=PONOROGO), False, Scope()),
        (FakeUser(roles={"field_officer"}, scope=PONOROGO), False, Scope()),
        (FakeUser(roles={"partner"}, scope=Scope(agency_ids=frozenset({1}))), False, Scope()),
    ],
)
def test_who_reads_the_audit_trail(user, allowed, scope):
    assert can_read_audit(user) is allowed
    assert audit_scope(user) == scope


def test_changes_carry_a_readable_label_in_the_active_language():
    from django.utils import translation

    from pimpasa.core.diffs import changes_of

    (villages, other) = changes_of(
        {"old": {"villages": ["a"], "odd_key": 1}, "new": {"villages": ["b"], "odd_key": 2}}
    )
    with translation.override("id"):
        assert (villages.label, other.label) == ("desa", "odd key")
    with translation.override("en"):
        assert villages.label == "villages"
