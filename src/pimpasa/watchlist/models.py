"""Persons and organisations of interest, their name keys for retrieval, and the watchlist settings."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pghistory
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Left, Length
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pimpasa.core.history import track_all

from . import permissions


class Kind(models.TextChoices):
    PERSON = "person", _("Person")
    ORGANIZATION = "organization", _("Organisation")


class Status(models.TextChoices):
    ACTIVE = "active", _("Active")
    INACTIVE = "inactive", _("Inactive")


#: Which status may follow which (an entry is taken off the list, or put back on it).
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    Status.ACTIVE: frozenset({Status.INACTIVE}),
    Status.INACTIVE: frozenset({Status.ACTIVE}),
}


class Sex(models.TextChoices):
    MALE = "L", _("Male")
    FEMALE = "P", _("Female")


class WatchlistEntryQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> WatchlistEntryQuerySet:
        """Return every entry for readers of the watchlist (intelligence roles), none for anyone else."""
        return self.all() if permissions.can_read(user) else self.none()

    def active(self) -> WatchlistEntryQuerySet:
        return self.filter(status=Status.ACTIVE)


# Changes and deletions only: pghistory's insert trigger opens a subtransaction per row, which
# made a 10^5-row import take minutes (subtransaction overflow). Creation is on the timeline
# (``watchlist.created``, or the import batch) and in the row itself (created_by, created_at).
@pghistory.track(pghistory.UpdateEvent(), pghistory.DeleteEvent())
class WatchlistEntry(models.Model):
    """A person or organisation of interest: names and aliases, identifiers, why, and who owns it."""

    ref = models.SlugField(_("reference"), max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.PERSON)
    full_name = models.CharField(_("full name"), max_length=200)
    aliases = ArrayField(
        models.CharField(max_length=200), verbose_name=_("aliases"), default=list, blank=True
    )
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    nik = models.CharField(_("NIK"), max_length=16, blank=True)
    #: Indonesian numbers in E.164 (+62…), as ``lokal-id`` normalises them.
    phones = ArrayField(models.CharField(max_length=16), verbose_name=_("phones"), default=list, blank=True)
    reason = models.TextField(_("reason for listing"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    unit = models.ForeignKey(
        "organization.Unit",
        verbose_name=_("owning office"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="watchlist_entries",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    #: When the entry was (last) put on the list, and taken off it.
    activated_at = models.DateTimeField(_("active since"), null=True, blank=True)
    deactivated_at = models.DateTimeField(_("inactive since"), null=True, blank=True)

    objects = WatchlistEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("watchlist entry")
        verbose_name_plural = _("watchlist entries")
        ordering = ["full_name", "ref"]
        indexes = [
            models.Index(fields=["nik"], name="watchlist_entry_nik", condition=~Q(nik="")),
            GinIndex(fields=["phones"], name="watchlist_entry_phones"),
            models.Index(fields=["status", "kind"], name="watchlist_entry_status_kind"),
            models.Index(fields=["birth_date"], name="watchlist_entry_birth_date"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(nik="") | Q(nik__regex=r"^\d{16}$"), name="watchlist_entry_nik_digits"
            ),
            models.CheckConstraint(
                condition=Q(kind="person") | (Q(nik="") & Q(birth_date__isnull=True) & Q(sex="")),
                name="watchlist_entry_organization_no_personal_data",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.ref})"

    def get_absolute_url(self) -> str:
        return reverse("watchlist:detail", args=[self.ref])

    @property
    def is_active(self) -> bool:
        return self.status == Status.ACTIVE

    def region_code(self) -> str:
        """Return the region code that places events about this entry on the audit trail."""
        return self.unit.region_code() if self.unit is not None else ""


class WatchlistName(models.Model):
    """One name of an entry (its full name or an alias) as search keys, for retrieval.

    ``key`` is the normalised name (``matching.search_key``) under a trigram index: text
    search in the list, and the fallback for names without a distinctive word. ``tokens``
    holds its words and adjacent words joined (``matching.index_tokens``) under an array
    index: the search takes the names sharing (a spelling of) the query's words, which
    stays fast when a word such as "siti" or "budi" is in thousands of names, where a
    trigram scan of the whole name would read them all. A row per name keeps each alias
    its own candidate. Services rewrite an entry's rows whenever its names change.
    """

    entry = models.ForeignKey(WatchlistEntry, on_delete=models.CASCADE, related_name="name_keys")
    key = models.TextField(_("search key"))
    tokens = ArrayField(models.TextField(), verbose_name=_("search tokens"), default=list)

    class Meta:
        verbose_name = _("watchlist name key")
        verbose_name_plural = _("watchlist name keys")
        indexes = [
            GinIndex(fields=["key"], opclasses=["gin_trgm_ops"], name="watchlist_name_key_trgm"),
            GinIndex(fields=["tokens"], name="watchlist_name_tokens"),
        ]
        constraints = [models.UniqueConstraint(fields=["entry", "key"], name="watchlist_name_unique")]

    def __str__(self) -> str:
        return self.key


class WatchlistToken(models.Model):
    """A word of some watchlist name (normalised), under a trigram index to find its spellings.

    Only added to, never pruned: a word no name uses any more finds no candidates.
    """

    token = models.TextField(_("token"), primary_key=True)

    class Meta:
        verbose_name = _("watchlist name token")
        verbose_name_plural = _("watchlist name tokens")
        indexes = [
            GinIndex(fields=["token"], opclasses=["gin_trgm_ops"], name="watchlist_token_trgm"),
            # Words of a length starting with a letter: typos that break trigrams ("spoian").
            models.Index(Left("token", 1), Length("token"), name="watchlist_token_start_length"),
        ]

    def __str__(self) -> str:
        return self.token


DEFAULT_MATCH_THRESHOLD = Decimal("0.75")


@pghistory.track(*track_all())
class WatchlistSettings(models.Model):
    """The one row of watchlist settings (seeded by a migration, changed by national staff)."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    match_threshold = models.DecimalField(
        _("match threshold"),
        max_digits=3,
        decimal_places=2,
        default=DEFAULT_MATCH_THRESHOLD,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
        help_text=_("Candidates scoring at least this (0-1) are shown as matches."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("watchlist settings")
        verbose_name_plural = _("watchlist settings")
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="watchlist_settings_singleton"),
            models.CheckConstraint(
                condition=Q(match_threshold__gte=0) & Q(match_threshold__lte=1),
                name="watchlist_settings_threshold_range",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Watchlist settings"))


class WatchlistImport(models.Model):
    """One imported watchlist file: who loaded it, its checksum, and what it created or updated."""

    file_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    rows = models.PositiveIntegerField(_("rows"))
    created = models.PositiveIntegerField(_("created"))
    updated = models.PositiveIntegerField(_("updated"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("imported"), auto_now_add=True)

    class Meta:
        verbose_name = _("watchlist import")
        verbose_name_plural = _("watchlist imports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.rows})"
