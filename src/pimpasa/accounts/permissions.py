"""Who may manage whose credentials. Reads go through the selectors, which start from the user."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from pimpasa.core.errors import PermissionDenied
from pimpasa.core.roles import Role

#: The actor used by commands that run with no signed-in user (``pimpasa token …``).
SYSTEM = None


def is_account_admin(actor: Any) -> bool:
    """Return whether ``actor`` administers accounts: the system, a superuser or an administrator."""
    if actor is SYSTEM:
        return True
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return False
    return bool(actor.is_superuser or actor.has_role(Role.ADMINISTRATOR))


def can_manage_credentials_of(actor: Any, user: Any) -> bool:
    """Users manage their own password and tokens; account administrators manage anyone's."""
    if is_account_admin(actor):
        return True
    return bool(getattr(actor, "is_authenticated", False) and actor.is_active and actor.pk == user.pk)


def ensure_can_manage_credentials_of(actor: Any, user: Any) -> None:
    if not can_manage_credentials_of(actor, user):
        raise PermissionDenied(_("You may not change the credentials of this user."))
