"""The roles a staff member can hold at a unit (DESIGN.md, "Users")."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    FIELD_OFFICER = "field_officer", _("Field officer (PIMPASA)")
    INTELLIGENCE = "intelligence", _("Intelligence staff")
    OFFICE_HEAD = "office_head", _("Office head")
    PASSPORT_OFFICER = "passport_officer", _("Passport officer")
    REGIONAL = "regional", _("Regional (Kanwil)")
    NATIONAL = "national", _("National (Ditjen)")
    PARTNER = "partner", _("Partner agency")
    ADMINISTRATOR = "administrator", _("Administrator")
    #: An integration account (the WhatsApp/SMS gateway): no pages, no case content.
    GATEWAY = "gateway", _("Message gateway (integration)")


#: Roles that must pass a TOTP second factor before they reach any page.
SECOND_FACTOR_ROLES = frozenset({Role.OFFICE_HEAD, Role.REGIONAL, Role.NATIONAL, Role.ADMINISTRATOR})

#: Roles that read the audit trail (regional: its own province only).
AUDIT_ROLES = frozenset({Role.ADMINISTRATOR, Role.NATIONAL, Role.REGIONAL})

#: Roles that read intelligence: the watchlist, confidential reporter identities, full NIK.
INTELLIGENCE_ROLES = frozenset({Role.INTELLIGENCE, Role.OFFICE_HEAD, Role.REGIONAL, Role.NATIONAL})

#: Roles that read case content (reports) within their scope; administrators and partners do not.
CASE_ROLES = frozenset(
    {Role.FIELD_OFFICER, Role.INTELLIGENCE, Role.OFFICE_HEAD, Role.REGIONAL, Role.NATIONAL}
)

#: Roles that read villages, their indicators, scores and DBI status within their scope.
VILLAGE_ROLES = frozenset(
    {
        Role.FIELD_OFFICER,
        Role.INTELLIGENCE,
        Role.OFFICE_HEAD,
        Role.PASSPORT_OFFICER,
        Role.REGIONAL,
        Role.NATIONAL,
    }
)

#: Roles that own national configuration: indicators, weights, categories, thresholds.
CONFIG_ROLES = frozenset({Role.NATIONAL})
