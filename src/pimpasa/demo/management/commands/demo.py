"""``pimpasa demo load`` and ``pimpasa demo otp USERNAME``."""

from __future__ import annotations

import time
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from pimpasa.core.commands import AuditedCommand
from pimpasa.demo.services import DemoDataError, demo_load, demo_otp_code


class Command(AuditedCommand):
    help = "Load the demo organisation (idempotent), or print a demo user's current TOTP code."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="Create the demo offices, agencies, users and PIMPASA if missing.")
        load.add_argument(
            "--credentials",
            type=Path,
            help="Where to write the demo logins (default: var/demo-credentials.txt).",
        )
        otp = sub.add_parser("otp", help="Print the current TOTP code of a demo user (not in production).")
        otp.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["action"] == "load":
                self._load(options.get("credentials"))
            else:
                self._otp(options["username"])
        except DemoDataError as exc:
            raise CommandError(exc.message) from exc

    def _load(self, credentials: Path | None) -> None:
        started = time.monotonic()
        result = demo_load(credentials_path=credentials)
        created = ", ".join(f"{n} {what}" for what, n in result.created.items())
        self.stdout.write(f"Demo data loaded in {time.monotonic() - started:.1f} s (created: {created}).")
        if result.passwords_reset:
            self.stdout.write(
                self.style.WARNING(
                    "New passwords for users missing from the credentials file: "
                    + ", ".join(result.passwords_reset)
                )
            )
        self.stdout.write(f"Demo logins: {result.credentials_path}")

    def _otp(self, username: str) -> None:
        self.stdout.write(demo_otp_code(username=username))
