"""``pimpasa token create|list|revoke``: API tokens for integrations."""

from __future__ import annotations

import datetime as dt
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import CommandError, no_translations
from django.utils import timezone

from pimpasa.accounts import selectors, services
from pimpasa.accounts.models import User
from pimpasa.accounts.permissions import SYSTEM
from pimpasa.core.commands import AuditedCommand
from pimpasa.core.errors import DomainError


def _when(value: dt.datetime | None) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else "-"


class Command(AuditedCommand):
    help = "Create, list and revoke API tokens. A new token is printed once; only its hash is kept."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{create,list,revoke}")
        create = sub.add_parser("create", help="Create a token for USERNAME and print it once.")
        create.add_argument("username")
        create.add_argument("--name", required=True, help="What the token is for (unique per user).")
        create.add_argument("--days", type=int, default=None, help="Days until it expires (default: never).")
        listing = sub.add_parser("list", help="List tokens, of one user or of everyone.")
        listing.add_argument("username", nargs="?")
        revoke = sub.add_parser("revoke", help="Revoke a token by its id or its prefix.")
        revoke.add_argument("ref", metavar="ID|PREFIX")
        revoke.add_argument("--reason", default="", help="Why, for the audit trail.")

    @no_translations  # operator output in English, like the command's own messages
    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, f"_{options['action']}")(**options)
        except DomainError as exc:
            raise CommandError(exc.message) from exc

    def _create(self, *, username: str, name: str, days: int | None, **_: Any) -> None:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        token, raw = services.token_create(actor=SYSTEM, user=user, name=name, days=days)
        self.stderr.write(
            f"Token {token.pk} ({token.key_prefix}…) for {user.username}, expires {_when(token.expires_at)}."
            " Copy it now; it is not shown again:"
        )
        # The raw token alone on stdout, so scripts can capture it.
        self.stdout.write(raw)

    def _list(self, *, username: str | None, **_: Any) -> None:
        if username and not User.objects.filter(username=username).exists():
            raise CommandError(f"No user named {username!r}.")
        rows = [("ID", "PREFIX", "USER", "NAME", "CREATED", "EXPIRES", "LAST USED", "REVOKED")]
        for t in selectors.token_list_all(username=username):
            rows.append(
                (
                    str(t.pk),
                    t.key_prefix,
                    t.user.username,
                    t.name,
                    _when(t.created_at),
                    _when(t.expires_at),
                    _when(t.last_used_at),
                    _when(t.revoked_at),
                )
            )
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
        for row in rows:
            self.stdout.write("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())

    def _revoke(self, *, ref: str, reason: str, **_: Any) -> None:
        token = selectors.token_find(ref=ref)
        if token is None:
            raise CommandError(f"No single token with id or prefix {ref!r}.")
        services.token_revoke(actor=SYSTEM, token=token, reason=reason)
        self.stdout.write(f"Revoked token {token.pk} ({token.key_prefix}…) of {token.user.username}.")
