"""Units of the Directorate General, partner agencies, staff postings and PIMPASA appointments."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pghistory
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pimpasa.core.history import track_all
from pimpasa.core.roles import Role
from pimpasa.core.scoping import Scope, ScopedQuerySet, overlap_q, region_q

if TYPE_CHECKING:
    from pimpasa.regions.models import Region


class UnitKind(models.TextChoices):
    DITJEN = "ditjen", _("Directorate General")
    DIRECTORATE = "directorate", _("Directorate")
    KANWIL = "kanwil", _("Regional office (Kanwil)")
    KANIM = "kanim", _("Immigration office (Kanim)")
    RUDENIM = "rudenim", _("Detention centre (Rudenim)")
    UKK = "ukk", _("Service unit (UKK)")
    ULP = "ulp", _("Service unit (ULP)")


#: Units whose staff see the whole country.
NATIONAL_KINDS = frozenset({UnitKind.DITJEN, UnitKind.DIRECTORATE})
#: Units with a work area of kabupaten/kota.
AREA_KINDS = frozenset({UnitKind.KANIM, UnitKind.RUDENIM})
#: Satellite units that work inside their parent office's area.
SATELLITE_KINDS = frozenset({UnitKind.UKK, UnitKind.ULP})


class KanimClass(models.TextChoices):
    I_KHUSUS = "I_khusus", _("Class I Khusus")
    I = "I", _("Class I")  # noqa: E741 - the class is named "I"
    II = "II", _("Class II")
    III = "III", _("Class III")


class UnitQuerySet(ScopedQuerySet):
    def scope_filter(self, scope: Scope) -> Q:
        area = Q(pk__in=[])
        if scope.region_codes:
            area = (
                overlap_q("work_area__code", scope.region_codes)
                | region_q("province__code", scope.region_codes)
                | region_q("parent__work_area__code", scope.region_codes)
            )
        return area | Q(pk__in=scope.unit_ids)

    def offices(self) -> UnitQuerySet:
        return self.filter(kind__in=AREA_KINDS)


@pghistory.track(*track_all())
class Unit(models.Model):
    """An organisational unit: the Ditjen, a directorate, a Kanwil, a Kanim, a Rudenim or a service unit."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    kanim_class = models.CharField(_("office class"), max_length=10, choices=KanimClass.choices, blank=True)
    has_tpi = models.BooleanField(_("has a border checkpoint (TPI)"), default=False)
    province = models.ForeignKey(
        "regions.Region",
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": 1},
    )
    work_area: models.ManyToManyField[Region, WorkAreaRegion] = models.ManyToManyField(
        "regions.Region",
        verbose_name=_("work area"),
        blank=True,
        related_name="units",
        limit_choices_to={"level": 2},
        through="WorkAreaRegion",
    )
    address = models.TextField(_("address"), blank=True)
    active = models.BooleanField(_("active"), default=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="kanim") | Q(kanim_class=""), name="unit_class_only_for_kanim"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organization:unit_detail", args=[self.code])

    @property
    def tpi_label(self) -> str:
        return "TPI" if self.has_tpi else "Non TPI"

    def area_unit(self) -> Unit:
        """Return the unit whose work area this unit works in (a satellite's parent office)."""
        if self.kind in SATELLITE_KINDS and self.parent_id:
            assert self.parent is not None
            return self.parent
        return self

    def area_codes(self) -> tuple[str, ...]:
        """Return the region codes this unit reads: its work area, or its province for a Kanwil."""
        unit = self.area_unit()
        if unit.kind == UnitKind.KANWIL:
            return (unit.province_id,) if unit.province_id else ()
        return tuple(sorted(unit.work_area.values_list("code", flat=True)))

    def region_code(self) -> str:
        """Return the region code that places this unit on the audit trail."""
        if self.province_id:
            return self.province_id
        # An office is placed at its work area when that is one kabupaten/kota, else at its province.
        codes = self.area_codes()
        if len(codes) == 1:
            return codes[0]
        provinces = {c.split(".")[0] for c in codes}
        return provinces.pop() if len(provinces) == 1 else ""


@pghistory.track(*track_all())
class WorkAreaRegion(models.Model):
    """One kabupaten/kota in a unit's work area."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="work_area_links")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("work area region")
        verbose_name_plural = _("work area regions")
        constraints = [models.UniqueConstraint(fields=["unit", "region"], name="work_area_unique")]

    def __str__(self) -> str:
        return f"{self.unit} – {self.region_id}"


class AgencyKind(models.TextChoices):
    POLICE = "police", _("Police (Polri)")
    ARMY = "army", _("Army (TNI)")
    PROSECUTOR = "prosecutor", _("Prosecutor (Kejaksaan)")
    MANPOWER = "manpower", _("Manpower office (Disnaker)")
    CIVIL_REGISTRY = "civil_registry", _("Civil registry (Dukcapil)")
    RELIGIOUS_AFFAIRS = "religious_affairs", _("Religious affairs (Kemenag)")
    MIGRANT_PROTECTION = "migrant_protection", _("Migrant worker protection (BP3MI/KP2MI)")
    LOCAL_GOVERNMENT = "local_government", _("Local government")
    VILLAGE_GOVERNMENT = "village_government", _("Village government")
    NGO = "ngo", _("Non-governmental organisation")
    OTHER = "other", _("Other")


class PartnerAgencyQuerySet(ScopedQuerySet):
    def scope_filter(self, scope: Scope) -> Q:
        q = Q(pk__in=scope.agency_ids)
        if scope.region_codes:
            q |= overlap_q("area__code", scope.region_codes)
        return q


@pghistory.track(*track_all())
class PartnerAgency(models.Model):
    """An agency the offices work with (TIMPORA members, BP3MI, NGOs, village governments, …)."""

    kind = models.CharField(_("kind"), max_length=30, choices=AgencyKind.choices)
    name = models.CharField(_("name"), max_length=200)
    area = models.ForeignKey(
        "regions.Region", verbose_name=_("area"), on_delete=models.PROTECT, related_name="partner_agencies"
    )
    address = models.TextField(_("address"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=150, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    active = models.BooleanField(_("active"), default=True)

    objects = PartnerAgencyQuerySet.as_manager()

    class Meta:
        verbose_name = _("partner agency")
        verbose_name_plural = _("partner agencies")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["name", "area"], name="agency_unique_name_area")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organization:agency_detail", args=[self.pk])


class PostingQuerySet(ScopedQuerySet):
    def scope_filter(self, scope: Scope) -> Q:
        q = Q(unit__in=Unit.objects.within(scope).values("pk"))
        return q | Q(agency_id__in=scope.agency_ids)

    def active(self) -> PostingQuerySet:
        return self.filter(active=True)


@pghistory.track(*track_all())
class StaffPosting(models.Model):
    """A user's place of work: a unit (or, for partner users, an agency) and the roles held there."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="postings"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="postings"
    )
    agency = models.ForeignKey(
        PartnerAgency,
        verbose_name=_("partner agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="postings",
    )
    roles = ArrayField(models.CharField(max_length=30, choices=Role.choices), verbose_name=_("roles"))
    position = models.CharField(_("position"), max_length=150, blank=True)
    active = models.BooleanField(_("active"), default=True)
    started_on = models.DateField(_("started on"), null=True, blank=True)

    objects = PostingQuerySet.as_manager()

    class Meta:
        verbose_name = _("staff posting")
        verbose_name_plural = _("staff postings")
        ordering = ["user__username"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(unit__isnull=False) & Q(agency__isnull=True))
                | (Q(unit__isnull=True) & Q(agency__isnull=False)),
                name="posting_unit_xor_agency",
            ),
            models.UniqueConstraint(fields=["user"], condition=Q(active=True), name="posting_one_active"),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.unit or self.agency}"

    @property
    def role_labels(self) -> list[str]:
        """Return the translated names of the roles, in the order of ``Role``."""
        return [str(role.label) for role in Role if role.value in self.roles]

    def region_code(self) -> str:
        """Return the region code that places events about this posting on the audit trail."""
        if self.unit is not None:
            return self.unit.region_code()
        if self.agency is not None:
            return self.agency.area_id
        return ""


class AppointmentStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    ENDED = "ended", _("Ended")


class AppointmentQuerySet(ScopedQuerySet):
    def scope_filter(self, scope: Scope) -> Q:
        return Q(unit__in=Unit.objects.within(scope).values("pk"))

    def active(self) -> AppointmentQuerySet:
        return self.filter(status=AppointmentStatus.ACTIVE)


@pghistory.track(*track_all())
class PimpasaAppointment(models.Model):
    """A decree appointing an officer as PIMPASA (Petugas Imigrasi Pembina Desa) for villages."""

    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("officer"),
        on_delete=models.PROTECT,
        related_name="pimpasa_appointments",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="pimpasa_appointments"
    )
    decree_number = models.CharField(_("decree (SK) number"), max_length=120)
    decree_date = models.DateField(_("decree date"))
    status = models.CharField(
        _("status"), max_length=12, choices=AppointmentStatus.choices, default=AppointmentStatus.ACTIVE
    )
    villages: models.ManyToManyField[Region, AppointmentVillage] = models.ManyToManyField(
        "regions.Region", verbose_name=_("villages"), through="AppointmentVillage", related_name="+"
    )

    objects = AppointmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("PIMPASA appointment")
        verbose_name_plural = _("PIMPASA appointments")
        ordering = ["-decree_date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["officer", "unit"], condition=Q(status="active"), name="appointment_one_active"
            ),
        ]

    def __str__(self) -> str:
        return f"PIMPASA {self.officer} – {self.decree_number}"

    def get_absolute_url(self) -> str:
        return reverse("organization:appointment_detail", args=[self.pk])


@pghistory.track(*track_all())
class AppointmentVillage(models.Model):
    """A village assigned to a PIMPASA appointment."""

    appointment = models.ForeignKey(
        PimpasaAppointment, on_delete=models.CASCADE, related_name="village_links"
    )
    village = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("assigned village")
        verbose_name_plural = _("assigned villages")
        constraints = [
            models.UniqueConstraint(fields=["appointment", "village"], name="appointment_village_unique")
        ]

    def __str__(self) -> str:
        return f"{self.appointment_id} – {self.village_id}"
