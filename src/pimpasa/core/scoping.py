"""Scope: which rows a user may see, and the one way querysets apply it.

A user's scope follows from the unit of their posting (DESIGN.md): a Kanim
reads its work area, a Kanwil its province, the Ditjen everything, a partner
its agency, a field officer writes to the assigned villages and reads the
work area. ``ScopedQuerySet.visible_to(user)`` is the only way views, the API,
exports and tasks reach scoped rows; each model's queryset says how a scope
maps to its rows in ``scope_filter``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol, Self, runtime_checkable

from django.db import models
from django.db.models import Q

#: A Kemendagri region code of any level: 35, 35.02, 35.02.01, 35.02.01.2001.
REGION_CODE_RE = re.compile(r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$")


@dataclass(frozen=True)
class Scope:
    """What a user may read (and, for field officers, write)."""

    everything: bool = False
    #: Region codes whose subtrees the user reads ("35.02" = a kabupaten and below).
    region_codes: tuple[str, ...] = ()
    #: Villages a field officer may write to; None when writing follows reading.
    write_village_codes: tuple[str, ...] | None = None
    unit_ids: frozenset[int] = field(default_factory=frozenset)
    agency_ids: frozenset[int] = field(default_factory=frozenset)

    @classmethod
    def nothing(cls) -> Scope:
        return cls()

    @property
    def is_empty(self) -> bool:
        return not (self.everything or self.region_codes or self.unit_ids or self.agency_ids)

    def covers_region(self, code: str | None) -> bool:
        """Return whether region ``code`` lies inside the readable area."""
        if self.everything:
            return True
        if not code:
            return False
        return any(code == c or code.startswith(c + ".") for c in self.region_codes)

    def overlaps_region(self, code: str | None) -> bool:
        """Return whether region ``code`` and the readable area share any ground."""
        if self.everything:
            return True
        if not code:
            return False
        return any(
            code == c or code.startswith(c + ".") or c.startswith(code + ".") for c in self.region_codes
        )

    def can_write_village(self, code: str) -> bool:
        if self.write_village_codes is None:
            return self.covers_region(code)
        return code in self.write_village_codes


def region_q(field_name: str, codes: Iterable[str]) -> Q:
    """Return a Q matching rows whose region code ``field_name`` lies in one of ``codes``' subtrees.

    Uses equality and ``LIKE 'code.%'`` so the pattern index on region codes serves it.
    """
    q = Q(pk__in=[])
    for code in codes:
        q |= Q(**{field_name: code}) | Q(**{f"{field_name}__startswith": code + "."})
    return q


def ancestor_codes(code: str) -> list[str]:
    """Return the codes above ``code``, nearest last: "35.02.01" -> ["35", "35.02"]."""
    parts = code.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


def overlap_q(field_name: str, codes: Iterable[str]) -> Q:
    """Return a Q matching rows whose region is inside or above one of ``codes``."""
    codes = list(codes)
    above = {a for c in codes for a in ancestor_codes(c)}
    return region_q(field_name, codes) | Q(**{f"{field_name}__in": sorted(above)})


@runtime_checkable
class ScopedUser(Protocol):
    """What the scoping mechanism needs from a user object."""

    is_authenticated: bool

    def get_scope(self) -> Scope: ...


def scope_of(user: Any) -> Scope:
    """Return the scope of ``user``; anonymous users and objects without a scope see nothing."""
    if user is None or not getattr(user, "is_authenticated", False):
        return Scope.nothing()
    if isinstance(user, ScopedUser):
        return user.get_scope()
    return Scope.nothing()


class ScopedQuerySet(models.QuerySet):
    """A queryset whose rows are filtered by the reading user's scope."""

    def scope_filter(self, scope: Scope) -> Q:
        """Return the Q that keeps the rows ``scope`` may read (limited scopes only)."""
        raise NotImplementedError

    def visible_to(self, user: Any) -> Self:
        return self.within(scope_of(user))

    def within(self, scope: Scope) -> Self:
        """Return the rows ``scope`` may read."""
        if scope.everything:
            return self.all()
        if scope.is_empty:
            return self.none()
        return self.filter(self.scope_filter(scope)).distinct()


class PublicQuerySet(models.QuerySet):
    """A queryset over public reference data: everyone, anonymous included, sees every row."""

    def visible_to(self, user: Any) -> Self:
        return self.all()
