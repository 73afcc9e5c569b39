"""Kemendagri regions: provinsi, kabupaten/kota, kecamatan, desa/kelurahan."""

from __future__ import annotations

import re

import pghistory
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models import Case, F, Func, Q, Value, When
from django.db.models.functions import Concat
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pimpasa.core.scoping import PublicQuerySet, ancestor_codes


class Level(models.IntegerChoices):
    PROVINCE = 1, _("Province")
    REGENCY = 2, _("Regency/city")
    DISTRICT = 3, _("District")
    VILLAGE = 4, _("Village")


class Kind(models.TextChoices):
    PROVINSI = "provinsi", _("Provinsi")
    KABUPATEN = "kabupaten", _("Kabupaten")
    KOTA = "kota", _("Kota")
    KECAMATAN = "kecamatan", _("Kecamatan")
    DISTRIK = "distrik", _("Distrik")
    DESA = "desa", _("Desa")
    KELURAHAN = "kelurahan", _("Kelurahan")
    DESA_ADAT = "desa_adat", _("Desa adat")


KINDS_BY_LEVEL: dict[int, tuple[str, ...]] = {
    1: (Kind.PROVINSI,),
    2: (Kind.KABUPATEN, Kind.KOTA),
    3: (Kind.KECAMATAN, Kind.DISTRIK),
    4: (Kind.DESA, Kind.KELURAHAN, Kind.DESA_ADAT),
}


#: Text that reads as a region code or the start of one ("35", "35.02", "35.02.0").
CODE_PREFIX_RE = re.compile(r"\d{1,2}(\.\d{0,4})*")


class Fold(Func):
    """Return a text lower-cased and stripped of accents, as the name search index stores it.

    ``regions_fold`` is an immutable SQL wrapper around ``unaccent`` (migration 0002):
    only immutable functions may build an index, and the query must use the same
    expression for the planner to pick that index.
    """

    function = "regions_fold"
    output_field = models.TextField()


class RegionQuerySet(PublicQuerySet):
    def subtree(self, code: str, *, include_self: bool = True) -> RegionQuerySet:
        """Return the region ``code`` and everything below it (code-prefix index)."""
        q = Q(code__startswith=code + ".")
        if include_self:
            q |= Q(code=code)
        return self.filter(q)

    def villages(self) -> RegionQuerySet:
        return self.filter(level=Level.VILLAGE)

    def at_level(self, level: int) -> RegionQuerySet:
        return self.filter(level=level)

    def search(self, text: str) -> RegionQuerySet:
        """Return regions whose name contains ``text`` (ignoring case and accents), best first.

        Names starting with ``text`` come before names merely containing it, then
        higher levels before lower ones. Text that looks like a code ("35.02")
        matches codes by prefix instead.
        """
        text = " ".join(text.split())
        if CODE_PREFIX_RE.fullmatch(text):
            return self.filter(code__startswith=text).order_by("code")
        needle = Fold(Value(text))
        # A word of the name starting with the text ranks first: "pono" finds
        # "Kabupaten Ponorogo" before "Ponokawan", and both before "Liponoan".
        word_start = Q(folded__startswith=needle) | Q(folded__contains=Concat(Value(" "), needle))
        return (
            self.alias(folded=Fold(F("name")))
            .filter(folded__contains=needle)
            .alias(rank=Case(When(word_start, then=Value(0)), default=Value(1)))
            .order_by("rank", "level", "name", "code")
        )


@pghistory.track(pghistory.UpdateEvent("region.updated"), pghistory.DeleteEvent("region.deleted"))
class Region(models.Model):
    """A Kemendagri region identified by its dotted code (``35.02.01.2001``)."""

    code = models.CharField(_("code"), max_length=13, primary_key=True)
    name = models.CharField(_("name"), max_length=120)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        db_constraint=True,
    )
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    population_male = models.PositiveIntegerField(_("male population"), null=True, blank=True)
    population_female = models.PositiveIntegerField(_("female population"), null=True, blank=True)
    area_km2 = models.DecimalField(_("area (km²)"), max_digits=12, decimal_places=3, null=True, blank=True)

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]
        indexes = [
            # Subtree queries (LIKE 'prefix%' on codes) use the varchar_pattern_ops index Django
            # creates beside every varchar primary key (regions_region_code_…_like); a second
            # one here only slowed the import down (removed in migration 0002).
            models.Index(fields=["level", "code"], name="region_level_code"),
            # Name search: trigram index on the folded name serves LIKE '%text%'.
            GinIndex(OpClass(Fold(F("name")), name="gin_trgm_ops"), name="region_name_trgm"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(level__gte=1, level__lte=4), name="region_level_range"),
            models.CheckConstraint(
                condition=models.Q(latitude__gte=-90, latitude__lte=90) | models.Q(latitude__isnull=True),
                name="region_latitude_range",
            ),
            models.CheckConstraint(
                condition=models.Q(longitude__gte=-180, longitude__lte=180)
                | models.Q(longitude__isnull=True),
                name="region_longitude_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def get_absolute_url(self) -> str:
        return reverse("regions:detail", args=[self.code])

    @property
    def is_village(self) -> bool:
        return self.level == Level.VILLAGE

    def ancestor_codes(self) -> list[str]:
        return ancestor_codes(self.code)

    def ancestors(self) -> list[Region]:
        """Return the parent chain, province first (one query)."""
        by_code = {r.code: r for r in Region.objects.filter(code__in=self.ancestor_codes())}
        return [by_code[c] for c in self.ancestor_codes() if c in by_code]
