"""Users, their roles and scope, and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from functools import cached_property
from typing import ClassVar

import pghistory
from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pimpasa.core.history import track_all
from pimpasa.core.roles import SECOND_FACTOR_ROLES, Role
from pimpasa.core.scoping import Scope, ScopedQuerySet
from pimpasa.organization.models import NATIONAL_KINDS, StaffPosting, Unit, UnitKind


class UserQuerySet(ScopedQuerySet):
    def scope_filter(self, scope: Scope) -> Q:
        units = Unit.objects.within(scope).values("pk")
        return Q(postings__active=True, postings__unit__in=units) | Q(
            postings__active=True, postings__agency_id__in=scope.agency_ids
        )


class PimpasaUserManager(UserManager.from_queryset(UserQuerySet)):  # type: ignore[misc]
    pass


@pghistory.track(*track_all(), exclude=["password", "last_login"])
class User(AbstractUser):
    """A staff member, partner user or administrator. Scope follows from the active posting."""

    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    nip = models.CharField(_("NIP (civil-servant number)"), max_length=18, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    preferred_language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )

    objects: ClassVar[PimpasaUserManager] = PimpasaUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.full_name or self.username

    @cached_property
    def posting(self) -> StaffPosting | None:
        """Return the active posting with its unit and agency loaded, or None."""
        return (
            StaffPosting.objects.filter(user=self, active=True)
            .select_related("unit__parent", "unit__province", "agency__area")
            .first()
        )

    @property
    def roles(self) -> frozenset[str]:
        posting = self.posting
        return frozenset(posting.roles) if posting else frozenset()

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    @property
    def unit(self) -> Unit | None:
        posting = self.posting
        return posting.unit if posting else None

    @property
    def needs_second_factor(self) -> bool:
        return self.is_superuser or bool(self.roles & SECOND_FACTOR_ROLES)

    @cached_property
    def scope(self) -> Scope:
        return self._compute_scope()

    def get_scope(self) -> Scope:
        return self.scope

    def _compute_scope(self) -> Scope:
        if not self.is_active:
            return Scope.nothing()
        posting = self.posting
        if posting is None:
            return Scope(everything=self.is_superuser)
        if posting.agency_id is not None:
            return Scope(agency_ids=frozenset({posting.agency_id}))
        unit = posting.unit
        assert unit is not None
        if unit.kind in NATIONAL_KINDS:
            return Scope(everything=True)
        area = unit.area_codes()
        write: tuple[str, ...] | None = None
        roles = set(posting.roles)
        if Role.FIELD_OFFICER in roles and not roles - {Role.FIELD_OFFICER, Role.PASSPORT_OFFICER}:
            from pimpasa.organization.models import AppointmentVillage

            write = tuple(
                sorted(
                    AppointmentVillage.objects.filter(
                        appointment__officer=self, appointment__status="active"
                    ).values_list("village_id", flat=True)
                )
            )
        units = {unit.pk}
        if unit.kind != UnitKind.KANWIL:
            units |= set(unit.area_unit().children.values_list("pk", flat=True)) | {unit.area_unit().pk}
        return Scope(region_codes=area, write_village_codes=write, unit_ids=frozenset(units))


def _hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def usable(self) -> ApiTokenQuerySet:
        now = timezone.now()
        return self.filter(revoked_at__isnull=True).filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))


class ApiToken(models.Model):
    """A bearer token for integrations; only its SHA-256 is stored, the token is shown once."""

    PREFIX = "pmp_"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    key_prefix = models.CharField(_("key prefix"), max_length=16, db_index=True)
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["user", "name"], name="token_unique_name_per_user")]

    def __str__(self) -> str:
        return f"{self.name} ({self.key_prefix}…)"

    @classmethod
    def generate(cls) -> tuple[str, str, str]:
        """Return a new raw token, its display prefix and its hash."""
        raw = cls.PREFIX + secrets.token_urlsafe(32)
        return raw, raw[:12], _hash_token(raw)

    @classmethod
    def hash(cls, raw: str) -> str:
        return _hash_token(raw)
